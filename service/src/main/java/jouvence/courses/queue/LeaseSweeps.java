package jouvence.courses.queue;

import jouvence.courses.RestoreRequest;

import java.util.List;
import java.util.Optional;

/**
 * Leases that ended without their worker: the sweep (once per cluster) and the release of a stopping instance. Both
 * move {@code version} on, so the worker that held the request, if it still runs, can write nothing more.
 */
final class LeaseSweeps {

    /** A request whose owner stopped beating before the restore started is queued again (that claim was an attempt). */
    static final String SWEEP_REQUEUE = """
            UPDATE restore_request
               SET status = 3, next_attempt_at = now(), claimed_by = NULL, lease_until = NULL,
                   last_error_step = step, last_error_code = 'lease-expired',
                   last_error_message = 'the worker ' || claimed_by || ' stopped during ' || step || '; queued again',
                   modified_at = now(), version = version + 1
             WHERE status = 1 AND lease_until < now() AND step IS DISTINCT FROM 'restore'
            RETURNING *""";

    /**
     * Requests whose owner stopped beating during the restore: the restore may have ended, still run or have died, and
     * a course may half exist on the new platform: never restored twice, each is looked at ({@code RestoreState}).
     */
    static final String INTERRUPTED_RESTORES = """
            SELECT * FROM restore_request WHERE status = 1 AND lease_until < now() AND step = 'restore' ORDER BY id""";

    /** The restore ended after its worker stopped: the course exists, the request goes on at the finish. */
    static final String RESUME_AT_FINISH = """
            UPDATE restore_request
               SET status = 3, restored_course_id = ?, claimed_by = NULL, lease_until = NULL, next_attempt_at = now(),
                   modified_at = now(), version = version + 1
             WHERE id = ? AND version = ? AND status = 1 AND lease_until < now()
            RETURNING *""";

    static final String FAIL_INTERRUPTED = """
            UPDATE restore_request
               SET status = -1, last_error_step = 'restore', last_error_code = 'interrupted',
                   last_error_message = ?, claimed_by = NULL, lease_until = NULL, processed_at = now(),
                   modified_at = now(), version = version + 1
             WHERE id = ? AND version = ? AND status = 1 AND lease_until < now()
            RETURNING *""";

    /** A stopping instance's requests go back to the queue, their attempt given back: a shutdown is not their failure. */
    static final String RELEASE = """
            UPDATE restore_request
               SET status = 3, attempts = GREATEST(attempts - 1, 0), claimed_by = NULL, lease_until = NULL, next_attempt_at = now(),
                   modified_at = now(), version = version + 1
             WHERE claimed_by = ? AND status = 1 AND step IS DISTINCT FROM 'restore' RETURNING *""";

    private final Sql sql;
    private final RequestEvents events;
    private final String instance;

    LeaseSweeps(Sql sql, RequestEvents events, String instance) {
        this.sql = sql;
        this.events = events;
        this.instance = instance;
    }

    List<RestoreRequest> requeueExpiredLeases() {
        List<RestoreRequest> requeued = sql.query(SWEEP_REQUEUE);
        requeued.forEach(r -> events.record(r.id(), r.lastErrorStep() == null ? "sweep" : r.lastErrorStep(), "retry",
                null, r.lastErrorMessage()));
        return requeued;
    }

    List<RestoreRequest> interruptedRestores() {
        return sql.query(INTERRUPTED_RESTORES);
    }

    Optional<RestoreRequest> resumeAtFinish(RestoreRequest r, long courseId, String message) {
        Optional<RestoreRequest> resumed = sql.query(RESUME_AT_FINISH, courseId, r.id(), r.version()).stream().findFirst();
        resumed.ifPresent(x -> events.record(x.id(), "restore", "ok", null, message));
        return resumed;
    }

    Optional<RestoreRequest> failInterrupted(RestoreRequest r, String message) {
        Optional<RestoreRequest> failed = sql.query(FAIL_INTERRUPTED, message, r.id(), r.version()).stream().findFirst();
        failed.ifPresent(x -> events.record(x.id(), "restore", "error", null, message));
        return failed;
    }

    /**
     * The requests this instance still holds go back to the queue at once (no lease to wait for), except one whose
     * restore had started — the sweep looks at that one once its lease ran out, as a course may half exist.
     */
    List<RestoreRequest> releaseClaims() {
        List<RestoreRequest> released = sql.query(RELEASE, instance);
        released.forEach(r -> events.record(r.id(), "shutdown", "retry", null, instance + " stopped; queued again"));
        return released;
    }

    int expireLease(long id) {
        return sql.update("UPDATE restore_request SET lease_until = now() - interval '1 second' WHERE id = ? AND status = 1",
                id);
    }
}
