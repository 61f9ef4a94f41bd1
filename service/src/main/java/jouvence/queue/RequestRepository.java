package jouvence.queue;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Every statement on the restore queue, and nowhere else. A worker's writes are guarded by
 * {@code claimed_by = owner AND status = 1}: if the sweep took the request back, the write changes nothing and the
 * worker learns it lost the claim.
 */
public class RequestRepository {

    static final String INSERT = """
            INSERT INTO restore_request (server_id, remote_course_id, remote_course_name, requester_username, scheduled_by,
                                         category, with_user_data, enrolment_mode, source, external_ref, one_instance)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *""";

    /** Claims the oldest due request of one server: one statement, competing replicas skip each other's rows. */
    static final String CLAIM_ONE = """
            UPDATE restore_request
               SET status = 1, claimed_by = ?, lease_until = now() + ? * interval '1 millisecond',
                   version = version + 1, processed_at = now(), modified_at = now(),
                   step = CASE WHEN restored_course_id IS NULL THEN 'claimed' ELSE 'finish' END
             WHERE id IN (SELECT id FROM restore_request
                           WHERE server_id = ? AND status IN (0, 3) AND next_attempt_at <= now()
                           ORDER BY created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING *""";

    static final String ADVANCE = """
            UPDATE restore_request SET step = ?, modified_at = now(), version = version + 1
             WHERE id = ? AND claimed_by = ? AND status = 1""";

    static final String SAVE_ARCHIVE = """
            UPDATE restore_request
               SET step = 'downloaded', archive_path = ?, archive_bytes = ?, archive_fullname = ?, archive_shortname = ?,
                   archive_release = ?, archive_includes_users = ?, remote_course_name = COALESCE(remote_course_name, ?),
                   modified_at = now(), version = version + 1
             WHERE id = ? AND claimed_by = ? AND status = 1""";

    static final String SAVE_TARGET = """
            UPDATE restore_request SET step = 'restore', target_category_id = ?, modified_at = now(), version = version + 1
             WHERE id = ? AND claimed_by = ? AND status = 1""";

    static final String SAVE_RESTORED = """
            UPDATE restore_request SET step = 'finish', restored_course_id = ?, modified_at = now(), version = version + 1
             WHERE id = ? AND claimed_by = ? AND status = 1""";

    static final String ADD_WARNING = """
            UPDATE restore_request SET warnings = array_append(warnings, ?), modified_at = now() WHERE id = ?""";

    static final String PERFORMED = """
            UPDATE restore_request
               SET status = 2, step = 'done', requester_userid = ?, claimed_by = NULL, lease_until = NULL,
                   processed_at = now(), modified_at = now(), version = version + 1
             WHERE id = ? AND claimed_by = ? AND status = 1 RETURNING *""";

    static final String FAILED = """
            UPDATE restore_request
               SET status = -1, last_error_step = ?, last_error_code = ?, last_error_message = ?, claimed_by = NULL,
                   lease_until = NULL, processed_at = now(), modified_at = now(), version = version + 1
             WHERE id = ? AND claimed_by = ? AND status = 1 RETURNING *""";

    /** Back to the queue for later; {@code attempts} grows only when the failure was the request's own. */
    static final String RETRY_LATER = """
            UPDATE restore_request
               SET status = 3, last_error_step = ?, last_error_code = ?, last_error_message = ?,
                   attempts = attempts + ?, next_attempt_at = now() + ? * interval '1 millisecond',
                   claimed_by = NULL, lease_until = NULL, processed_at = now(), modified_at = now(), version = version + 1
             WHERE id = ? AND claimed_by = ? AND status = 1 RETURNING *""";

    static final String HEARTBEAT = """
            UPDATE restore_request SET lease_until = now() + ? * interval '1 millisecond'
             WHERE id = ANY (?) AND claimed_by = ? AND status = 1""";

