package jouvence.courses.queue;

import jouvence.courses.RestoreRequest;

import java.util.List;

/**
 * Leases that ended without their worker: the sweep (once per cluster) and the release of a stopping instance. Both
 * move {@code version} on, so the worker that held the request, if it still runs, can write nothing more.
 */
final class LeaseSweeps {

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

    static final String RELEASE = """
            UPDATE restore_request
               SET status = 3, claimed_by = NULL, lease_until = NULL, next_attempt_at = now(),
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

    RequestClaims.Swept sweepExpiredLeases() {
        List<RestoreRequest> requeued = sql.query(SWEEP_REQUEUE);
        List<RestoreRequest> interrupted = sql.query(SWEEP_INTERRUPTED_RESTORE, RequestRepository.INTERRUPTED_MESSAGE);
        requeued.forEach(r -> events.record(r.id(), r.lastErrorStep() == null ? "sweep" : r.lastErrorStep(), "retry",
                null, r.lastErrorMessage()));
        interrupted.forEach(r -> events.record(r.id(), "restore", "error", null, RequestRepository.INTERRUPTED_MESSAGE));
        return new RequestClaims.Swept(requeued, interrupted);
    }

    /**
     * The requests this instance still holds go back to the queue at once (no lease to wait for), except one whose
     * restore had started — the sweep makes that one an error, as a course may half exist.
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
