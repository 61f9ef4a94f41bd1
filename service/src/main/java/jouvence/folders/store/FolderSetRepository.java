package jouvence.folders.store;

import jouvence.folders.DuplicateFolderSetException;
import jouvence.folders.FolderEvent;
import jouvence.folders.FolderRecord;
import jouvence.folders.FolderSet;
import jouvence.folders.NewFolderSet;
import jouvence.folders.ShareRecord;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Folder sets for the service: new sets, reads (a set with its folders, shares and trail; the list), "sync now" and
 * "stop managing". The reconcile's writes go through {@link FolderSetClaims}. No statement on these tables lives
 * outside this package.
 */
public class FolderSetRepository {

    static final String INSERT = """
            INSERT INTO folder_set (course_id, cmid, name, group_mode, grouping_id, teacher_access, origin, created_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *""";

    /**
     * Due now; while a reconcile holds the set, due again right after it settles (its claim set next_attempt_at to
     * NULL, its settle keeps what this sets): never a second reconcile at once, never a request lost.
     */
    static final String SYNC = """
            UPDATE folder_set SET next_attempt_at = now(), attempts = 0,
                   state = CASE WHEN state IN ('failed', 'waiting') THEN 'pending' ELSE state END, modified_at = now()
             WHERE id = ? AND managed RETURNING *""";

    static final String STOP = """
            UPDATE folder_set SET managed = FALSE, state = 'stopped', next_attempt_at = NULL, claimed_by = NULL,
                   lease_until = NULL, version = version + 1, modified_at = now()
             WHERE id = ? AND managed RETURNING *""";

    private final FolderSql sql;
    private final FolderEvents events;
    private final FolderSetClaims claims;
    private final FolderOptIns optIns;
    private final CloudAccounts accounts;
    private final String instance;

    public FolderSetRepository(DataSource db, String instance) {
        this.sql = new FolderSql(db);
        this.instance = instance;
        this.events = new FolderEvents(sql, instance);
        this.claims = new FolderSetClaims(sql, events, instance);
        this.optIns = new FolderOptIns(sql);
        this.accounts = new CloudAccounts(sql);
    }

    /** The cloud accounts the participants authorised (jouvence.folders.identity=oauth). */
    public CloudAccounts accounts() {
        return accounts;
    }

    /** The participants' "Add to my cloud" wishes and the cloud accounts they authorised (share-mode opt-in). */
    public FolderOptIns optIns() {
        return optIns;
    }

    /** The claim and lease lifecycle of this instance, with every write of a reconcile. */
    public FolderSetClaims claims() {
        return claims;
    }

    public String instance() {
        return instance;
    }

