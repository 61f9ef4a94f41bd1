package jouvence.courses.queue;

import jouvence.courses.DuplicateRequestException;
import jouvence.courses.RequestEvent;
import jouvence.courses.RestoreRequest;
import jouvence.courses.Status;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The restore queue for intake and admins: new requests, admin retry/cancel/category change, events; the read side is
 * {@link RequestQueries} (delegated to here, for the pages and APIs), the claim and lease lifecycle with every write of
 * a worker {@link RequestClaims}. No statement on the queue lives outside this package.
 */
public class RequestRepository {

    static final String INSERT = """
            INSERT INTO restore_request (server_id, remote_course_id, remote_course_name, requester_username, scheduled_by,
                                         category, with_user_data, enrolment_mode, source, external_ref, one_instance)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *""";

    /** An error or cancelled request goes back to the queue as new: attempts reset, due now. */
    static final String RETRY = """
            UPDATE restore_request
               SET status = 0, attempts = 0, next_attempt_at = now(), step = NULL, restored_course_id = NULL,
                   last_error_step = NULL, last_error_code = NULL, last_error_message = NULL, written_back_at = NULL,
                   modified_at = now(), version = version + 1
             WHERE id = ? AND status IN (""" + Status.codes(Status::retriable) + ") RETURNING *";

    static final String CANCEL = """
            UPDATE restore_request SET status = 4, modified_at = now(), processed_at = now(), version = version + 1
             WHERE id = ? AND status IN (""" + Status.codes(Status::cancellable) + ") RETURNING *";

    static final String CHANGE_CATEGORY = """
            UPDATE restore_request SET category = ?, target_category_id = NULL, modified_at = now(), version = version + 1
             WHERE id = ? AND status IN (""" + Status.codes(Status::categoryChangeable) + ") RETURNING *";

    public static final String INTERRUPTED_MESSAGE =
            "interrupted during restore — check the new platform for a partial course";

    /** The columns the admins' console may sort by (see {@link RequestQueries#SORT_COLUMNS}). */
    public static final Map<String, String> SORT_COLUMNS = RequestQueries.SORT_COLUMNS;

    /** Told of every timed step that ends (its name, "ok"/"retry"/"waiting"/"error", how long it took). */
    public interface StepListener {
        void stepEnded(String step, String outcome, Duration took);
    }

    /** The queue as a whole, for the metrics: requests per server and status, and how long the oldest due one waits. */
    public record QueueSnapshot(Map<String, Map<Status, Long>> counts, double oldestDueSeconds) {
    }

    /** What a new request says; {@code requester} null = restored for nobody (admins only). */
    public record NewRequest(String serverId, long remoteCourseId, String remoteCourseName, String requester,
                             String scheduledBy, String category, boolean withUserData, int enrolmentMode, String source,
                             String externalRef) {
        public static NewRequest of(String serverId, long remoteCourseId, String requester, String scheduledBy) {
            return new NewRequest(serverId, remoteCourseId, null, requester, scheduledBy, "default", false, 2, "api", null);
        }
    }

    private final Sql sql;
    private final String instance;
    private final boolean oneInstance;
    private final RequestEvents events;
    private final RequestQueries queries;
    private final RequestClaims claims;

    public RequestRepository(DataSource db, String instance) {
        this(db, instance, true);
    }

    /** @param oneInstance the plugin's onlyoneremoteinstance: a remote course may be restored only once */
    public RequestRepository(DataSource db, String instance, boolean oneInstance) {
        this.sql = new Sql(db);
        this.instance = instance;
        this.oneInstance = oneInstance;
        this.events = new RequestEvents(sql, instance);
        this.queries = new RequestQueries(sql);
        this.claims = new RequestClaims(sql, events, instance);
    }

    /** The claim and lease lifecycle of this instance, with every write of its workers. */
    public RequestClaims claims() {
        return claims;
    }

    public RequestQueries queries() {
        return queries;
    }

    public DataSource dataSource() {
        return sql.dataSource();
    }

    public String instance() {
        return instance;
    }

    public void stepListener(StepListener listener) {
        events.listener(listener);
    }

    /**
     * A new request. Throws {@link DuplicateRequestException} when the same requester already has it active, or when
     * the remote course is already active or restored and only one restore per remote course is allowed.
     */
    public RestoreRequest insert(NewRequest n) {
        try (Connection c = sql.connection(); PreparedStatement ps = c.prepareStatement(INSERT)) {
            Sql.bind(ps, n.serverId(), n.remoteCourseId(), n.remoteCourseName(), n.requester(), n.scheduledBy(),
                    n.category(), n.withUserData(), n.enrolmentMode(), n.source(), n.externalRef(), oneInstance);
            RestoreRequest r = Sql.one(ps).orElseThrow();
            events.record(c, r.id(), "intake", "ok", null, "scheduled by " + n.scheduledBy() + " (" + n.source() + ")");
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

    /** An event of a request, whoever holds it (intake, admins, a worker telling how its request ended). */
    public void event(long requestId, String step, String outcome, Duration duration, String message) {
        events.record(requestId, step, outcome, duration, message);
    }

    /** The remote course's name, as an admin looked it up (a worker writes it through its claim). */
    public void saveRemoteCourseName(long id, String name) {
        sql.update("UPDATE restore_request SET remote_course_name = ? WHERE id = ?", name, id);
    }

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

    private Optional<RestoreRequest> adminChange(String statement, long id, Object... first) {
        Object[] args = new Object[first.length + 1];
        System.arraycopy(first, 0, args, 0, first.length);
        args[first.length] = id;
        try {
            return sql.query(statement, args).stream().findFirst();
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof SQLException s && "23505".equals(s.getSQLState())) {
                RestoreRequest r = find(id).orElseThrow();
                throw new DuplicateRequestException(r.serverId(), r.remoteCourseId(), r.requester(), true);
            }
            throw e;
        }
    }

    /** Back-dates a lease, as a killed worker leaves it; for tests and for operators freeing a stuck request. */
    public int expireLease(long id) {
        return claims.expireLease(id);
    }

    // --- the read side, for the pages and APIs (see RequestQueries) ------------------------------------------------

    public Optional<RestoreRequest> find(long id) {
        return queries.find(id);
    }

    /** Lists requests, newest first; a null filter matches everything. */
    public List<RestoreRequest> list(Status status, String requester, String serverId, int limit, int offset) {
        return queries.list(status, requester, serverId, null, null, limit, offset);
    }

    public List<RestoreRequest> list(Status status, String requester, String serverId, Instant from, Instant to,
                                     int limit, int offset) {
        return queries.list(status, requester, serverId, from, to, limit, offset);
    }

    public List<RestoreRequest> search(Status status, String requester, String serverId, Instant from, Instant to,
                                       String sort, boolean ascending, int limit, int offset) {
        return queries.search(status, requester, serverId, from, to, sort, ascending, limit, offset);
    }

    public long count(Status status, String requester, String serverId, Instant from, Instant to) {
        return queries.count(status, requester, serverId, from, to);
    }

    public List<RestoreRequest> forCourses(String serverId, Collection<Long> courseIds) {
        return queries.forCourses(serverId, courseIds);
    }

    public List<RestoreRequest> failedSince(Instant since) {
        return queries.failedSince(since);
    }

    public List<RequestEvent> events(long requestId) {
        return queries.events(requestId);
    }

    public QueueSnapshot queueSnapshot() {
        return queries.queueSnapshot();
    }
}
