package jouvence.userdata.moodle;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Whether an account of the new platform was modified after its creation: its web services do not say
 * ({@code core_user_get_users_by_field} returns neither {@code timecreated} nor {@code timemodified}, checked on the lab's
 * real 4.4 site), so it is read from the new Moodle's database through the bridge's read-only settings
 * (jouvence.bridge.db.*, {@code {prefix}user}) when they are configured; otherwise it is unknown (null).
 */
public final class AccountTimes {

    private final DataSource moodleDb;
    private final String prefix;

    public AccountTimes(DataSource moodleDb, String prefix) {
        this.moodleDb = moodleDb;
        this.prefix = prefix;
    }

    /** true/false from the database; null when the account is not found there (or it cannot be read). */
    public Boolean modifiedAfterCreation(String username) {
        try (Connection c = moodleDb.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT timecreated, "
                + "timemodified FROM " + prefix + "user WHERE username = ? AND deleted = 0")) {
            ps.setString(1, username);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(2) > rs.getLong(1) : null;
            }
        } catch (SQLException e) {
            org.slf4j.LoggerFactory.getLogger(AccountTimes.class).warn("user data: the new platform's database could "
                    + "not tell whether {} was modified after creation: {}", username, e.getMessage());
            return null;
        }
    }
}
