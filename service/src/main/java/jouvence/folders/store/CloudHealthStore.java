package jouvence.folders.store;

import javax.sql.DataSource;
import java.util.Optional;

/**
 * Whether the cloud is down for every replica: the system account's credentials refused. The update that flips the
 * state returns true, so that exactly one replica tells the admins, once per outage (as {@code moodle_health}).
 */
public class CloudHealthStore {

    static final String DOWN = """
            INSERT INTO cloud_health (id, state, message, since) VALUES ('cloud', 'down', ?, now())
            ON CONFLICT (id) DO UPDATE SET state = 'down', message = EXCLUDED.message, since = now()
             WHERE cloud_health.state = 'up'""";

    static final String UP = "UPDATE cloud_health SET state = 'up', message = NULL, since = now() "
            + "WHERE id = 'cloud' AND state = 'down'";

    private final FolderSql sql;

    public CloudHealthStore(DataSource db) {
        this.sql = new FolderSql(db);
    }

    /** True when this call marked it down (it was up, or never seen). */
    public boolean markDown(String message) {
        return sql.update(DOWN, message) == 1;
    }

    /** True when this call marked it up again. */
    public boolean markUp() {
        return sql.update(UP) == 1;
    }

    /** Why the cloud is down, or empty when it is up. */
    public Optional<String> down() {
        return sql.query(rs -> rs.getString(1) == null ? "" : rs.getString(1),
                "SELECT message FROM cloud_health WHERE id = 'cloud' AND state = 'down'").stream().findFirst();
    }
}
