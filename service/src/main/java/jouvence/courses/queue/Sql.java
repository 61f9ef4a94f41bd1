package jouvence.courses.queue;

import jouvence.courses.RestoreRequest;
import jouvence.courses.Status;
import jouvence.db.Jdbc;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** The restore queue's use of {@link Jdbc}: its rows read as {@link RestoreRequest}s. */
final class Sql extends Jdbc {

    Sql(DataSource db) {
        super(db);
    }

    List<RestoreRequest> query(String sql, Object... args) {
        return query(Sql::map, sql, args);
    }

    static List<RestoreRequest> all(PreparedStatement ps) throws SQLException {
        return all(ps, Sql::map);
    }

    static Optional<RestoreRequest> one(PreparedStatement ps) throws SQLException {
        return one(ps, Sql::map);
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

}
