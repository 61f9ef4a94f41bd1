package jouvence.db;

import org.apache.camel.component.quartz.QuartzComponent;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The two Quartz schedulers of a replica.
 *
 * <ul>
 *   <li>{@value #CLUSTERED} — jobs that must run <b>once per cluster</b> whatever the number of replicas (the sweep of
 *   dead replicas' leases, staging housekeeping, the daily digest). Quartz's clustered JDBC job store on the queue's own
 *   PostgreSQL (tables {@code qrtz_*}, created by Flyway): each firing is taken by exactly one replica under a row lock,
 *   and a replica that dies mid-job is noticed by the others at their next check-in. Chosen over leader election
 *   because it needs nothing but the database the replicas already share (no Kubernetes Lease RBAC, no extra
 *   component), survives any replica's loss without a hand-over, and keeps the cron semantics (misfires included).</li>
 *   <li>{@value #LOCAL} — jobs every replica runs for itself (claiming work from the queue), in memory.</li>
 * </ul>
 */
public final class Schedulers {

    /** Endpoint scheme of the cluster-wide scheduler. */
    public static final String CLUSTERED = "quartz";
    /** Endpoint scheme of this replica's own scheduler. */
    public static final String LOCAL = "quartz-local";
    /** Quartz's name for the shared scheduler: the same on every replica, it is the key of the rows they share. */
    static final String CLUSTER_NAME = "jouvence";
    private static final String DATA_SOURCE = "jouvence";
    /** The pools of the clustered schedulers started in this JVM, newest first (see {@link #clustered}). */
    private static final java.util.Deque<DataSource> POOLS = new java.util.concurrent.ConcurrentLinkedDeque<>();

    private Schedulers() {
    }

    /**
     * A Quartz component whose jobs fire once across every replica sharing {@code dataSource}.
     *
     * @param instanceId  this replica's unique name (Quartz's instance id)
     * @param checkinMillis how often this replica tells the others it is alive; a replica silent for longer has its
     *                    running jobs recovered by another
     */
    public static QuartzComponent clustered(DataSource dataSource, String instanceId, long checkinMillis) {
        // Quartz keeps one scheduler per name and one provider per data source name in the JVM: a second Jouvence of
        // the same JVM (tests, the demo) shares them. The provider hands out connections of the newest pool still
        // open, so that stopping one Jouvence does not leave the other's scheduler on a closed pool.
        POOLS.addFirst(dataSource);
        DBConnectionManager.getInstance().addConnectionProvider(DATA_SOURCE, new ConnectionProvider() {
            @Override
            public Connection getConnection() throws SQLException {
                for (DataSource pool : POOLS) {
                    if (!(pool instanceof com.zaxxer.hikari.HikariDataSource h && h.isClosed())) {
                        return pool.getConnection();
                    }
                }
                return dataSource.getConnection(); // every pool closed: its own error says so
            }

            @Override
            public void shutdown() {
                // the pool belongs to Jouvence's Database, closed after the routes
            }

            @Override
            public void initialize() {
                // nothing: the pool is already open
            }
        });
        return component(CLUSTER_NAME, Map.of(
                "org.quartz.scheduler.instanceId", instanceId,
                "org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX",
                "org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate",
                "org.quartz.jobStore.dataSource", DATA_SOURCE,
                "org.quartz.jobStore.tablePrefix", "qrtz_",
                "org.quartz.jobStore.isClustered", "true",
                "org.quartz.jobStore.clusterCheckinInterval", Long.toString(checkinMillis),
                "org.quartz.jobStore.acquireTriggersWithinLock", "true"));
    }

    /** A Quartz component in memory, for what each replica schedules for itself. */
    public static QuartzComponent local() {
        return component(CLUSTER_NAME + "-local", Map.of("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore"));
    }

    private static QuartzComponent component(String name, Map<String, String> store) {
        java.util.Properties p = new java.util.Properties();
        p.put("org.quartz.scheduler.instanceName", name);
        p.put("org.quartz.scheduler.skipUpdateCheck", "true");
        p.put("org.quartz.threadPool.threadCount", "2");
        p.put("org.quartz.scheduler.makeSchedulerThreadDaemon", "true");
        p.put("org.quartz.threadPool.makeThreadsDaemons", "true");
        p.putAll(store);
        QuartzComponent quartz = new QuartzComponent();
        quartz.setPrefixInstanceName(false);
        quartz.setProperties(p);
        return quartz;
    }
}
