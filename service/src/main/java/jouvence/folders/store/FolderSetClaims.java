package jouvence.folders.store;

import jouvence.folders.FolderRecord;
import jouvence.folders.FolderSet;
import jouvence.folders.ShareRecord;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * The claim and lease lifecycle of folder sets and every write of a reconcile (as {@code RequestClaims} for restores).
 * <p>
 * Fencing: the claim moves {@code version} on and keeps it in a {@link FolderClaim}; every later write is guarded by
 * {@code id, version, claimed_by = instance, state = 'reconciling'}, and a write that changes nothing means the claim
 * was lost. A set whose lease ran out (its replica died) is claimable again by anyone: no separate sweep.
 */
public class FolderSetClaims {

    /**
     * The scheduled reconcile: every settled managed set becomes due (sets waiting keep their back-off; a set being
     * reconciled is that run's work already, not made due again behind it).
     */
    static final String SCHEDULED_DUE = """
            UPDATE folder_set SET next_attempt_at = now()
             WHERE managed AND next_attempt_at IS NULL AND state <> 'reconciling'""";

    /**
     * The claim takes the set's due request ({@code next_attempt_at} back to NULL): a sync asked while it holds the
     * set ({@link FolderSetRepository#requestSync}, which may come after this reconcile read Moodle and the cloud) sets
     * it again, and the settle keeps it, so the set is due again right after, once; never two reconciles at once.
     */

    static final String CLAIM = """
            UPDATE folder_set
               SET state = 'reconciling', claimed_by = ?, lease_until = now() + ? * interval '1 millisecond',
                   version = version + 1, next_attempt_at = NULL, modified_at = now()
             WHERE id IN (SELECT id FROM folder_set
                           WHERE managed AND ((state <> 'reconciling' AND next_attempt_at <= now())
                                              OR (state = 'reconciling' AND lease_until < now()))
                           ORDER BY next_attempt_at, id LIMIT ? FOR UPDATE SKIP LOCKED)
            RETURNING *""";

    private static final String HELD = "SELECT 1 FROM folder_set WHERE id = ? AND version = ? AND claimed_by = ? "
            + "AND state = 'reconciling'";

    static final String SAVE_FOLDER = """
            INSERT INTO cloud_folder (folder_set_id, kind, group_id, group_name, path, file_id, state, wanted, error)
            SELECT ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (""" + HELD + """
            )
            ON CONFLICT (folder_set_id, kind, COALESCE(group_id, 0)) DO UPDATE
               SET group_name = EXCLUDED.group_name, path = EXCLUDED.path, file_id = EXCLUDED.file_id,
                   state = EXCLUDED.state, wanted = EXCLUDED.wanted, error = EXCLUDED.error, modified_at = now()
            RETURNING *""";

    static final String SAVE_SHARE = """
            INSERT INTO cloud_share (folder_id, moodle_user_id, moodle_username, cloud_user_id, share_id, permissions,
                                     state, error, move_asked)
            SELECT ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (""" + HELD + """
            )
            ON CONFLICT (folder_id, moodle_user_id) DO UPDATE
               SET moodle_username = EXCLUDED.moodle_username, cloud_user_id = EXCLUDED.cloud_user_id,
                   share_id = EXCLUDED.share_id, permissions = EXCLUDED.permissions, state = EXCLUDED.state,
                   error = EXCLUDED.error, move_asked = EXCLUDED.move_asked, modified_at = now()
            RETURNING *""";

    private static final String HELD_WHERE = " WHERE id = ? AND version = ? AND claimed_by = ? AND state = 'reconciling'";

    /**
     * Done: settled, attempts back to 0; due again at the next scheduled reconcile, or at once when a sync was asked
     * while it ran ({@code next_attempt_at}, NULL since the claim, is left as that sync set it).
     */
    static final String SETTLE = """
            UPDATE folder_set SET state = ?, last_error = ?, attempts = 0, claimed_by = NULL,
                   lease_until = NULL, last_reconciled_at = now(), modified_at = now()""" + HELD_WHERE + " RETURNING *";

    /**
     * Back to waiting; {@code attempts} grows only when the failure was the set's own (not the cloud down). The back-off
     * wins over a sync asked meanwhile: the set is tried again anyway, and at once would meet the same fault.
     */
    static final String RETRY_LATER = """
            UPDATE folder_set SET state = 'waiting', last_error = ?, attempts = attempts + ?,
                   next_attempt_at = now() + ? * interval '1 millisecond', claimed_by = NULL, lease_until = NULL,
                   modified_at = now()""" + HELD_WHERE + " RETURNING *";

    /**
     * Attempts spent: failed, settled until the next scheduled reconcile tries again (or at once when a sync was asked
     * while it ran, as a sync asked after it would: {@code next_attempt_at} is left as the claim and that sync set it).
     */
    static final String FAIL = """
            UPDATE folder_set SET state = 'failed', last_error = ?, attempts = attempts + 1,
                   claimed_by = NULL, lease_until = NULL, modified_at = now()""" + HELD_WHERE + " RETURNING *";

