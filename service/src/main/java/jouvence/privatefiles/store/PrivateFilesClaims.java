package jouvence.privatefiles.store;

import jouvence.privatefiles.PrivateFilesRequest;

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
 * ({@link ClaimLostException}). A request whose lease ran out (its replica died) is claimable again by anyone.
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

    static final String CLAIM = """
            UPDATE private_files_request
               SET state = 1, claimed_by = ?, lease_until = now() + ? * interval '1 millisecond',
                   version = version + 1, modified_at = now()
             WHERE id IN (SELECT id FROM private_files_request
                           WHERE (state = 0 AND next_attempt_at <= now()) OR (state = 1 AND lease_until < now())
                           ORDER BY next_attempt_at, id LIMIT ? FOR UPDATE SKIP LOCKED)
            RETURNING *""";

    private static final String HELD = " WHERE id = ? AND version = ? AND claimed_by = ? AND state = 1";

    private final PrivateFilesSql sql;
    private final PrivateFilesRepository repository;
    private final String instance;

    public PrivateFilesClaims(PrivateFilesRepository repository) {
        this.repository = repository;
        this.sql = repository.sql();
        this.instance = repository.instance();
    }

    public List<Claim> claimDue(Duration lease, int batch) {
        return sql.query(PrivateFilesSql::request, CLAIM, instance, lease.toMillis(), batch).stream()
                .map(Claim::new).toList();
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
     * The person's token from their web session (never stored elsewhere), when the session is still live (seen
     * after {@code seenAfter}); empty when it ended.
     */
    public Optional<String> personToken(Claim claim, Instant seenAfter) {
        return sql.query(rs -> rs.getString(1), """
                SELECT s.moodle_token FROM private_files_request r JOIN web_session s ON s.id_hash = r.web_session
                 WHERE r.id = ? AND s.last_seen >= ?""", claim.id(), seenAfter.atOffset(ZoneOffset.UTC))
                .stream().findFirst();
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

    /** The person's session ended: the request waits for their next login ({@link PrivateFilesRepository#attachSessions}). */
    public PrivateFilesRequest waitForLogin(Claim claim, String why) {
        return held(claim, sql.query(PrivateFilesSql::request, """
                UPDATE private_files_request SET state = 3, web_session = NULL, last_error = ?, next_attempt_at = NULL,
                       claimed_by = NULL, lease_until = NULL, modified_at = now()""" + HELD + " RETURNING *", why,
                claim.id(), claim.version(), instance));
    }

    /** On shutdown: the requests this instance holds are due again at once. */
    public int releaseClaims() {
        return sql.update("""
                UPDATE private_files_request SET state = 0, claimed_by = NULL, lease_until = NULL,
                       next_attempt_at = now(), version = version + 1, modified_at = now()
                 WHERE claimed_by = ? AND state = 1""", instance);
    }

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
