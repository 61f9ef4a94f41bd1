package jouvence.folders.store;

import jouvence.folders.FolderEvent;
import jouvence.folders.FolderRecord;
import jouvence.folders.FolderSet;
import jouvence.folders.GroupMode;
import jouvence.folders.ShareRecord;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** The plumbing the folder store's classes share (as {@code jouvence.courses.queue}'s Sql): run, bind, map a row. */
final class FolderSql {

    /** Reads one row. */
    interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private final DataSource db;

    FolderSql(DataSource db) {
        this.db = db;
    }

    Connection connection() throws SQLException {
        return db.getConnection();
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
            return all(ps, row);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static <T> List<T> all(PreparedStatement ps, Row<T> row) throws SQLException {
        List<T> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(row.map(rs));
            }
        }
        return rows;
    }

    static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
    }

    static FolderSet set(ResultSet rs) throws SQLException {
        return new FolderSet(rs.getLong("id"), rs.getLong("course_id"), nullableLong(rs, "cmid"), rs.getString("name"),
                GroupMode.of(rs.getString("group_mode")), nullableLong(rs, "grouping_id"),
                rs.getBoolean("teacher_access"), rs.getString("origin"), rs.getString("created_by"),
                rs.getBoolean("managed"), rs.getString("state"), instant(rs, "next_attempt_at"), rs.getInt("attempts"),
                rs.getString("claimed_by"), instant(rs, "lease_until"), rs.getLong("version"),
                rs.getString("last_error"), instant(rs, "last_reconciled_at"), instant(rs, "created_at"),
                instant(rs, "modified_at"));
    }

    static FolderRecord folder(ResultSet rs) throws SQLException {
        return new FolderRecord(rs.getLong("id"), rs.getLong("folder_set_id"), rs.getString("kind"),
                nullableLong(rs, "group_id"), rs.getString("group_name"), rs.getString("path"),
                nullableLong(rs, "file_id"), rs.getString("state"), rs.getBoolean("wanted"), rs.getString("error"),
                instant(rs, "modified_at"));
    }

    static ShareRecord share(ResultSet rs) throws SQLException {
        long permissions = rs.getLong("permissions");
        Integer granted = rs.wasNull() ? null : (int) permissions;
        return new ShareRecord(rs.getLong("id"), rs.getLong("folder_id"), rs.getLong("moodle_user_id"),
                rs.getString("moodle_username"), rs.getString("cloud_user_id"), nullableLong(rs, "share_id"), granted,
                rs.getString("state"), rs.getString("error"), instant(rs, "modified_at"));
    }

    static FolderEvent event(ResultSet rs) throws SQLException {
        return new FolderEvent(instant(rs, "at"), rs.getString("step"), rs.getString("outcome"),
                rs.getString("message"), rs.getString("instance"));
    }

    static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
