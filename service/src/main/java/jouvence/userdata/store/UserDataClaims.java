package jouvence.userdata.store;

import jouvence.userdata.UserDataImport;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The claim and lease lifecycle of imports (the folders' {@code FolderSetClaims} pattern): the claim moves
 * {@code version} on; every later write is guarded by {@code id, version, claimed_by, status = in progress}, and a write
 * that changes nothing means the claim was lost ({@link ClaimLostException}). An import whose lease ran out (its
 * replica died) is claimable again by anyone.
 */
public class UserDataClaims {

    static final String CLAIM = """
            UPDATE user_data_import
               SET status = 1, claimed_by = ?, lease_until = now() + ? * interval '1 millisecond',
                   version = version + 1, modified_at = now()
             WHERE id IN (SELECT id FROM user_data_import
                           WHERE (status IN (0, 3) AND next_attempt_at <= now())
                              OR (status = 1 AND lease_until < now())
                           ORDER BY next_attempt_at, id LIMIT ? FOR UPDATE SKIP LOCKED)
            RETURNING *""";

    private static final String HELD_WHERE = " WHERE id = ? AND version = ? AND claimed_by = ? AND status = 1";

    static final String PERFORMED = """
            UPDATE user_data_import SET status = 2, written = ?, warnings = ?, last_error = NULL, next_attempt_at = NULL,
                   claimed_by = NULL, lease_until = NULL, finished_at = now(), modified_at = now()""" + HELD_WHERE
            + " RETURNING *";

    static final String RETRY_LATER = """
            UPDATE user_data_import SET status = 3, last_error = ?, attempts = attempts + ?,
                   next_attempt_at = now() + ? * interval '1 millisecond', claimed_by = NULL, lease_until = NULL,
                   modified_at = now()""" + HELD_WHERE + " RETURNING *";

    static final String FAIL = """
            UPDATE user_data_import SET status = -1, last_error = ?, warnings = ?, attempts = attempts + 1,
                   next_attempt_at = NULL, claimed_by = NULL, lease_until = NULL, finished_at = now(),
                   modified_at = now()""" + HELD_WHERE + " RETURNING *";

    static final String HELD_EVENT = """
            INSERT INTO user_data_event (import_id, step, outcome, message, instance)
            SELECT id, ?::text, ?::text, ?::text, ?::text FROM user_data_import WHERE id = ? AND version = ?""";

    static final String SAVE_BASELINE = """
            INSERT INTO user_data_baseline (username, item, value)
            SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM user_data_import""" + HELD_WHERE + """
            )
            ON CONFLICT (username, item) DO UPDATE SET value = EXCLUDED.value, updated_at = now()""";

    private final Sql sql;
    private final String instance;

    UserDataClaims(Sql sql, String instance) {
        this.sql = sql;
        this.instance = instance;
    }

    /** A claimed import: its row as claimed and the fencing version. */
    public record Claim(UserDataImport row) {
        public long id() {
            return row.id();
        }

        public long version() {
            return row.version();
        }
    }

    /** Thrown when a write finds the claim taken back (the lease ran out and another replica took the import). */
    public static final class ClaimLostException extends RuntimeException {
        public ClaimLostException(long id) {
            super("import " + id + ": claim lost");
        }
    }

    public List<Claim> claimDue(Duration lease, int batch) {
        try (Connection c = sql.connection(); PreparedStatement ps = c.prepareStatement(CLAIM)) {
            Sql.bind(ps, instance, lease.toMillis(), batch);
            return Sql.all(ps, Sql::importRow).stream().map(Claim::new).toList();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public void event(Claim claim, String step, String outcome, String message) {
        if (sql.update(HELD_EVENT, step, outcome, message, instance, claim.id(), claim.version()) != 1) {
            throw new ClaimLostException(claim.id());
        }
    }

    /** The baseline of the items written or found equal (per new-platform username), under the claim. */
    public void saveBaseline(Claim claim, String username, Map<String, String> values) {
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (sql.update(SAVE_BASELINE, username, e.getKey(), e.getValue(), claim.id(), claim.version(),
                    instance) != 1) {
                throw new ClaimLostException(claim.id());
            }
        }
    }

    public UserDataImport performed(Claim claim, List<String> written, List<String> warnings) {
        return held(claim, sql.query(Sql::importRow, PERFORMED, String.join(", ", written),
                warnings.isEmpty() ? null : String.join("\n", warnings), claim.id(), claim.version(), instance));
    }

    /** Back to waiting; {@code countAttempt} false when the failure was the site's (bad token), not the import's. */
    public UserDataImport retryLater(Claim claim, String error, Duration delay, boolean countAttempt) {
        return held(claim, sql.query(Sql::importRow, RETRY_LATER, error, countAttempt ? 1 : 0, delay.toMillis(),
                claim.id(), claim.version(), instance));
    }

    public UserDataImport fail(Claim claim, String error, List<String> warnings) {
        return held(claim, sql.query(Sql::importRow, FAIL, error,
                warnings.isEmpty() ? null : String.join("\n", warnings), claim.id(), claim.version(), instance));
    }

    /** On shutdown: what this instance still holds is due again at once. */
    public int releaseClaims() {
        return sql.update("""
                UPDATE user_data_import SET status = 0, claimed_by = NULL, lease_until = NULL, next_attempt_at = now(),
                       version = version + 1, modified_at = now()
                 WHERE claimed_by = ? AND status = 1""", instance);
    }

    private static UserDataImport held(Claim claim, List<UserDataImport> rows) {
        if (rows.isEmpty()) {
            throw new ClaimLostException(claim.id());
        }
        return rows.get(0);
    }
}
