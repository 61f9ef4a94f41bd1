package jouvence.check;

import com.zaxxer.hikari.HikariDataSource;
import jouvence.JouvenceConfig;
import jouvence.db.Database;
import jouvence.observe.DatabaseCheck;

import java.time.Clock;

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
            String problem = Database.schemaProblem(settings);
            if (problem == null) {
                report.ok("database schema", "up to date");
            } else {
                report.failed("database schema", problem);
            }
        } catch (RuntimeException e) {
            report.failed("database", where + ": " + e.getMessage());
        }
    }
}
