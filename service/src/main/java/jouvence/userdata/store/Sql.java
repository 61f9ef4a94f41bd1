package jouvence.userdata.store;

import jouvence.userdata.ImportStatus;
import jouvence.userdata.UserDataEvent;
import jouvence.userdata.UserDataImport;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;

/** The plumbing of the user-data store (as the folders' FolderSql): run, bind, map a row. */
final class Sql {

    interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private final DataSource db;

    Sql(DataSource db) {
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

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
