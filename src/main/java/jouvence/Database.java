package jouvence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;

/** The queue's PostgreSQL: the configured one, or an embedded one when none is configured; migrated by Flyway. */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource pool;
    private final EmbeddedPostgres embedded;

    private Database(HikariDataSource pool, EmbeddedPostgres embedded) {
        this.pool = pool;
        this.embedded = embedded;
    }

    public static Database start(JouvenceConfig.Database settings) {
        EmbeddedPostgres embedded = null;
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("jouvence");
        hikari.setMaximumPoolSize(settings.poolSize());
        if (settings.embedded()) {
            try {
                Files.createDirectories(settings.embeddedDir());
                embedded = EmbeddedPostgres.builder().setDataDirectory(settings.embeddedDir())
                        .setCleanDataDirectory(false).start();
            } catch (IOException e) {
                throw new IllegalStateException("cannot start the embedded PostgreSQL in " + settings.embeddedDir(), e);
            }
            LOG.warn("""

                    ******************************************************************************************
                    *  NO DATABASE CONFIGURED (jouvence.db.url is empty): using an EMBEDDED PostgreSQL        *
                    *  with its data in {}. This is for trying Jouvence out, NOT FOR PRODUCTION.
                    ******************************************************************************************""",
                    settings.embeddedDir().toAbsolutePath());
            hikari.setJdbcUrl(embedded.getJdbcUrl("postgres", "postgres"));
        } else {
            hikari.setJdbcUrl(settings.url());
            hikari.setUsername(settings.username());
            hikari.setPassword(settings.password());
        }
        HikariDataSource pool = new HikariDataSource(hikari);
        migrate(pool);
        return new Database(pool, embedded);
    }

    public static void migrate(DataSource db) {
        Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();
    }

    public DataSource dataSource() {
        return pool;
    }

    @Override
    public void close() throws IOException {
        pool.close();
        if (embedded != null) {
            embedded.close();
        }
    }
}
