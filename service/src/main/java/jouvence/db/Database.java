package jouvence.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import jouvence.JouvenceConfig;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;

/** The queue's PostgreSQL (the configured one; there is no other), pooled by HikariCP and migrated by Flyway. */
public final class Database implements AutoCloseable {

    private final HikariDataSource pool;

    private Database(HikariDataSource pool) {
        this.pool = pool;
    }

    /** The pool, once the schema is migrated; no URL is refused (there is no fallback database). */
    public static Database start(JouvenceConfig.Database settings) {
        if (settings.url() == null || settings.url().isBlank()) {
            throw new IllegalArgumentException(JouvenceConfig.Database.NO_URL);
        }
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("jouvence");
        hikari.setMaximumPoolSize(settings.poolSize());
        hikari.setJdbcUrl(settings.url());
        hikari.setUsername(settings.username());
        hikari.setPassword(settings.password());
        HikariDataSource pool = new HikariDataSource(hikari);
        migrate(pool);
        return new Database(pool);
    }

    public static void migrate(DataSource db) {
        Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();
    }

    public DataSource dataSource() {
        return pool;
    }

    @Override
    public void close() {
        pool.close();
    }
}
