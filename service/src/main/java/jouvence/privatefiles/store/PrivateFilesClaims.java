package jouvence.privatefiles.store;

import jouvence.privatefiles.PrivateFilesRequest;
import jouvence.web.PersonTokens;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The claim and lease lifecycle of private-files requests and every write of their work (the folders'
 * FolderSetClaims pattern): the claim moves {@code version} on; every later write is guarded by
 * {@code id, version, claimed_by, state = 1}, and a write that changes nothing means the claim was lost
 * ({@link ClaimLostException}). The person's token is only in the memory of the replica that served their login
 * ({@code token_holder}): only that replica claims the request while it lives and the person's session lives; a
 * request without a holder, whose holder died or whose session ended is claimable by anyone (its put step then waits
 * for the person's next login).
 */
public class PrivateFilesClaims {

    /** A claimed request and the version its claim gave it. */
    public record Claim(PrivateFilesRequest request) {
        public long id() {
            return request.id();
        }

        public long version() {
            return request.version();
        }
    }

    /** The claim of a request was lost (its lease taken over): this worker stops writing. */
    public static final class ClaimLostException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        public ClaimLostException(long id) {
            super("private-files request " + id + ": claim lost");
        }
    }

    /**
     * The request's token holder is a live replica: its clustered Quartz checked in lately (as {@code Replicas} reads
     * it); one parameter, now in epoch milliseconds. A holder that died without stopping holds nothing any more.
     */
    static final String HOLDER_ALIVE = " EXISTS (SELECT 1 FROM qrtz_scheduler_state q WHERE q.instance_name = "
            + "r.token_holder AND q.last_checkin_time > ? - 2 * q.checkin_interval) ";

    static final String CLAIM = """
            UPDATE private_files_request
               SET state = 1, claimed_by = ?, lease_until = now() + ? * interval '1 millisecond',
                   version = version + 1, modified_at = now()
             WHERE id IN (SELECT r.id FROM private_files_request r
                           WHERE ((r.state = 0 AND r.next_attempt_at <= now()) OR (r.state = 1 AND r.lease_until < now()))
                             AND (r.token_holder IS NULL OR r.token_holder = ? OR NOT EXISTS (SELECT 1 FROM web_session s
                                  WHERE s.id_hash = r.web_session AND s.last_seen >= ?) OR NOT """ + HOLDER_ALIVE + """
                                 )
                           ORDER BY r.next_attempt_at, r.id LIMIT ? FOR UPDATE OF r SKIP LOCKED)
            RETURNING *""";

    private static final String HELD = " WHERE id = ? AND version = ? AND claimed_by = ? AND state = 1";

    private final PrivateFilesSql sql;
    private final PrivateFilesRepository repository;
    private final String instance;
    private final PersonTokens tokens;

    public PrivateFilesClaims(PrivateFilesRepository repository, PersonTokens tokens) {
        this.repository = repository;
        this.sql = repository.sql();
        this.instance = repository.instance();
        this.tokens = tokens;
    }

    /** Due requests this replica may work: those it holds the token of, and those nobody can hold it for any more. */
    public List<Claim> claimDue(Duration lease, int batch, Instant seenAfter) {
        return sql.query(PrivateFilesSql::request, CLAIM, instance, lease.toMillis(), instance, utc(seenAfter),
                System.currentTimeMillis(), batch).stream().map(Claim::new).toList();
    }

    /** A line of the trail, written only while the claim holds. */
    public void event(Claim claim, String step, String outcome, String message) {
        held(claim);
        repository.event(claim.id(), step, outcome, message);
    }

    public void heartbeat(Claim claim, Duration lease) {
        if (sql.update("UPDATE private_files_request SET lease_until = now() + ? * interval '1 millisecond'" + HELD,
                lease.toMillis(), claim.id(), claim.version(), instance) == 0) {
            throw new ClaimLostException(claim.id());
        }
    }

    /**
     * The person's token from this replica's memory (never from the database), when this replica holds the request's
     * token and the session is still live (seen after {@code seenAfter}); empty otherwise.
     */
    public Optional<String> personToken(Claim claim, Instant seenAfter) {
        return sql.query(rs -> rs.getString(1), """
                SELECT r.web_session FROM private_files_request r JOIN web_session s ON s.id_hash = r.web_session
                 WHERE r.id = ? AND r.token_holder = ? AND s.last_seen >= ?""", claim.id(), instance, utc(seenAfter))
                .stream().findFirst().flatMap(tokens::get);
    }

    private static java.time.OffsetDateTime utc(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }

    /** Files already put by an earlier run of this request (path → outcome), so that none is copied twice. */
    public Map<String, String> itemsDone(Claim claim) {
        Map<String, String> done = new HashMap<>();
        sql.query(rs -> done.put(rs.getString(1), rs.getString(2)),
                "SELECT path, outcome FROM private_files_item WHERE request_id = ?", claim.id());
        return done;
    }

    public void item(Claim claim, String path, long size, String outcome, String finalPath) {
        held(claim);
        sql.update("INSERT INTO private_files_item (request_id, path, size, outcome, final_path) VALUES (?, ?, ?, ?, ?) "
                + "ON CONFLICT (request_id, path) DO UPDATE SET outcome = EXCLUDED.outcome, "
                + "final_path = EXCLUDED.final_path, at = now()", claim.id(), path, size, outcome, finalPath);
    }

    /** Every file's outcome, in the order they were put. */
    public List<String[]> items(long requestId) {
        return sql.query(rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)},
                "SELECT path, outcome, final_path, size FROM private_files_item WHERE request_id = ? ORDER BY at, path",
                requestId);
    }

    /** Done (performed) or failed (error) for good, with the summary in words. */
    public PrivateFilesRequest finish(Claim claim, int state, String summary, String error) {
        return held(claim, sql.query(PrivateFilesSql::request, """
                UPDATE private_files_request SET state = ?, summary = ?, last_error = ?, claimed_by = NULL,
                       lease_until = NULL, next_attempt_at = NULL, finished_at = now(), modified_at = now()""" + HELD
                + " RETURNING *", state, summary, error, claim.id(), claim.version(), instance));
    }

    /** Due again after {@code delay}; {@code countAttempt} false when the site was down (no attempt spent). */
    public PrivateFilesRequest retryLater(Claim claim, String error, Duration delay, boolean countAttempt) {
        return held(claim, sql.query(PrivateFilesSql::request, """
                UPDATE private_files_request SET state = 0, last_error = ?, attempts = attempts + ?,
                       next_attempt_at = now() + ? * interval '1 millisecond', claimed_by = NULL, lease_until = NULL,
                       modified_at = now()""" + HELD + " RETURNING *", error, countAttempt ? 1 : 0, delay.toMillis(),
                claim.id(), claim.version(), instance));
    }

    /**
     * No token here for the person: the request waits for their next login ({@link
     * PrivateFilesRepository#attachSessions}) - unless a login on another live replica attached it meanwhile (that
     * replica holds a live session's token): then it is due again at once, for that replica.
     */
    public PrivateFilesRequest waitForLogin(Claim claim, String why, Instant seenAfter) {
        boolean elsewhere = !sql.query(rs -> 1, """
                SELECT 1 FROM private_files_request r JOIN web_session s ON s.id_hash = r.web_session
                 WHERE r.id = ? AND r.token_holder <> ? AND s.last_seen >= ? AND """ + HOLDER_ALIVE, claim.id(),
                instance, utc(seenAfter), System.currentTimeMillis()).isEmpty();
        if (elsewhere) {
            return held(claim, sql.query(PrivateFilesSql::request, """
                    UPDATE private_files_request SET state = 0, next_attempt_at = now(), claimed_by = NULL,
                           lease_until = NULL, modified_at = now()""" + HELD + " RETURNING *",
                    claim.id(), claim.version(), instance));
        }
        return held(claim, sql.query(PrivateFilesSql::request, """
                UPDATE private_files_request SET state = 3, web_session = NULL, token_holder = NULL, last_error = ?,
                       next_attempt_at = NULL, claimed_by = NULL, lease_until = NULL, modified_at = now()""" + HELD
                + " RETURNING *", why, claim.id(), claim.version(), instance));
    }

    /**
     * On shutdown: the people's tokens held here go with this replica, so their requests wait for their next login
     * (on any replica); the other requests this instance claimed are due again at once.
     */
    public int releaseClaims() {
        List<Long> waiting = sql.query(rs -> rs.getLong(1), """
                UPDATE private_files_request SET state = 3, web_session = NULL, token_holder = NULL,
                       claimed_by = NULL, lease_until = NULL, next_attempt_at = NULL, version = version + 1,
                       last_error = ?, modified_at = now()
                 WHERE token_holder = ? AND (state = 0 OR (state = 1 AND claimed_by = ?)) RETURNING id""",
                STOPPED, instance, instance);
        waiting.forEach(id -> repository.event(id, "stop", "waiting", STOPPED));
        return waiting.size() + sql.update("""
                UPDATE private_files_request SET state = 0, claimed_by = NULL, lease_until = NULL,
                       next_attempt_at = now(), version = version + 1, modified_at = now()
                 WHERE claimed_by = ? AND state = 1""", instance);
    }

    static final String STOPPED = "the Jouvence replica holding your login stopped: log in again to finish";

    /** A line of the trail of a request no longer claimed (after its end). */
    public void eventAfter(long id, String step, String outcome, String message) {
        repository.event(id, step, outcome, message);
    }

    private void held(Claim claim) {
        if (sql.query(rs -> 1, "SELECT 1 FROM private_files_request" + HELD, claim.id(), claim.version(), instance)
                .isEmpty()) {
            throw new ClaimLostException(claim.id());
        }
    }

    private static PrivateFilesRequest held(Claim claim, List<PrivateFilesRequest> rows) {
        if (rows.isEmpty()) {
            throw new ClaimLostException(claim.id());
        }
        return rows.get(0);
    }
}