    /** A request whose owner stopped beating before the restore started is simply queued again. */
    static final String SWEEP_REQUEUE = """
            UPDATE restore_request
               SET status = 3, attempts = attempts + 1, next_attempt_at = now(), claimed_by = NULL, lease_until = NULL,
                   last_error_step = step, last_error_code = 'lease-expired',
                   last_error_message = 'the worker ' || claimed_by || ' stopped during ' || step || '; queued again',
                   modified_at = now(), version = version + 1
             WHERE status = 1 AND lease_until < now() AND step IS DISTINCT FROM 'restore'
            RETURNING *""";

    /** During the restore a course may half exist on the new platform: never restore it twice silently. */
    static final String SWEEP_INTERRUPTED_RESTORE = """
            UPDATE restore_request
               SET status = -1, last_error_step = 'restore', last_error_code = 'interrupted',
                   last_error_message = ?, claimed_by = NULL, lease_until = NULL, processed_at = now(),
                   modified_at = now(), version = version + 1
             WHERE status = 1 AND lease_until < now() AND step = 'restore'
            RETURNING *""";

    public static final String INTERRUPTED_MESSAGE =
            "interrupted during restore — check the new platform for a partial course";

    static final String EVENT = """
            INSERT INTO request_event (request_id, step, outcome, duration_ms, message, instance) VALUES (?, ?, ?, ?, ?, ?)""";

    static final String QUEUE_COUNTS = "SELECT server_id, status, count(*) FROM restore_request GROUP BY server_id, status";
    static final String OLDEST_DUE = """
            SELECT COALESCE(EXTRACT(EPOCH FROM now() - min(next_attempt_at)), 0) FROM restore_request
             WHERE status IN (0, 3) AND next_attempt_at <= now()""";

    /** Told of every timed step that ends (its name, "ok"/"retry"/"waiting"/"error", how long it took). */
    public interface StepListener {
        void stepEnded(String step, String outcome, Duration took);
    }

    /** The queue as a whole, for the metrics: requests per server and status, and how long the oldest due one waits. */
    public record QueueSnapshot(Map<String, Map<Status, Long>> counts, double oldestDueSeconds) {
    }

    private final DataSource db;
    private final String instance;
    private final boolean oneInstance;
    private volatile StepListener stepListener = (step, outcome, took) -> { };

    public RequestRepository(DataSource db, String instance) {
        this(db, instance, true);
    }

    /** @param oneInstance the plugin's onlyoneremoteinstance: a remote course may be restored only once */
    public RequestRepository(DataSource db, String instance, boolean oneInstance) {
        this.db = db;
        this.instance = instance;
        this.oneInstance = oneInstance;
    }

    public DataSource dataSource() {
        return db;
    }

    public void stepListener(StepListener listener) {
        this.stepListener = listener;
    }

