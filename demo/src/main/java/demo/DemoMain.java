package demo;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code java -jar demo/target/jouvence-demo.jar [demo [--keep-running] | try [--config=FILE] | help]}: the tools
 * around the product, never part of its jar or image. {@code demo} (the default) runs the whole pipeline against
 * simulated Moodles; {@code try} runs the real service on an embedded PostgreSQL, for trying it out.
 */
public final class DemoMain {

    /** System property: where the demo writes its log (Camel, Quartz, the service's own lines). */
    static final String LOG_FILE = "demo.log";

    private DemoMain() {
    }

    public static void main(String[] args) throws Exception {
        DemoCommand command;
        try {
            command = DemoCommand.parse(List.of(args), System.getenv("JOUVENCE_CONFIG"));
        } catch (DemoCommand.Refused refused) {
            System.err.println("jouvence-demo: " + refused.getMessage() + "; see --help");
            System.exit(DemoCommand.EXIT_USAGE);
            return;
        }
        switch (command.kind()) {
            case HELP -> System.out.print(DemoCommand.USAGE);
            case TRY -> TryOut.run(command.config());
            case DEMO -> {
                // Before the first log line: the service's start-up details go to a file, the console is the demo's.
                Path log = logFile();
                System.setProperty(LOG_FILE, log.toString());
                System.setProperty("logback.configurationFile", "logback-demo.xml");
                try {
                    Demo.run(command.keepRunning(), log);
                } catch (Exception failed) {
                    if (DemoSites.stoppedBySignal()) {
                        return; // the demo's calls fail as it is being stopped: the stop says what happened
                    }
                    System.err.println("jouvence-demo: the demo failed: " + failed + " (details in " + log + ")");
                    System.exit(1);
                }
            }
        }
    }

    /** Beside the demo's jar ({@code demo/target/jouvence-demo.log}, gone with {@code mvn clean}), or -Ddemo.log. */
    private static Path logFile() throws Exception {
        String given = System.getProperty(LOG_FILE);
        if (given != null && !given.isBlank()) {
            return Path.of(given).toAbsolutePath();
        }
        Path code = Path.of(DemoMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return code.toAbsolutePath().getParent().resolve("jouvence-demo.log");
    }
}
