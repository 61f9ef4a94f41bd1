package jouvence.courses.queue;

import jouvence.courses.RequestEvent;
import jouvence.courses.RestoreRequest;
import jouvence.courses.Status;
import jouvence.courses.queue.RequestRepository.QueueSnapshot;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The read side of the queue: one request, lists and searches, a request's history, the queue as a whole. */
public class RequestQueries {

    /** The columns the admins' console may sort by: a whitelist, never a column name taken from the request. */
    public static final Map<String, String> SORT_COLUMNS = Map.of("id", "id", "created", "created_at", "status", "status");

    /** The filters of every list and search; a null filter matches everything. */
    private static final String WHERE = """
             WHERE (?::smallint IS NULL OR status = ?::smallint) AND (?::text IS NULL OR requester_username = ?::text)
               AND (?::text IS NULL OR server_id = ?::text)
               AND (?::timestamptz IS NULL OR created_at >= ?::timestamptz)
               AND (?::timestamptz IS NULL OR created_at < ?::timestamptz)""";

    static final String QUEUE_COUNTS = "SELECT server_id, status, count(*) FROM restore_request GROUP BY server_id, status";
    static final String OLDEST_DUE = """
            SELECT COALESCE(EXTRACT(EPOCH FROM now() - min(next_attempt_at)), 0) FROM restore_request
             WHERE status IN (0, 3) AND next_attempt_at <= now()""";

    private final Sql sql;

    RequestQueries(Sql sql) {
        this.sql = sql;
    }

    public Optional<RestoreRequest> find(long id) {
        return sql.query("SELECT * FROM restore_request WHERE id = ?", id).stream().findFirst();
    }

    /** Requests created between two instants (null = open), newest first; a null filter matches everything. */
    public List<RestoreRequest> list(Status status, String requester, String serverId, Instant from, Instant to,
                                     int limit, int offset) {
        return search(status, requester, serverId, from, to, "id", false, limit, offset);
    }

    /** {@link #list} with a sort: {@code sort} is a key of {@link #SORT_COLUMNS} (anything else sorts by id). */
    public List<RestoreRequest> search(Status status, String requester, String serverId, Instant from, Instant to,
                                       String sort, boolean ascending, int limit, int offset) {
        String column = SORT_COLUMNS.getOrDefault(sort == null ? "id" : sort, "id");
        String direction = ascending ? "ASC" : "DESC";
        Object[] filters = filters(status, requester, serverId, from, to);
        Object[] args = Arrays.copyOf(filters, filters.length + 2);
        args[filters.length] = limit;
        args[filters.length + 1] = offset;
        return sql.query("SELECT * FROM restore_request " + WHERE + " ORDER BY " + column + " " + direction + ", id "
                + direction + " LIMIT ? OFFSET ?", args);
    }

    /** How many requests {@link #search} would find without paging. */
    public long count(Status status, String requester, String serverId, Instant from, Instant to) {
        return sql.count("SELECT count(*) FROM restore_request " + WHERE, filters(status, requester, serverId, from, to));
    }

    private static Object[] filters(Status status, String requester, String serverId, Instant from, Instant to) {
        Integer code = status == null ? null : status.code;
        return new Object[] {code, code, requester, requester, serverId, serverId, Sql.ts(from), Sql.ts(from),
                Sql.ts(to), Sql.ts(to)};
    }

    /** Every request for these remote courses of one server, whoever asked, newest first (the teachers' page). */
    public List<RestoreRequest> forCourses(String serverId, Collection<Long> courseIds) {
        if (courseIds.isEmpty()) {
            return List.of();
        }
        try (Connection c = sql.connection(); PreparedStatement ps = c.prepareStatement(
                "SELECT * FROM restore_request WHERE server_id = ? AND remote_course_id = ANY(?) ORDER BY id DESC")) {
            Sql.bind(ps, serverId, c.createArrayOf("bigint", courseIds.toArray()));
            return Sql.all(ps);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Requests that ended in error since {@code since}, for the admins' digest. */
    public List<RestoreRequest> failedSince(Instant since) {
        return sql.query("SELECT * FROM restore_request WHERE status = -1 AND processed_at >= ? ORDER BY id", Sql.ts(since));
    }

    public List<RequestEvent> events(long requestId) {
        List<RequestEvent> events = new ArrayList<>();
        try (Connection c = sql.connection();
             PreparedStatement ps = c.prepareStatement("SELECT * FROM request_event WHERE request_id = ? ORDER BY id")) {
            ps.setLong(1, requestId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    events.add(new RequestEvent(rs.getLong("id"), rs.getTimestamp("at").toInstant(), rs.getString("step"),
                            rs.getString("outcome"), Sql.nullableLong(rs, "duration_ms"), rs.getString("message"),
                            rs.getString("instance")));
                }
            }
            return events;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public QueueSnapshot queueSnapshot() {
        try (Connection c = sql.connection(); PreparedStatement counts = c.prepareStatement(QUEUE_COUNTS);
             PreparedStatement oldest = c.prepareStatement(OLDEST_DUE)) {
            Map<String, Map<Status, Long>> byServer = new TreeMap<>();
            try (ResultSet rs = counts.executeQuery()) {
                while (rs.next()) {
                    byServer.computeIfAbsent(rs.getString(1), k -> new EnumMap<>(Status.class))
                            .put(Status.of(rs.getInt(2)), rs.getLong(3));
                }
            }
            try (ResultSet rs = oldest.executeQuery()) {
                rs.next();
                return new QueueSnapshot(byServer, rs.getDouble(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
