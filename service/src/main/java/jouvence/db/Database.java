package jouvence.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import jouvence.JouvenceConfig;
import org.flywaydb.core.Flyway;

import java.time.Duration;
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
        HikariDataSource pool = new HikariDataSource(config(settings, "jouvence", settings.poolSize()));
        migrate(pool);
        return new Database(pool, new HikariDataSource(checkConfig(settings)));
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
        Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();
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
