package jouvence.userdata.store;

import jouvence.db.Jdbc;
import jouvence.userdata.ImportStatus;
import jouvence.userdata.UserDataEvent;
import jouvence.userdata.UserDataImport;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;

/** The user-data store's use of {@link Jdbc}: its rows read as imports and events. */
final class Sql extends Jdbc {

    Sql(DataSource db) {
        super(db);
    }

    static UserDataImport importRow(ResultSet rs) throws SQLException {
        return new UserDataImport(rs.getLong("id"), rs.getString("server"), rs.getString("username"),
                rs.getString("origin"), rs.getString("requested_by"), ImportStatus.of(rs.getInt("status")),
                rs.getInt("attempts"), rs.getLong("version"), lines(rs.getString("written"), ", "),
                lines(rs.getString("warnings"), "\n"), rs.getString("last_error"), instant(rs, "created_at"),
                instant(rs, "modified_at"), instant(rs, "next_attempt_at"), instant(rs, "finished_at"));
    }

    static UserDataEvent event(ResultSet rs) throws SQLException {
        return new UserDataEvent(instant(rs, "at"), rs.getString("step"), rs.getString("outcome"),
                rs.getString("message"), rs.getString("instance"));
    }

    private static List<String> lines(String text, String separator) {
        return text == null || text.isEmpty() ? List.of() : Arrays.asList(text.split(separator));
    }
}
