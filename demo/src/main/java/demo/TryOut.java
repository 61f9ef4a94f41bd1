package demo;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jouvence.Jouvence;
import org.apache.camel.main.Main;
import org.apache.camel.main.SimpleMainShutdownStrategy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code jouvence-demo try [--config=FILE]}: the real service, configured as usual, but on an embedded PostgreSQL whose
 * data stays in {@code data/postgres}: the explicit opt-in for trying Jouvence out without a database server. The
 * product itself refuses to start without {@code jouvence.db.url}.
 */
final class TryOut {

    static final Path DATA = Path.of("data", "postgres");

    private TryOut() {
    }

    /** @param config the properties file ({@link DemoCommand} checked that it is readable), or null */
    static void run(String config) throws Exception {
        Files.createDirectories(DATA);
        // The database stops after the service, never under it: its own shutdown hook would race Camel's.
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(DATA).setCleanDataDirectory(false)
                .setRegisterShutdownHook(false).start();
        System.err.printf("%n*** TRYING JOUVENCE OUT on an EMBEDDED PostgreSQL (data in %s): NOT FOR PRODUCTION ***%n%n",
                DATA.toAbsolutePath());
        Main main = Jouvence.create(config, Map.of("jouvence.db.url", postgres.getJdbcUrl("postgres", "postgres"),
                "jouvence.db.username", "postgres"));
        // No Camel hangup hook: this one stops the service, then the database; Camel's would also call a Ctrl-C SIGTERM.
        main.setShutdownStrategy(new SimpleMainShutdownStrategy());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopInOrder(main, postgres), "stop-embedded-postgres"));
        try {
            main.run();
        } catch (IllegalArgumentException refused) {
            if (main.getCamelContext() != null && main.getCamelContext().isStarted()) {
                throw refused;
            }
            System.err.println("jouvence-demo try: configuration refused: " + refused.getMessage());
            System.exit(2);
        }
        System.exit(main.getExitCode());
    }

    /** The service first (its graceful shutdown needs the database), then the embedded PostgreSQL. */
    private static void stopInOrder(Main main, EmbeddedPostgres postgres) {
        System.err.println("jouvence-demo try: stopping the service, then the embedded PostgreSQL…");
        try {
            main.stop();
        } catch (RuntimeException e) {
            System.err.println("jouvence-demo try: stopping the service: " + e);
        }
        try {
            postgres.close();
        } catch (IOException e) {
            System.err.println("could not stop the embedded PostgreSQL: " + e.getMessage());
        }
    }
}
