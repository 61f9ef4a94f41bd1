package jouvence.courses.queue;

import jouvence.courses.RestoreRequest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The claim and lease lifecycle: claim, the claimed request's writes, heartbeat, sweep, release on shutdown.
 * <p>
 * Fencing: the claim (like the sweep, the shutdown release and the admin changes) moves {@code version} on and returns
 * it; the worker keeps it as a {@link Claim}. The worker's own writes do not move it: each of them, and the heartbeat,
 * is guarded by {@code id, version, claimed_by = instance, status = 1}. A write that changes no row means the claim
 * was lost (the sweep took the request back, and maybe this very instance claimed it again for another worker):
 * {@link ClaimLostException}, and the stale worker stops without touching the row.
 */
public class RequestClaims {

    /**
     * Claims the oldest due request of one server: one statement, competing replicas skip each other's rows. A claim
     * is an attempt: {@code attempts} counts the attempts made so far (the trail's "attempt N" is the N-th), and one
     * that ends through no fault of the request (its site down, a shutdown) is given back.
     * <p>
     * A request whose backup would replace the archive of another request of the same server, still to be made or
     * downloaded, waits: the block stores every backup as {@code backup.mbz} (Moodle's default name when none is set),
     * those without user data in the admin's backup area (one place per server), those with user data in the course's
     * (one place per course), and Moodle deletes a stored file of the same name and place before storing the new one:
     * the other download would find its file gone (transcript D1). The gate covers only the backup call (see
     * {@code Claimer#backedUp}), hence this rule; a request of a dead instance (its lease over) does not hold it.
     */
    static final String CLAIM_ONE = """
            UPDATE restore_request
               SET status = 1, claimed_by = ?, lease_until = now() + ? * interval '1 millisecond',
                   version = version + 1, processed_at = now(), modified_at = now(), attempts = attempts + 1,
                   step = CASE WHEN restored_course_id IS NULL THEN 'claimed' ELSE 'finish' END
             WHERE id IN (SELECT id FROM restore_request q
                           WHERE server_id = ? AND status IN (0, 3) AND next_attempt_at <= now()
                             AND NOT EXISTS (SELECT 1 FROM restore_request d
                                              WHERE d.server_id = q.server_id AND d.status = 1
                                                AND d.step IN ('claimed', 'backup', 'download') AND d.lease_until > now()
                                                AND d.with_user_data = q.with_user_data
                                                AND (NOT q.with_user_data OR d.remote_course_id = q.remote_course_id))
                           ORDER BY created_at, id LIMIT 1 FOR UPDATE OF q SKIP LOCKED)
            RETURNING *""";

    private static final String HELD = " WHERE id = ? AND version = ? AND claimed_by = ? AND status = 1";

    static final String ADVANCE = "UPDATE restore_request SET step = ?, modified_at = now()" + HELD;

    static final String SAVE_ARCHIVE = """
            UPDATE restore_request
               SET step = 'downloaded', archive_path = ?, archive_bytes = ?, archive_fullname = ?, archive_shortname = ?,
                   archive_release = ?, archive_includes_users = ?, remote_course_name = COALESCE(remote_course_name, ?),
                   modified_at = now()""" + HELD + " RETURNING *";

    static final String SAVE_TARGET = "UPDATE restore_request SET step = 'restore', target_category_id = ?, "
            + "modified_at = now()" + HELD;

    static final String SAVE_RESTORED = "UPDATE restore_request SET step = 'finish', restored_course_id = ?, "
            + "modified_at = now()" + HELD + " RETURNING *";

    static final String SAVE_COURSE_NAME = "UPDATE restore_request SET remote_course_name = ?" + HELD;

    static final String ADD_WARNING = "UPDATE restore_request SET warnings = array_append(warnings, ?), "
            + "modified_at = now()" + HELD;

    static final String PERFORMED = """
            UPDATE restore_request
               SET status = 2, step = 'done', requester_userid = ?, claimed_by = NULL, lease_until = NULL,
                   processed_at = now(), modified_at = now()""" + HELD + " RETURNING *";

    static final String FAILED = """
            UPDATE restore_request
               SET status = -1, last_error_step = ?, last_error_code = ?, last_error_message = ?, claimed_by = NULL,
                   lease_until = NULL, processed_at = now(), modified_at = now()""" + HELD + " RETURNING *";

    /** Back to the queue for later; the claim's attempt is given back when the failure was not the request's own. */
    static final String RETRY_LATER = """
            UPDATE restore_request
               SET status = 3, last_error_step = ?, last_error_code = ?, last_error_message = ?,
                   attempts = GREATEST(attempts - ?, 0), next_attempt_at = now() + ? * interval '1 millisecond',
                   claimed_by = NULL, lease_until = NULL, processed_at = now(), modified_at = now()"""
            + HELD + " RETURNING *";

    /** Per (id, version) pair: a stale worker's claim is not kept alive by the new owner's, nor the other way. */
    static final String HEARTBEAT = """
            UPDATE restore_request r SET lease_until = now() + ? * interval '1 millisecond'
              FROM unnest(?::bigint[], ?::bigint[]) AS h(id, version)
             WHERE r.id = h.id AND r.version = h.version AND r.claimed_by = ? AND r.status = 1""";

    private final Sql sql;
    private final RequestEvents events;
    private final String instance;
    private final LeaseSweeps sweeps;
    private final ArchiveTwins twins;

    RequestClaims(Sql sql, RequestEvents events, String instance) {
        this.sql = sql;
        this.events = events;
        this.instance = instance;
        this.sweeps = new LeaseSweeps(sql, events, instance);
        this.twins = new ArchiveTwins(sql, events, instance);
    }

