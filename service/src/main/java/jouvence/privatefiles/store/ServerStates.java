package jouvence.privatefiles.store;

import javax.sql.DataSource;
import java.util.List;

/**
 * Course servers whose block token or service is refused, as every replica sees them: {@link #down} answers true only
 * to the replica whose update marked it down (that one mails the admins, once per outage).
 */
public class ServerStates {

    private final PrivateFilesSql sql;

    public ServerStates(DataSource db) {
        this.sql = new PrivateFilesSql(db);
    }

    public boolean down(String serverId, String message) {
        List<Integer> flipped = sql.query(rs -> 1, """
                INSERT INTO private_files_server (server_id, down, message) VALUES (?, TRUE, ?)
                ON CONFLICT (server_id) DO UPDATE SET down = TRUE, message = EXCLUDED.message, since = now()
                 WHERE NOT private_files_server.down RETURNING 1""", serverId, message);
        return !flipped.isEmpty();
    }

    public void up(String serverId) {
        sql.update("UPDATE private_files_server SET down = FALSE, message = NULL, since = now() "
                + "WHERE server_id = ? AND down", serverId);
    }
}
