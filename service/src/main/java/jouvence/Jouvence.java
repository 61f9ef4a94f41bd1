package jouvence;

import org.apache.camel.main.Main;
import routes.HealthRouteBuilder;
import routes.NotifyRouteBuilder;
import routes.WebRouteBuilder;
import routes.courses.AdminRouteBuilder;
import routes.courses.BackupRouteBuilder;
import routes.courses.BridgeRouteBuilder;
import routes.courses.ClaimRouteBuilder;
import routes.courses.CourseHousekeepingRouteBuilder;
import routes.courses.DownloadRouteBuilder;
import routes.courses.EnrolRouteBuilder;
import routes.courses.ImportRouteBuilder;
import routes.courses.IntakeRouteBuilder;
import routes.courses.RequestErrors;
import routes.courses.RestoreRouteBuilder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Starts Jouvence. {@code java -jar jouvence.jar [--config=/etc/jouvence/application.properties]} runs the service.
 * A properties file given with {@code --config} (or {@code JOUVENCE_CONFIG}) overrides the embedded defaults key by key.
 * The demo and the try-out launcher live in their own module ({@code demo/}), never in the product's jar or image.
 */
public final class Jouvence {

    private Jouvence() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && (args[0].equals("demo") || args[0].equals("try"))) {
            System.err.println("jouvence: '" + args[0] + "' is not part of the product; run it from the demo module: "
                    + "java -jar demo/target/jouvence-demo.jar " + args[0]);
            System.exit(2);
        }
        String config = System.getenv("JOUVENCE_CONFIG");
        for (String arg : args) {
            if (arg.startsWith("--config=")) {
                config = arg.substring("--config=".length());
            } else {
                System.err.println("unknown argument " + arg + "; usage: jouvence [--config=FILE]");
                System.exit(2);
            }
        }
        System.setProperty(LOG_FORMAT, logFormat(config));
        Main main = create(config, Map.of());
        try {
            main.run();
        } catch (IllegalArgumentException refused) {
            if (main.getCamelContext() != null && main.getCamelContext().isStarted()) {
                throw refused; // not a start-up refusal: a bug, with its stack trace
            }
            // a configuration refused at start-up: one line, no stack trace
            System.err.println("jouvence: configuration refused: " + refused.getMessage());
            System.exit(2);
        }
        System.exit(main.getExitCode());
    }

    static final String LOG_FORMAT = "jouvence.log.format";

    /**
     * {@code jouvence.log.format}, read before the first log line: logging starts before Camel reads its properties.
     * Same precedence as Camel's: system property, environment ({@code JOUVENCE_LOG_FORMAT}), the admin's file, the
     * embedded defaults.
     */
    static String logFormat(String configFile) throws java.io.IOException {
        String value = System.getProperty(LOG_FORMAT, System.getenv("JOUVENCE_LOG_FORMAT"));
        if (value == null && configFile != null && !configFile.isBlank() && Files.isReadable(Path.of(configFile))) {
            java.util.Properties file = new java.util.Properties();
            try (var in = Files.newBufferedReader(Path.of(configFile))) {
                file.load(in);
            }
            value = file.getProperty(LOG_FORMAT);
        }
        if (value == null) {
            java.util.Properties defaults = new java.util.Properties();
            try (var in = Jouvence.class.getResourceAsStream("/application.properties")) {
                defaults.load(in);
            }
            value = defaults.getProperty(LOG_FORMAT, "text");
        }
        return value.strip();
    }

    /** A configured, not yet started Jouvence; {@code overrides} win over every properties file (tests, demo). */
    public static Main create(String configFile, Map<String, String> overrides) {
        Main main = new Main();
        String locations = "classpath:application.properties";
        if (configFile != null && !configFile.isBlank()) {
            if (!Files.isReadable(Path.of(configFile))) {
                throw new IllegalArgumentException("cannot read the configuration file " + configFile);
            }
            // The first location that has a key wins: the admin's file before the embedded defaults.
            locations = "file:" + Path.of(configFile).toAbsolutePath() + "," + locations;
        }
        main.setPropertyPlaceholderLocations(locations);
        overrides.forEach(main::addOverrideProperty);
        main.configure().addConfiguration(JouvenceBeans.class);
        // What every capability shares: mail, the Moodles' health, the pages.
        main.configure().addRoutesBuilder(new NotifyRouteBuilder());
        main.configure().addRoutesBuilder(new HealthRouteBuilder());
        main.configure().addRoutesBuilder(new WebRouteBuilder());
        // The course restore: intake (REST, operations, CSV, the block's queue), then the request's journey.
        main.configure().addRoutesBuilder(new RequestErrors());
        main.configure().addRoutesBuilder(new IntakeRouteBuilder());
        main.configure().addRoutesBuilder(new AdminRouteBuilder());
        main.configure().addRoutesBuilder(new ImportRouteBuilder());
        main.configure().addRoutesBuilder(new BridgeRouteBuilder());
        main.configure().addRoutesBuilder(new ClaimRouteBuilder());
        main.configure().addRoutesBuilder(new BackupRouteBuilder());
        main.configure().addRoutesBuilder(new DownloadRouteBuilder());
        main.configure().addRoutesBuilder(new RestoreRouteBuilder());
        main.configure().addRoutesBuilder(new EnrolRouteBuilder());
        main.configure().addRoutesBuilder(new CourseHousekeepingRouteBuilder());
        return main;
    }
}
