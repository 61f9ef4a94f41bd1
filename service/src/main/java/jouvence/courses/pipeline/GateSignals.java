package jouvence.courses.pipeline;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * Wakes this replica when another one lets a course server's gate go for others
 * ({@link ServerGates.Gate#closeAndTellOthers()}: a PostgreSQL NOTIFY on {@value #CHANNEL}, its instance id as
 * payload). A replica keeps a server's gate from one request to the next while its restore slots keep up, and lets it
 * go when they are full: another replica with free slots then takes the server's next request at once, instead of at
 * its next scheduled claim (bench/README.md, replicas: the gate stood idle 144 ms per request without this). A gate
 * let go because its server has nothing due is not signalled (replicas would otherwise wake each other for nothing).
 * One pooled connection listens, on a thread of its own.
 */
public final class GateSignals implements AutoCloseable {

    static final String CHANNEL = "jouvence_gate_freed";

    private static final Logger LOG = LoggerFactory.getLogger(GateSignals.class);
    private static final int WAIT_MS = 1000;

    private final DataSource db;
    private final String instance;
    private final Runnable onFreedElsewhere;
    private final Thread listener;
    private volatile boolean running = true;

    private GateSignals(DataSource db, String instance, Runnable onFreedElsewhere) {
        this.db = db;
        this.instance = instance;
        this.onFreedElsewhere = onFreedElsewhere;
        this.listener = new Thread(this::listen, "gate-signals");
        listener.setDaemon(true);
    }

    /** Starts listening; {@code onFreedElsewhere} runs on the listening thread for each gate another instance let go. */
    public static GateSignals listen(DataSource db, String instance, Runnable onFreedElsewhere) {
        GateSignals signals = new GateSignals(db, instance, onFreedElsewhere);
        signals.listener.start();
        return signals;
    }

    private void listen() {
        while (running) {
            try (Connection c = db.getConnection()) {
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + CHANNEL);
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] received = pg.getNotifications(WAIT_MS);
                    if (received == null) {
                        continue;
                    }
                    for (PGNotification n : received) {
                        if (!instance.equals(n.getParameter())) {
                            onFreedElsewhere.run();
                            break; // one look at the queue answers all of them
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    LOG.warn("not listening for gates freed by other replicas ({}); trying again in {} ms", e.toString(),
                            WAIT_MS);
                    try {
                        Thread.sleep(WAIT_MS);
                    } catch (InterruptedException stop) {
                        return;
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            listener.join(2L * WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