    public QueueSnapshot queueSnapshot() {
        try (Connection c = db.getConnection(); PreparedStatement counts = c.prepareStatement(QUEUE_COUNTS);
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

    public String instance() {
        return instance;
    }

    /** What a new request says; {@code requester} null = restored for nobody (admins only). */
    public record NewRequest(String serverId, long remoteCourseId, String remoteCourseName, String requester,
                             String scheduledBy, String category, boolean withUserData, int enrolmentMode, String source,
                             String externalRef) {
        public static NewRequest of(String serverId, long remoteCourseId, String requester, String scheduledBy) {
            return new NewRequest(serverId, remoteCourseId, null, requester, scheduledBy, "default", false, 2, "api", null);
        }
    }

    /**
     * A new request. Throws {@link DuplicateRequestException} when the same requester already has it active, or when
     * the remote course is already active or restored and only one restore per remote course is allowed.
     */
    public RestoreRequest insert(NewRequest n) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT)) {
            bind(ps, n.serverId(), n.remoteCourseId(), n.remoteCourseName(), n.requester(), n.scheduledBy(), n.category(),
                    n.withUserData(), n.enrolmentMode(), n.source(), n.externalRef(), oneInstance);
            RestoreRequest r = one(ps).orElseThrow();
            event(c, r.id(), "intake", "ok", null, "scheduled by " + n.scheduledBy() + " (" + n.source() + ")");
            return r;
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                boolean instance = e.getMessage() != null && e.getMessage().contains("restore_request_one_instance");
                throw new DuplicateRequestException(n.serverId(), n.remoteCourseId(), n.requester(), instance);
            }
            throw new IllegalStateException(e);
        }
    }

    /** Kept for callers that only need the basics. */
    public RestoreRequest insert(String serverId, long remoteCourseId, String remoteCourseName, String requester,
                                 String scheduledBy, String category, boolean withUserData, int enrolmentMode) {
        return insert(new NewRequest(serverId, remoteCourseId, remoteCourseName, requester, scheduledBy, category,
                withUserData, enrolmentMode, "api", null));
    }

    public Optional<RestoreRequest> find(long id) {
        return query("SELECT * FROM restore_request WHERE id = ?", id).stream().findFirst();
    }

    /** Lists requests, newest first; a null filter matches everything. */
    public List<RestoreRequest> list(Status status, String requester, String serverId, int limit, int offset) {
        return list(status, requester, serverId, null, null, limit, offset);
    }

    public List<RequestEvent> events(long requestId) {
        List<RequestEvent> events = new ArrayList<>();
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT * FROM request_event WHERE request_id = ? ORDER BY id")) {
            ps.setLong(1, requestId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Long d = nullableLong(rs, "duration_ms");
                    events.add(new RequestEvent(rs.getLong("id"), rs.getTimestamp("at").toInstant(), rs.getString("step"),
                            rs.getString("outcome"), d, rs.getString("message"),
                            rs.getString("instance")));
                }
            }
            return events;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public void event(long requestId, String step, String outcome, Duration duration, String message) {
        try (Connection c = db.getConnection()) {
            event(c, requestId, step, outcome, duration, message);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        if (duration != null) {
            stepListener.stepEnded(step, outcome, duration);
        }
    }

    private void event(Connection c, long requestId, String step, String outcome, Duration duration, String message)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(EVENT)) {
            bind(ps, requestId, step, outcome, duration == null ? null : duration.toMillis(), message, instance);
            ps.executeUpdate();
        }
    }

    /** Claims the oldest due request of {@code serverId} on the given connection (the one holding the server's gate). */
    public Optional<RestoreRequest> claimOne(Connection c, String serverId, Duration lease) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(CLAIM_ONE)) {
            bind(ps, instance, lease.toMillis(), serverId);
            Optional<RestoreRequest> r = one(ps);
            if (r.isPresent()) {
                event(c, r.get().id(), "claim", "ok", null, "attempt " + (r.get().attempts() + 1));
            }
            return r;
        }
    }

    public void advance(long id, String step) {
        requireOwned(id, update(ADVANCE, step, id, instance));
    }

    public void saveArchive(long id, String path, long bytes, String fullname, String shortname, String release,
                            boolean includesUsers) {
        requireOwned(id, update(SAVE_ARCHIVE, path, bytes, fullname, shortname, release, includesUsers, fullname, id,
                instance));
    }

    public void saveTarget(long id, long categoryId) {
        requireOwned(id, update(SAVE_TARGET, categoryId, id, instance));
    }

    public void saveRestored(long id, long courseId) {
        requireOwned(id, update(SAVE_RESTORED, courseId, id, instance));
    }

    public void saveRemoteCourseName(long id, String name) {
        update("UPDATE restore_request SET remote_course_name = ? WHERE id = ?", name, id);
    }

    public void addWarning(long id, String warning) {
        update(ADD_WARNING, warning, id);
    }

    public RestoreRequest performed(long id, Long requesterUserId) {
        return owned(id, query(PERFORMED, requesterUserId, id, instance));
    }

    public RestoreRequest failed(long id, String step, String code, String message) {
        return owned(id, query(FAILED, step, code, message, id, instance));
    }

    public RestoreRequest retryLater(long id, String step, String code, String message, Duration delay,
                                     boolean countAttempt) {
        return owned(id, query(RETRY_LATER, step, code, message, countAttempt ? 1 : 0, delay.toMillis(), id, instance));
    }

    /** Extends the lease of the requests this instance holds; returns how many it still holds. */
    public int heartbeat(List<Long> ids, Duration lease) {
        if (ids.isEmpty()) {
            return 0;
        }
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(HEARTBEAT)) {
            Array array = c.createArrayOf("bigint", ids.toArray());
            bind(ps, lease.toMillis(), array, instance);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Requests whose worker died: before the restore they are queued again, during it they become errors. */
    public record Swept(List<RestoreRequest> requeued, List<RestoreRequest> interrupted) {
    }

    public Swept sweepExpiredLeases() {
        List<RestoreRequest> requeued = query(SWEEP_REQUEUE);
        List<RestoreRequest> interrupted = query(SWEEP_INTERRUPTED_RESTORE, INTERRUPTED_MESSAGE);
        requeued.forEach(r -> event(r.id(), r.lastErrorStep() == null ? "sweep" : r.lastErrorStep(), "retry", null,
                r.lastErrorMessage()));
        interrupted.forEach(r -> event(r.id(), "restore", "error", null, INTERRUPTED_MESSAGE));
        return new Swept(requeued, interrupted);
    }

    /** An error or cancelled request goes back to the queue as new: attempts reset, due now. */
    static final String RETRY = """
            UPDATE restore_request
               SET status = 0, attempts = 0, next_attempt_at = now(), step = NULL, restored_course_id = NULL,
                   last_error_step = NULL, last_error_code = NULL, last_error_message = NULL, written_back_at = NULL,
                   modified_at = now(), version = version + 1
             WHERE id = ? AND status IN (-1, 4) RETURNING *""";

    static final String CANCEL = """
            UPDATE restore_request SET status = 4, modified_at = now(), processed_at = now(), version = version + 1
             WHERE id = ? AND status IN (0, 3) RETURNING *""";

    static final String CHANGE_CATEGORY = """
            UPDATE restore_request SET category = ?, target_category_id = NULL, modified_at = now(), version = version + 1
             WHERE id = ? AND status IN (-1, 0, 3) RETURNING *""";

    /** Admin retry of an error (or cancelled) request; empty when the request is in another state. */
    public Optional<RestoreRequest> retry(long id, String by) {
        Optional<RestoreRequest> r = adminChange(RETRY, id);
        r.ifPresent(x -> event(x.id(), "admin", "info", null, "retried by " + by));
        return r;
    }

    /** Admin or requester cancel of a request not started yet; empty when the request is in another state. */
    public Optional<RestoreRequest> cancel(long id, String by) {
        Optional<RestoreRequest> r = adminChange(CANCEL, id);
        r.ifPresent(x -> event(x.id(), "admin", "info", null, "cancelled by " + by));
        return r;
    }

    public Optional<RestoreRequest> changeCategory(long id, String category, String by) {
        Optional<RestoreRequest> r = adminChange(CHANGE_CATEGORY, id, category);
        r.ifPresent(x -> event(x.id(), "admin", "info", null, "category set to " + category + " by " + by));
        return r;
    }

    private Optional<RestoreRequest> adminChange(String sql, long id, Object... first) {
        Object[] args = new Object[first.length + 1];
        System.arraycopy(first, 0, args, 0, first.length);
        args[first.length] = id;
        try {
            return query(sql, args).stream().findFirst();
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof SQLException s && "23505".equals(s.getSQLState())) {
                RestoreRequest r = find(id).orElseThrow();
                throw new DuplicateRequestException(r.serverId(), r.remoteCourseId(), r.requester(), true);
            }
            throw e;
        }
    }

    /** Requests created between two instants (null = open), newest first, with the other filters of {@link #list}. */
    public List<RestoreRequest> list(Status status, String requester, String serverId, Instant from, Instant to,
                                     int limit, int offset) {
        return query("""
                SELECT * FROM restore_request
                 WHERE (?::smallint IS NULL OR status = ?::smallint) AND (?::text IS NULL OR requester_username = ?::text)
                   AND (?::text IS NULL OR server_id = ?::text)
                   AND (?::timestamptz IS NULL OR created_at >= ?::timestamptz)
                   AND (?::timestamptz IS NULL OR created_at < ?::timestamptz)
                 ORDER BY id DESC LIMIT ? OFFSET ?""",
                status == null ? null : status.code, status == null ? null : status.code, requester, requester,
                serverId, serverId, ts(from), ts(from), ts(to), ts(to), limit, offset);
    }

    // --- web pages (teachers' page and admins' console) ------------------------------------------------------------

    /** The columns the admins' console may sort by: a whitelist, never a column name taken from the request. */
    public static final Map<String, String> SORT_COLUMNS =
            java.util.Map.of("id", "id", "created", "created_at", "status", "status");

    private static final String SEARCH_WHERE = """
             WHERE (?::smallint IS NULL OR status = ?::smallint) AND (?::text IS NULL OR requester_username = ?::text)
               AND (?::text IS NULL OR server_id = ?::text)
               AND (?::timestamptz IS NULL OR created_at >= ?::timestamptz)
               AND (?::timestamptz IS NULL OR created_at < ?::timestamptz)""";

    /** {@link #list} with a sort: {@code sort} is a key of {@link #SORT_COLUMNS} (anything else sorts by id). */
    public List<RestoreRequest> search(Status status, String requester, String serverId, Instant from, Instant to,
                                       String sort, boolean ascending, int limit, int offset) {
        String column = SORT_COLUMNS.getOrDefault(sort == null ? "id" : sort, "id");
        String direction = ascending ? "ASC" : "DESC";
        return query("SELECT * FROM restore_request " + SEARCH_WHERE + " ORDER BY " + column + " " + direction + ", id "
                        + direction + " LIMIT ? OFFSET ?",
                status == null ? null : status.code, status == null ? null : status.code, requester, requester,
                serverId, serverId, ts(from), ts(from), ts(to), ts(to), limit, offset);
    }

    /** How many requests {@link #search} would find without paging. */
    public long count(Status status, String requester, String serverId, Instant from, Instant to) {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM restore_request " + SEARCH_WHERE)) {
            bind(ps, status == null ? null : status.code, status == null ? null : status.code, requester, requester,
                    serverId, serverId, ts(from), ts(from), ts(to), ts(to));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every request for these remote courses of one server, whoever asked, newest first (the teachers' page). */
    public List<RestoreRequest> forCourses(String serverId, java.util.Collection<Long> courseIds) {
        if (courseIds.isEmpty()) {
            return List.of();
        }
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT * FROM restore_request WHERE server_id = ? AND remote_course_id = ANY(?) ORDER BY id DESC")) {
            bind(ps, serverId, c.createArrayOf("bigint", courseIds.toArray()));
            List<RestoreRequest> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(map(rs));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Requests that ended in error since {@code since}, for the admins' digest. */
    public List<RestoreRequest> failedSince(Instant since) {
        return query("SELECT * FROM restore_request WHERE status = -1 AND processed_at >= ? ORDER BY id", ts(since));
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    /**
     * On shutdown: the requests this instance still holds go back to the queue at once (no lease to wait for), except
     * one whose restore had started — the sweep makes that one an error, as a course may half exist.
     */
    public List<RestoreRequest> releaseClaims() {
        List<RestoreRequest> released = query("""
                UPDATE restore_request
                   SET status = 3, claimed_by = NULL, lease_until = NULL, next_attempt_at = now(),
                       modified_at = now(), version = version + 1
                 WHERE claimed_by = ? AND status = 1 AND step IS DISTINCT FROM 'restore' RETURNING *""", instance);
        released.forEach(r -> event(r.id(), "shutdown", "retry", null, instance + " stopped; queued again"));
        return released;
    }

    /** Back-dates a lease, as a killed worker leaves it; for tests and for operators freeing a stuck request. */
    public int expireLease(long id) {
        return update("UPDATE restore_request SET lease_until = now() - interval '1 second' WHERE id = ? AND status = 1", id);
    }

    // --- plumbing -------------------------------------------------------------------------------------------------

    private static void requireOwned(long id, int rows) {
        if (rows == 0) {
            throw new ClaimLostException(id);
        }
        if (rows > 1) {
            throw new IllegalStateException("request id not unique: " + id);
        }
    }

    private static RestoreRequest owned(long id, List<RestoreRequest> rows) {
        requireOwned(id, rows.size());
        return rows.get(0);
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
            List<RestoreRequest> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(map(rs));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Optional<RestoreRequest> one(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(map(rs)) : Optional.empty();
        }
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
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

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
