package jouvence.courses.bridge;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import jouvence.JouvenceConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/** The bridge's own small pool on the new Moodle's database: only when the bridge is enabled. */
public final class BridgeDatabase {

    private static final Logger LOG = LoggerFactory.getLogger(BridgeDatabase.class);

    private BridgeDatabase() {
    }

    /** The pool of an enabled bridge (no connection is made yet); empty when the bridge is off. */
    public static Optional<HikariDataSource> open(JouvenceConfig.Bridge bridge) {
        if (!bridge.enabled()) {
            return Optional.empty();
        }
        LOG.info("bridge to the Moodle block: taking the rows of {} every {} ms", bridge.tablePrefix()
                + "block_external_backuprestore", bridge.pollIntervalMs());
        return Optional.of(pool(bridge, "moodle-bridge"));
    }

    /**
     * A small pool on the new Moodle's database with the bridge's settings (the collaborative folders' bridge opens
     * its own, enabled or not the block's).
     */
    public static HikariDataSource pool(JouvenceConfig.Bridge bridge, String name) {
        if (bridge.dbUrl() == null || bridge.dbUrl().isBlank()) {
            throw new IllegalArgumentException("jouvence.bridge.db.url: the " + name + " pool needs the JDBC URL of the "
                    + "Moodle database");
        }
        HikariConfig h = new HikariConfig();
        h.setPoolName(name);
        h.setJdbcUrl(bridge.dbUrl());
        h.setUsername(bridge.dbUsername());
        h.setPassword(bridge.dbPassword());
        h.setMaximumPoolSize(2);
        h.setMinimumIdle(0);
        h.setConnectionTimeout(10_000);
        // A Moodle database that is down must not stop Jouvence: each run says so and tries again.
        h.setInitializationFailTimeout(-1);
        return new HikariDataSource(h);
    }
}
