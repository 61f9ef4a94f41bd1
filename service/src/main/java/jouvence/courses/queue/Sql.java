package jouvence.courses.queue;

import jouvence.courses.RestoreRequest;
import jouvence.courses.Status;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** The plumbing the queue's classes share: run a statement, bind its parameters, read a row. */
final class Sql {

    private final DataSource db;

    Sql(DataSource db) {
        this.db = db;
    }

    DataSource dataSource() {
        return db;
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

    List<RestoreRequest> query(String sql, Object... args) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return all(ps);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    long count(String sql, Object... args) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<RestoreRequest> all(PreparedStatement ps) throws SQLException {
        List<RestoreRequest> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(map(rs));
            }
        }
        return rows;
    }

    static Optional<RestoreRequest> one(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(map(rs)) : Optional.empty();
        }
    }

    static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
    }

    static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    static RestoreRequest map(ResultSet rs) throws SQLException {
        Array warnings = rs.getArray("warnings");
        return new RestoreRequest(
                rs.getLong("id"), Status.of(rs.getInt("status")), rs.getString("server_id"), rs.getLong("remote_course_id"),
                rs.getString("remote_course_name"), rs.getString("requester_username"), nullableLong(rs, "requester_userid"),
                rs.getString("scheduled_by"), rs.getString("category"), nullableLong(rs, "target_category_id"),
                rs.getBoolean("with_user_data"), rs.getInt("enrolment_mode"), nullableLong(rs, "restored_course_id"),
                rs.getString("step"), rs.getInt("attempts"), instant(rs, "next_attempt_at"), rs.getString("claimed_by"),
                instant(rs, "lease_until"), rs.getLong("version"), rs.getString("last_error_step"),
                rs.getString("last_error_code"), rs.getString("last_error_message"),
                warnings == null ? List.of() : Arrays.asList((String[]) warnings.getArray()),
                rs.getString("archive_path"), nullableLong(rs, "archive_bytes"), rs.getString("archive_fullname"),
                rs.getString("archive_shortname"), rs.getString("archive_release"),
                (Boolean) rs.getObject("archive_includes_users"), instant(rs, "created_at"), instant(rs, "modified_at"),
                instant(rs, "processed_at"), rs.getString("source"), rs.getString("external_ref"));
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
