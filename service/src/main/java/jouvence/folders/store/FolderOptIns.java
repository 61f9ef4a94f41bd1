package jouvence.folders.store;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The participants' wishes of the participants' page: "Add to my cloud" (with jouvence.folders.share-mode=opt-in the
 * reconcile shares only those who asked) and, once they named their copy, the cloud account that authorised it. One
 * row per (folder set, Moodle user); pressing twice changes nothing.
 */
public final class FolderOptIns {

    /** A participant's wish for one folder set. */
    public record OptIn(long folderSetId, long moodleUserId, String moodleUsername, String authorisedCloudUser,
                        String mountName) {
    }

    private final FolderSql sql;

    FolderOptIns(FolderSql sql) {
        this.sql = sql;
    }

    /** Records the wish; true when it is new. */
    public boolean add(long setId, long moodleUserId, String moodleUsername) {
        return sql.update("INSERT INTO folder_opt_in (folder_set_id, moodle_user_id, moodle_username) VALUES (?, ?, ?) "
                + "ON CONFLICT DO NOTHING", setId, moodleUserId, moodleUsername) > 0;
    }

    /** The participant named their copy (authorised as {@code cloudUser}); the row is made if needed. */
    public void named(long setId, long moodleUserId, String moodleUsername, String cloudUser, String mountPath) {
        sql.update("INSERT INTO folder_opt_in (folder_set_id, moodle_user_id, moodle_username, authorised_cloud_user, "
                + "mount_name) VALUES (?, ?, ?, ?, ?) ON CONFLICT (folder_set_id, moodle_user_id) DO UPDATE SET "
                + "authorised_cloud_user = EXCLUDED.authorised_cloud_user, mount_name = EXCLUDED.mount_name, "
                + "modified_at = now()", setId, moodleUserId, moodleUsername, cloudUser, mountPath);
    }

    /** The Moodle user ids who asked for this set's folders. */
    public Set<Long> of(long setId) {
        return new HashSet<>(sql.query(rs -> rs.getLong(1), "SELECT moodle_user_id FROM folder_opt_in "
                + "WHERE folder_set_id = ?", setId));
    }

    /** Everything a user asked for, for their page. */
    public List<OptIn> byUser(String moodleUsername) {
        return sql.query(rs -> new OptIn(rs.getLong("folder_set_id"), rs.getLong("moodle_user_id"),
                rs.getString("moodle_username"), rs.getString("authorised_cloud_user"), rs.getString("mount_name")),
                "SELECT * FROM folder_opt_in WHERE moodle_username = ?", moodleUsername);
    }

    public Optional<OptIn> find(long setId, long moodleUserId) {
        return sql.query(rs -> new OptIn(rs.getLong("folder_set_id"), rs.getLong("moodle_user_id"),
                rs.getString("moodle_username"), rs.getString("authorised_cloud_user"), rs.getString("mount_name")),
                "SELECT * FROM folder_opt_in WHERE folder_set_id = ? AND moodle_user_id = ?", setId, moodleUserId)
                .stream().findFirst();
    }
}
