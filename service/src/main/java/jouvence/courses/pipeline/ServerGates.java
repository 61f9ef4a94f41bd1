package jouvence.courses.pipeline;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * The critical section around the backup call on one course server, shared by every replica: a PostgreSQL session
 * advisory lock per (server, slot). The plugin stores every no-user-data backup in one slot that the next backup
 * overwrites, so by default a server has one slot (which downloads do not hold: see {@code RequestClaims#CLAIM_ONE}).
 * The lock lives as long as the connection: a killed process releases it with its connection.
 */
public class ServerGates {

    private static final int NAMESPACE = 0x4A4F5556; // "JOUV"

    private final DataSource db;
    private final String instance;
    /** Slots of each server held by this instance: no trip to the database for a slot known to be taken here. */
    private final Map<String, AtomicInteger> heldHere = new ConcurrentHashMap<>();

    /** @param instance this replica's id, told to the others when it lets a gate go ({@link GateSignals}) */
    public ServerGates(DataSource db, String instance) {
        this.db = db;
        this.instance = instance;
    }

    /** A held gate; closing it releases the lock and returns the connection to the pool. */
    public static final class Gate implements AutoCloseable {
        private final DataSource pool;
        private final Connection connection;
        private final String serverId;
        private final int key;
        private final AtomicInteger held;
        private final String instance;
        private boolean closed;

        Gate(DataSource pool, Connection connection, String serverId, int key, AtomicInteger held, String instance) {
            this.pool = pool;
            this.connection = connection;
            this.serverId = serverId;
            this.key = key;
            this.held = held;
            this.instance = instance;
        }

        public Connection connection() {
            return connection;
        }

        public String serverId() {
            return serverId;
        }

        @Override
        public void close() {
            release(false);
        }

        /**
         * Releases the gate and tells the other replicas ({@link GateSignals}): for a gate let go while its server may
         * still have due requests, which this instance cannot take now.
         */
        public void closeAndTellOthers() {
            release(true);
        }

        private synchronized void release(boolean tellOthers) {
            if (closed) {
                return;
            }
            closed = true;
            held.decrementAndGet();
            // Unlocked and, when asked, the other replicas told so, in one round trip.
            try (connection; PreparedStatement ps = connection.prepareStatement(tellOthers
                    ? "SELECT pg_advisory_unlock(?, ?), pg_notify('" + GateSignals.CHANNEL + "', ?)"
                    : "SELECT pg_advisory_unlock(?, ?)")) {
                ps.setInt(1, NAMESPACE);
                ps.setInt(2, key);
                if (tellOthers) {
                    ps.setString(3, instance);
                }
                ps.execute();
            } catch (SQLException e) {
                // The lock may still be held by this session: never hand such a connection back to the pool.
                if (pool instanceof com.zaxxer.hikari.HikariDataSource hikari) {
                    hikari.evictConnection(connection);
                }
            }
        }
    }

    /** Takes a free slot of this server's gate, or nothing when all {@code slots} are held (here or elsewhere). */
    public Optional<Gate> tryAcquire(String serverId, int slots) {
        AtomicInteger held = heldHere.computeIfAbsent(serverId, id -> new AtomicInteger());
        if (held.get() >= slots) {
            return Optional.empty();
        }
        for (int slot = 0; slot < slots; slot++) {
            int key = serverId.hashCode() * 31 + slot;
            Connection c = null;
            try {
                c = db.getConnection();
                c.setAutoCommit(true);
                try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
                    ps.setInt(1, NAMESPACE);
                    ps.setInt(2, key);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        if (rs.getBoolean(1)) {
                            held.incrementAndGet();
                            return Optional.of(new Gate(db, c, serverId, key, held, instance));
                        }
                    }
                }
                c.close();
            } catch (SQLException e) {
                closeQuietly(c);
                throw new IllegalStateException("cannot take the gate of server " + serverId, e);
            }
        }
        return Optional.empty();
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // already failing
            }
        }
    }
}
