package jouvence.privatefiles.store;

import jouvence.db.Jdbc;
import jouvence.privatefiles.PrivateFilesEvent;
import jouvence.privatefiles.PrivateFilesRequest;

import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/** The private files' store's use of {@link Jdbc}: its rows read as requests and events. */
final class PrivateFilesSql extends Jdbc {

    PrivateFilesSql(DataSource db) {
        super(db);
    }

    static PrivateFilesRequest request(ResultSet rs) throws SQLException {
        return new PrivateFilesRequest(rs.getLong("id"), rs.getString("server_id"), rs.getString("username"),
                rs.getString("web_session") != null, rs.getString("lang"), rs.getInt("state"),
                instant(rs, "next_attempt_at"), rs.getInt("attempts"), rs.getString("claimed_by"),
                rs.getLong("version"), rs.getString("summary"), rs.getString("last_error"), instant(rs, "created_at"),
                instant(rs, "modified_at"), instant(rs, "finished_at"));
    }

    static PrivateFilesEvent event(ResultSet rs) throws SQLException {
        return new PrivateFilesEvent(instant(rs, "at"), rs.getString("step"), rs.getString("outcome"),
                rs.getString("message"), rs.getString("instance"));
    }
}
