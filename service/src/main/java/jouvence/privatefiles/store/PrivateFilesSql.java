package jouvence.privatefiles.store;

import jouvence.privatefiles.PrivateFilesEvent;
import jouvence.privatefiles.PrivateFilesRequest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** The plumbing the private files' store shares (as the folders' FolderSql): run, bind, map a row. */
final class PrivateFilesSql {

    interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private final DataSource db;

    PrivateFilesSql(DataSource db) {
        this.db = db;
    }

    int update(String sql, Object... args) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    <T> List<T> query(Row<T> row, String sql, Object... args) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            List<T> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(row.map(rs));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
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

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
