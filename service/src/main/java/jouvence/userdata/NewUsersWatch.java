package jouvence.userdata;

import jouvence.userdata.store.UserDataRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The watch of users newly created on the new platform (jouvence.user-data.watch-new-users, the plugin's
 * {@code trigger_on_create}): reads {@code {prefix}user} through the bridge's read-only pool, the users created after the
 * high-water mark ({@code timecreated}, then {@code id}) kept in Jouvence's database, filtered by
 * jouvence.user-data.auth, and asks an import of each from every server offering user data. The first look only sets
 * the mark (the users that were there before are not imported: ask for them through the API or a CSV).
 */
public final class NewUsersWatch {

    private static final Logger LOG = LoggerFactory.getLogger(NewUsersWatch.class);
    private static final int BATCH = 500;

    private final DataSource moodleDb;
    private final String prefix;
    private final String auth;
    private final UserDataRepository repository;
    private final UserDataService service;

    public NewUsersWatch(DataSource moodleDb, String prefix, String auth, UserDataRepository repository,
                         UserDataService service) {
        this.moodleDb = moodleDb;
        this.prefix = prefix;
        this.auth = auth;
        this.repository = repository;
        this.service = service;
    }

    /** One look; returns the usernames asked for. */
    public List<String> look() throws SQLException {
        var mark = repository.watchMark();
        List<String> asked = new ArrayList<>();
        try (Connection c = moodleDb.getConnection()) {
            if (mark.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(max(timecreated), 0), COALESCE(max(id), 0)"
                        + " FROM " + prefix + "user"); ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    repository.saveWatchMark(rs.getLong(1), rs.getLong(2));
                    LOG.info("user data: new users are watched from now on (timecreated > {})", rs.getLong(1));
                }
                return asked;
            }
            long lastTime = mark.get()[0];
            long lastId = mark.get()[1];
            String sql = "SELECT id, username, timecreated FROM " + prefix + "user WHERE deleted = 0 AND username <> "
                    + "'guest' AND (timecreated > ? OR (timecreated = ? AND id > ?))" + (auth.isEmpty() ? ""
                    : " AND auth = ?") + " ORDER BY timecreated, id LIMIT " + BATCH;
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, lastTime);
                ps.setLong(2, lastTime);
                ps.setLong(3, lastId);
                if (!auth.isEmpty()) {
                    ps.setString(4, auth);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String username = rs.getString("username");
                        for (String server : service.servers()) {
                            service.request(server, username, "watch", "watch");
                        }
                        asked.add(username);
                        lastTime = rs.getLong("timecreated");
                        lastId = rs.getLong("id");
                    }
                }
            }
            repository.saveWatchMark(lastTime, lastId);
        }
        return asked;
    }
}
