package jouvence.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import jouvence.JouvenceConfig;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.ValidateResult;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;

/**
 * The queue's PostgreSQL (the configured one; there is no other), pooled by HikariCP and migrated by Flyway; plus a
 * one-connection pool of its own for the health check, so that the check never waits behind the work for a connection.
 */
public final class Database implements AutoCloseable {

    private final HikariDataSource pool;
    private final HikariDataSource checkPool;

    private Database(HikariDataSource pool, HikariDataSource checkPool) {
        this.pool = pool;
        this.checkPool = checkPool;
    }

    /** The pool, once the schema is migrated; no URL is refused (there is no fallback database). */
    public static Database start(JouvenceConfig.Database settings) {
        if (settings.url() == null || settings.url().isBlank()) {
            throw new IllegalArgumentException(JouvenceConfig.Database.NO_URL);
        }
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config(settings, "jouvence", settings.poolSize()));
        } catch (HikariPool.PoolInitializationException e) {
            throw new Unreachable(settings, e);
        }
        migrate(pool);
        return new Database(pool, new HikariDataSource(checkConfig(settings)));
    }

    /** The database did not answer at start-up: said in one line, with the settings to look at (no password). */
    public static final class Unreachable extends IllegalStateException {
        Unreachable(JouvenceConfig.Database settings, Exception e) {
            super("cannot use the database at " + settings.url().replaceAll("\\?.*", "") + " as " + settings.username()
                    + ": " + rootMessage(e) + " (check jouvence.db.url, .username, .password and the network)");
        }

        private static String rootMessage(Throwable e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        }
    }

    /**
     * The health check's pool: one connection, handed out within {@code check-timeout} or not at all, and a driver
     * that gives up connecting or reading after the same time (a database that accepts and then hangs is DOWN too).
     * It may start while the database is down.
     */
    private static HikariConfig checkConfig(JouvenceConfig.Database settings) {
        Duration timeout = settings.checkTimeout();
        HikariConfig check = config(settings, "jouvence-health", 1);
        check.setMinimumIdle(0);
        check.setConnectionTimeout(Math.max(250, timeout.toMillis()));
        check.setValidationTimeout(Math.max(250, timeout.toMillis() / 2));
        check.setInitializationFailTimeout(-1);
        long seconds = Math.max(1, timeout.toSeconds());
        check.addDataSourceProperty("connectTimeout", Long.toString(seconds));
        check.addDataSourceProperty("socketTimeout", Long.toString(seconds));
        check.addDataSourceProperty("loginTimeout", Long.toString(seconds));
        return check;
    }

    private static HikariConfig config(JouvenceConfig.Database settings, String name, int size) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName(name);
        hikari.setMaximumPoolSize(size);
        hikari.setJdbcUrl(settings.url());
        hikari.setUsername(settings.username());
        hikari.setPassword(settings.password());
        return hikari;
    }

    public static void migrate(DataSource db) {
        migrations().dataSource(db).load().migrate();
    }

    /**
     * What keeps this schema from being the one this Jouvence migrates to, read with Flyway's {@code info} and
     * {@code validate} (nothing is created or changed, not even Flyway's history table); null when it is up to date.
     * Flyway opens its own connections (it needs more than one at a time).
     */
    public static Schema schema(JouvenceConfig.Database settings) {
        Flyway flyway = migrations().dataSource(settings.url(), settings.username(), settings.password()).load();
        MigrationInfoService info = flyway.info();
        List<String> failed = versions(info.all(), MigrationState.FAILED);
        if (!failed.isEmpty()) {
            return Schema.broken("migration " + String.join(", ", failed) + " failed half-way: repair the schema "
                    + "(Flyway's repair) before starting");
        }
        List<String> future = versions(info.all(), MigrationState.FUTURE_SUCCESS);
        if (!future.isEmpty()) {
            return Schema.broken("the schema has migrations newer than this Jouvence (" + String.join(", ", future)
                    + "): run the Jouvence that made them");
        }
        List<String> pending = versions(info.pending(), null);
        if (!pending.isEmpty()) {
            return new Schema(null, pending); // validate would only repeat that they are pending
        }
        ValidateResult valid = flyway.validateWithResult();
        return valid.validationSuccessful ? new Schema(null, List.of()) : Schema.broken(
                "the applied migrations differ from this Jouvence's: " + valid.getAllErrorMessages());
    }

    /**
     * What {@link #schema} found: a {@code problem} that stops the service at start-up, or the migrations it will
     * apply when it starts ({@code pending}, all of them on a new database).
     */
    public record Schema(String problem, List<String> pending) {
        static Schema broken(String problem) {
            return new Schema(problem, List.of());
        }
    }

    private static List<String> versions(MigrationInfo[] migrations, MigrationState only) {
        return Arrays.stream(migrations).filter(m -> only == null || m.getState() == only)
                .map(m -> "V" + m.getVersion()).toList();
    }

    /** Where the schema's migrations are: the same for migrating at start-up and for {@link #schema}. */
    private static FluentConfiguration migrations() {
        return Flyway.configure().locations("classpath:db/migration");
    }

    /**
     * The health check's one-connection pool alone (no migration, no work pool): for {@code jouvence check}, which
     * asks whether the database answers with the very limits readiness uses.
     */
    public static HikariDataSource checkPool(JouvenceConfig.Database settings) {
        if (settings.url() == null || settings.url().isBlank()) {
            throw new IllegalArgumentException(JouvenceConfig.Database.NO_URL);
        }
        return new HikariDataSource(checkConfig(settings));
    }

    public DataSource dataSource() {
        return pool;
    }

    /** The health check's own one-connection pool (see {@link #start}). */
    public DataSource checkDataSource() {
        return checkPool;
    }

    @Override
    public void close() {
        checkPool.close();
        pool.close();
    }
}