    public String instance() {
        return instance;
    }

    /** Claims the oldest due request of {@code serverId} on the given connection (the one holding the server's gate). */
    public Optional<RestoreRequest> claimOne(Connection c, String serverId, Duration lease) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(CLAIM_ONE)) {
            Sql.bind(ps, instance, lease.toMillis(), serverId);
            Optional<RestoreRequest> r = Sql.one(ps);
            if (r.isPresent()) {
                events.record(c, r.get().id(), "claim", "ok", null, "attempt " + r.get().attempts());
            }
            return r;
        }
    }

    /**
     * Claims at most {@code max} due requests that can take the archive {@code archived} just downloaded instead of a
     * backup of their own (see {@link ArchiveTwins}), oldest first.
     */
    public List<RestoreRequest> claimTwins(RestoreRequest archived, int max, Duration lease) {
        return twins.claim(archived, max, lease);
    }

    public void advance(Claim claim, String step) {
        held(claim, sql.update(ADVANCE, step, claim.id(), claim.version(), instance));
    }

    /** Records the staged archive; returns the row as it now is. */
    public RestoreRequest saveArchive(Claim claim, String path, long bytes, String fullname, String shortname,
                                      String release, boolean includesUsers) {
        return held(claim, sql.query(SAVE_ARCHIVE, path, bytes, fullname, shortname, release, includesUsers, fullname,
                claim.id(), claim.version(), instance));
    }

    public void saveTarget(Claim claim, long categoryId) {
        held(claim, sql.update(SAVE_TARGET, categoryId, claim.id(), claim.version(), instance));
    }

    /** Records the course the restore created; returns the row as it now is. */
    public RestoreRequest saveRestored(Claim claim, long courseId) {
        return held(claim, sql.query(SAVE_RESTORED, courseId, claim.id(), claim.version(), instance));
    }

    public void saveRemoteCourseName(Claim claim, String name) {
        held(claim, sql.update(SAVE_COURSE_NAME, name, claim.id(), claim.version(), instance));
    }

    public void addWarning(Claim claim, String warning) {
        held(claim, sql.update(ADD_WARNING, warning, claim.id(), claim.version(), instance));
    }

    /** An event of the claimed request, written only while the claim holds. */
    public void event(Claim claim, String step, String outcome, Duration duration, String message) {
        events.recordHeld(claim, step, outcome, duration, message);
    }

    public RestoreRequest performed(Claim claim, Long requesterUserId) {
        return held(claim, sql.query(PERFORMED, requesterUserId, claim.id(), claim.version(), instance));
    }

    public RestoreRequest failed(Claim claim, String step, String code, String message) {
        return held(claim, sql.query(FAILED, step, code, message, claim.id(), claim.version(), instance));
    }

    public RestoreRequest retryLater(Claim claim, String step, String code, String message, Duration delay,
                                     boolean countAttempt) {
        return held(claim, sql.query(RETRY_LATER, step, code, message, countAttempt ? 0 : 1, delay.toMillis(),
                claim.id(), claim.version(), instance));
    }

    /** Extends the leases of the claims this instance holds; returns how many it still holds. */
    public int heartbeat(Collection<Claim> claims, Duration lease) {
        if (claims.isEmpty()) {
            return 0;
        }
        try (Connection c = sql.connection(); PreparedStatement ps = c.prepareStatement(HEARTBEAT)) {
            Sql.bind(ps, lease.toMillis(), c.createArrayOf("bigint", claims.stream().map(Claim::id).toArray()),
                    c.createArrayOf("bigint", claims.stream().map(Claim::version).toArray()), instance);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Requests whose worker died: before the restore queued again; during it resumed at the finish, or errors. */
    public record Swept(List<RestoreRequest> requeued, List<RestoreRequest> interrupted) {
    }

    /** Requests whose worker died before their restore started go back to the queue. */
    public List<RestoreRequest> requeueExpiredLeases() {
        return sweeps.requeueExpiredLeases();
    }

    /** Requests whose worker died during their restore, for the sweep to look at one by one. */
    public List<RestoreRequest> interruptedRestores() {
        return sweeps.interruptedRestores();
    }

    /**
     * The restore of {@code r} (as read by {@link #interruptedRestores}) ended after its worker died: the request is
     * queued again with its course, to go on at the finish. Empty when someone else changed it meanwhile.
     */
    public Optional<RestoreRequest> resumeAtFinish(RestoreRequest r, long courseId, String message) {
        return sweeps.resumeAtFinish(r, courseId, message);
    }

    /** The restore of {@code r} died with its worker: the request ends in error. Empty when changed meanwhile. */
    public Optional<RestoreRequest> failInterrupted(RestoreRequest r, String message) {
        return sweeps.failInterrupted(r, message);
    }

    /** On shutdown: what this instance still holds goes back to the queue, except a started restore. */
    public List<RestoreRequest> releaseClaims() {
        return sweeps.releaseClaims();
    }

    /** Back-dates a lease, as a killed worker leaves it; for tests and for operators freeing a stuck request. */
    public int expireLease(long id) {
        return sweeps.expireLease(id);
    }

    private static void held(Claim claim, int rows) {
        if (rows == 0) {
            throw new ClaimLostException(claim.id());
        }
        if (rows > 1) {
            throw new IllegalStateException("request id not unique: " + claim.id());
        }
    }

    private static RestoreRequest held(Claim claim, List<RestoreRequest> rows) {
        held(claim, rows.size());
        return rows.get(0);
    }
}
