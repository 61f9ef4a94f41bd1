package demo;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jouvence.Jouvence;
import org.apache.camel.main.Main;

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
        int exit;
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(DATA).setCleanDataDirectory(false)
                .start()) {
            System.err.printf("%n*** TRYING JOUVENCE OUT on an EMBEDDED PostgreSQL (data in %s): NOT FOR PRODUCTION ***%n%n",
                    DATA.toAbsolutePath());
            Main main = Jouvence.create(config, Map.of("jouvence.db.url", postgres.getJdbcUrl("postgres", "postgres"),
                    "jouvence.db.username", "postgres"));
            main.run();
            exit = main.getExitCode();
        }
        System.exit(exit);
    }
}