    private final FolderSql sql;
    private final FolderEvents events;
    private final String instance;

    FolderSetClaims(FolderSql sql, FolderEvents events, String instance) {
        this.sql = sql;
        this.events = events;
        this.instance = instance;
    }

    public String instance() {
        return instance;
    }

    /** The scheduled reconcile's first step; returns how many settled sets became due. */
    public int markScheduledDue() {
        return sql.update(SCHEDULED_DUE);
    }

    /** Claims up to {@code batch} due sets (one statement; competing replicas skip each other's rows). */
    public List<FolderClaim> claimDue(Duration lease, int batch) {
        try (Connection c = sql.connection(); PreparedStatement ps = c.prepareStatement(CLAIM)) {
            FolderSql.bind(ps, instance, lease.toMillis(), batch);
            // No trail line per claim: a set is claimed every scheduled run; its reconcile's end says what happened.
            return FolderSql.all(ps, FolderSql::set).stream().map(FolderClaim::new).toList();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public FolderRecord saveFolder(FolderClaim claim, String kind, Long groupId, String groupName, String path,
                                   Long fileId, String state, boolean wanted, String error) {
        return held(claim, sql.query(FolderSql::folder, SAVE_FOLDER, claim.id(), kind, groupId, groupName, path, fileId,
                state, wanted, error, claim.id(), claim.version(), instance));
    }

    public ShareRecord saveShare(FolderClaim claim, long folderId, long moodleUserId, String moodleUsername,
                                 String cloudUserId, Long shareId, Integer permissions, String state, String error) {
        return saveShare(claim, folderId, moodleUserId, moodleUsername, cloudUserId, shareId, permissions, state, error,
                false);
    }

    /** @param moveAsked whether a move to another cloud account (Reset, identity=oauth) is still to be made */
    public ShareRecord saveShare(FolderClaim claim, long folderId, long moodleUserId, String moodleUsername,
                                 String cloudUserId, Long shareId, Integer permissions, String state, String error,
                                 boolean moveAsked) {
        return held(claim, sql.query(FolderSql::share, SAVE_SHARE, folderId, moodleUserId, moodleUsername, cloudUserId,
                shareId, permissions, state, error, moveAsked, claim.id(), claim.version(), instance));
    }

    /** A line of the set's trail, written only while the claim holds. */
    public void event(FolderClaim claim, String step, String outcome, String message) {
        if (!events.recordHeld(claim.id(), claim.version(), step, outcome, message)) {
            throw new FolderClaimLostException(claim.id());
        }
    }

    /** @param state ready, or partial when some folders or shares are in error ({@code error} says which) */
    public FolderSet settle(FolderClaim claim, String state, String error) {
        return held(claim, sql.query(FolderSql::set, SETTLE, state, error, claim.id(), claim.version(), instance));
    }

    public FolderSet retryLater(FolderClaim claim, String error, Duration delay, boolean countAttempt) {
        return held(claim, sql.query(FolderSql::set, RETRY_LATER, error, countAttempt ? 1 : 0, delay.toMillis(),
                claim.id(), claim.version(), instance));
    }

    public FolderSet fail(FolderClaim claim, String error) {
        return held(claim, sql.query(FolderSql::set, FAIL, error, claim.id(), claim.version(), instance));
    }

    /** Whether the set is claimable now (managed, due, not held): e.g. a sync was asked while it was reconciled. */
    public boolean dueNow(long id) {
        return sql.count("SELECT count(*) FROM folder_set WHERE id = ? AND managed AND state <> 'reconciling' "
                + "AND next_attempt_at <= now()", id) > 0;
    }

    /** Extends the lease of a long reconcile (thrown when the claim was lost meanwhile). */
    public void heartbeat(FolderClaim claim, Duration lease) {
        if (sql.update("UPDATE folder_set SET lease_until = now() + ? * interval '1 millisecond'" + HELD_WHERE,
                lease.toMillis(), claim.id(), claim.version(), instance) == 0) {
            throw new FolderClaimLostException(claim.id());
        }
    }

    /** On shutdown: the sets this instance still holds are due again at once (no lease to wait for). */
    public int releaseClaims() {
        return sql.update("""
                UPDATE folder_set SET state = 'pending', claimed_by = NULL, lease_until = NULL, next_attempt_at = now(),
                       version = version + 1, modified_at = now()
                 WHERE claimed_by = ? AND state = 'reconciling'""", instance);
    }

    /** Back-dates a lease, as a killed replica leaves it (tests; operators freeing a stuck set). */
    public int expireLease(long id) {
        return sql.update("UPDATE folder_set SET lease_until = now() - interval '1 second' WHERE id = ? "
                + "AND state = 'reconciling'", id);
    }

    private static <T> T held(FolderClaim claim, List<T> rows) {
        if (rows.isEmpty()) {
            throw new FolderClaimLostException(claim.id());
        }
        return rows.get(0);
    }
}