    /**
     * Records a new set, due now, with its first trail line.
     *
     * @throws DuplicateFolderSetException the course has a managed set of that name, or the activity has one
     */
    public FolderSet insert(NewFolderSet n) {
        try (Connection c = sql.connection(); PreparedStatement ps = c.prepareStatement(INSERT)) {
            FolderSql.bind(ps, n.courseId(), n.cmid(), n.name(), n.groupMode().word(), n.groupingId(),
                    n.teacherAccess(), n.origin(), n.createdBy());
            FolderSet s = FolderSql.all(ps, FolderSql::set).get(0);
            events.record(s.id(), "intake", "ok", "created by " + n.createdBy() + " (" + n.origin() + ")");
            return s;
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                throw duplicate(n);
            }
            throw new IllegalStateException(e);
        }
    }

    private DuplicateFolderSetException duplicate(NewFolderSet n) {
        if (n.cmid() != null) {
            long id = sql.query(rs -> rs.getLong(1), "SELECT id FROM folder_set WHERE cmid = ?", n.cmid()).get(0);
            return new DuplicateFolderSetException("activity " + n.cmid() + " already has folder set " + id, id);
        }
        List<Long> ids = sql.query(rs -> rs.getLong(1), "SELECT id FROM folder_set WHERE course_id = ? AND "
                + "lower(name) = lower(?) AND cmid IS NULL AND managed", n.courseId(), n.name());
        long id = ids.isEmpty() ? -1 : ids.get(0);
        return new DuplicateFolderSetException("course " + n.courseId() + " already has a folder set named '"
                + n.name() + "' (id " + id + ")", id);
    }

    public Optional<FolderSet> find(long id) {
        return sql.query(FolderSql::set, "SELECT * FROM folder_set WHERE id = ?", id).stream().findFirst();
    }

    /** Sets newest first; a null filter matches everything. */
    public List<FolderSet> list(Long courseId, String state, int limit, int offset) {
        StringBuilder where = new StringBuilder(" WHERE TRUE");
        List<Object> args = new ArrayList<>();
        if (courseId != null) {
            where.append(" AND course_id = ?");
            args.add(courseId);
        }
        if (state != null) {
            where.append(" AND state = ?");
            args.add(state);
        }
        args.add(limit);
        args.add(offset);
        return sql.query(FolderSql::set, "SELECT * FROM folder_set" + where + " ORDER BY id DESC LIMIT ? OFFSET ?",
                args.toArray());
    }

    /** The set due now ("sync"); empty when there is no such managed set. */
    public Optional<FolderSet> requestSync(long id, String by) {
        Optional<FolderSet> s = sql.query(FolderSql::set, SYNC, id).stream().findFirst();
        s.ifPresent(x -> events.record(id, "sync", "info", "reconcile asked by " + by));
        return s;
    }

    /**
     * Reset with identity=oauth, by a participant who connected {@code to} since the share was made for its
     * recorded account: the next reconcile revokes that share and shares the folder with {@code to}. In the trail.
     */
    public void askShareMove(long setId, ShareRecord share, String to, String by) {
        sql.update("UPDATE cloud_share SET move_asked = TRUE, modified_at = now() WHERE id = ?", share.id());
        events.record(setId, "reset", "info", "asked by " + by + ": share " + share.shareId() + " of "
                + share.cloudUserId() + " to move to " + to + ", the cloud account they connected since");
    }

    /** Not managed any more (a reconcile in progress loses its claim); empty when there is no such managed set. */
    public Optional<FolderSet> stopManaging(long id, String by) {
        Optional<FolderSet> s = sql.query(FolderSql::set, STOP, id).stream().findFirst();
        s.ifPresent(x -> events.record(id, "stop", "info", "no longer managed (asked by " + by
                + "); its folders and shares in the cloud are left as they are"));
        return s;
    }

    /** The set made for the plugin's activity {@code cmid}, managed or not. */
    public Optional<FolderSet> findByCmid(long cmid) {
        return sql.query(FolderSql::set, "SELECT * FROM folder_set WHERE cmid = ?", cmid).stream().findFirst();
    }

    /** The bridge's sets Jouvence still manages, by cmid. */
    public List<FolderSet> managedFromBridge() {
        return sql.query(FolderSql::set, "SELECT * FROM folder_set WHERE origin = 'bridge' AND managed ORDER BY cmid");
    }

    /**
     * The activity was edited in Moodle (name, group mode, grouping, teacher flag): the set takes the change and is due
     * now, as with "sync" (a reconcile in progress settles, and the set is due again right after). Empty when not managed.
     */
    public Optional<FolderSet> updateFromActivity(long id, NewFolderSet n, String change) {
        Optional<FolderSet> s = sql.query(FolderSql::set, UPDATE_FROM_ACTIVITY, n.courseId(), n.name(),
                n.groupMode().word(), n.groupingId(), n.teacherAccess(), id).stream().findFirst();
        s.ifPresent(x -> events.record(id, "intake", "info", "the activity changed in Moodle: " + change));
        return s;
    }

    static final String UPDATE_FROM_ACTIVITY = """
            UPDATE folder_set SET course_id = ?, name = ?, group_mode = ?, grouping_id = ?, teacher_access = ?,
                   next_attempt_at = now(), attempts = 0,
                   state = CASE WHEN state IN ('failed', 'waiting') THEN 'pending' ELSE state END, modified_at = now()
             WHERE id = ? AND managed RETURNING *""";

    /** Folders by state (pending, ready, error; every state, 0 when none), for {@code jouvence_folders{state}}. */
    public java.util.Map<String, Long> folderCounts() {
        return counts("cloud_folder", List.of("pending", "ready", "error"));
    }

    /** Shares by state (pending, shared, revoked, kept, error, awaiting-connect), for {@code jouvence_shares{state}}. */
    public java.util.Map<String, Long> shareCounts() {
        return counts("cloud_share", List.of("pending", "shared", "revoked", "kept", "error"));
    }

    private java.util.Map<String, Long> counts(String table, List<String> states) {
        java.util.Map<String, Long> counts = new java.util.LinkedHashMap<>();
        states.forEach(state -> counts.put(state, 0L));
        sql.query(rs -> counts.put(rs.getString(1), rs.getLong(2)),
                "SELECT state, count(*) FROM " + table + " GROUP BY state");
        return counts;
    }

    public List<FolderRecord> folders(long setId) {
        return sql.query(FolderSql::folder, "SELECT * FROM cloud_folder WHERE folder_set_id = ? ORDER BY kind DESC, "
                + "group_id NULLS FIRST, id", setId);
    }

    public List<ShareRecord> shares(long setId) {
        return sql.query(FolderSql::share, "SELECT s.* FROM cloud_share s JOIN cloud_folder f ON f.id = s.folder_id "
                + "WHERE f.folder_set_id = ? ORDER BY s.folder_id, s.moodle_user_id", setId);
    }

    /** How many folders and shares are in error, per set of {@code setIds} (sets with none are left out). */
    public java.util.Map<Long, Long> itemErrorCounts(List<Long> setIds) {
        java.util.Map<Long, Long> out = new java.util.HashMap<>();
        if (setIds.isEmpty()) {
            return out;
        }
        String in = String.join(",", java.util.Collections.nCopies(setIds.size(), "?"));
        List<Object> args = new ArrayList<>(setIds);
        args.addAll(setIds);
        sql.query(rs -> out.put(rs.getLong(1), rs.getLong(2)), "SELECT set_id, count(*) FROM ("
                + "SELECT folder_set_id AS set_id FROM cloud_folder WHERE state = 'error' AND folder_set_id IN (" + in
                + ") UNION ALL SELECT f.folder_set_id FROM cloud_share s JOIN cloud_folder f ON f.id = s.folder_id "
                + "WHERE s.state = 'error' AND f.folder_set_id IN (" + in + ")) e GROUP BY set_id", args.toArray());
        return out;
    }

    public List<FolderEvent> events(long setId) {
        return events.of(setId);
    }
}
