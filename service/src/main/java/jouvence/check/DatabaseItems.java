package jouvence.check;

import com.zaxxer.hikari.HikariDataSource;
import jouvence.JouvenceConfig;
import jouvence.db.Database;
import jouvence.observe.DatabaseCheck;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;

/** The queue's database: does it answer (readiness's own check and limits), is its schema this Jouvence's. */
final class DatabaseItems {

    private DatabaseItems() {
    }

    static void check(JouvenceConfig.Database settings, CheckReport report) {
        String where = settings.url() == null ? "" : settings.url().replaceAll("\\?.*", ""); // no password in a query
        if (where.isBlank()) {
            report.failed("database", JouvenceConfig.Database.NO_URL);
            report.needs("database schema", "database");
            return;
        }
        try (HikariDataSource pool = Database.checkPool(settings)) {
            DatabaseCheck.Result answer = new DatabaseCheck(pool, settings.checkTimeout(), Clock.systemUTC()).checkNow();
            if (!answer.ok()) {
                report.failed("database", where + ": " + answer.problem()
                        + " (check jouvence.db.url, .username, .password and the network)");
                report.needs("database schema", "database");
                return;
            }
            report.ok("database", "answers at " + where + " as " + settings.username());
            Database.Schema schema = Database.schema(settings);
            if (schema.problem() != null) {
                report.failed("database schema", schema.problem());
            } else if (schema.pending().isEmpty()) {
                report.ok("database schema", "up to date");
            } else {
                pending(schema.pending(), pool, settings.username(), report);
            }
        } catch (RuntimeException e) {
            report.failed("database", where + ": " + e.getMessage());
        }
    }

    /** A new or older schema: fine if the service may create what its migrations create when it starts. */
    private static void pending(List<String> versions, DataSource pool, String user, CheckReport report) {
        String what = versions.size() + " migration(s) to apply when the service starts (" + String.join(", ", versions)
                + ")";
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_schema(), has_schema_privilege(current_schema(), 'CREATE')")) {
            rs.next();
            if (rs.getBoolean(2)) {
                report.ok("database schema", what + "; " + user + " may create tables in schema " + rs.getString(1));
            } else {
                report.failed("database schema", what + ", but " + user + " may not create tables in schema "
                        + rs.getString(1) + ": GRANT CREATE ON SCHEMA " + rs.getString(1) + " TO " + user);
            }
        } catch (SQLException e) {
            report.failed("database schema", what + "; could not read " + user + "'s rights: " + e.getMessage());
        }
    }
}
