package jouvence.folders.store;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * jouvence.folders.identity=oauth: the cloud account each participant authorised on the participants' page, by Moodle
 * username (the OAuth flow's {@code user_id} and when; never a token). A later authorisation as another account
 * replaces it, the one before kept beside it.
 */
public final class CloudAccounts {

    private final FolderSql sql;

    CloudAccounts(FolderSql sql) {
        this.sql = sql;
    }

    /** Records who {@code moodleUsername} authorised as; returns the account recorded before (empty: none). */
    public Optional<String> authorised(String moodleUsername, String cloudUserId) {
        Optional<String> before = of(moodleUsername);
        sql.update("INSERT INTO cloud_account (moodle_username, cloud_user_id) VALUES (?, ?) ON CONFLICT "
                + "(moodle_username) DO UPDATE SET previous_cloud_user_id = CASE WHEN cloud_account.cloud_user_id = "
                + "EXCLUDED.cloud_user_id THEN cloud_account.previous_cloud_user_id ELSE cloud_account.cloud_user_id "
                + "END, cloud_user_id = EXCLUDED.cloud_user_id, authorised_at = now()", moodleUsername, cloudUserId);
        return before;
    }

    public Optional<String> of(String moodleUsername) {
        return sql.query(rs -> rs.getString(1), "SELECT cloud_user_id FROM cloud_account WHERE moodle_username = ?",
                moodleUsername).stream().findFirst();
    }

    /** The accounts of these users, by username (those who never authorised are not in it). */
    public Map<String, String> of(Collection<String> moodleUsernames) {
        Map<String, String> out = new HashMap<>();
        if (moodleUsernames.isEmpty()) {
            return out;
        }
        sql.query(rs -> out.put(rs.getString(1), rs.getString(2)), "SELECT moodle_username, cloud_user_id FROM "
                + "cloud_account WHERE moodle_username = ANY (?)", (Object) moodleUsernames.toArray(new String[0]));
        return out;
    }

    /** The managed sets where a share of this user waits for them to connect their cloud. */
    public java.util.List<Long> awaitingSets(String moodleUsername) {
        return sql.query(rs -> rs.getLong(1), "SELECT DISTINCT f.folder_set_id FROM cloud_share s JOIN cloud_folder f "
                + "ON f.id = s.folder_id JOIN folder_set fs ON fs.id = f.folder_set_id WHERE s.moodle_username = ? "
                + "AND s.state = 'awaiting-connect' AND fs.managed ORDER BY 1", moodleUsername);
    }
}
