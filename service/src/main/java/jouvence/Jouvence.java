package jouvence;

import jouvence.check.CheckCommand;
import jouvence.cli.CommandLine;
import jouvence.cli.StopSignals;
import jouvence.cli.Usage;
import jouvence.db.Database;
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
import java.util.List;
import java.util.Map;

/**
 * Starts Jouvence. {@code java -jar jouvence.jar [run|check|help|version] [--config=/etc/jouvence/application.properties]}
 * runs the service, checks a configuration ({@link CheckCommand}) or prints the usage ({@link Usage}).
 * A properties file given with {@code --config} (or {@code JOUVENCE_CONFIG}) overrides the embedded defaults key by key.
 * The demo and the try-out launcher live in their own module ({@code demo/}), never in the product's jar or image.
 */
public final class Jouvence {

    private Jouvence() {
    }

    public static void main(String[] args) throws Exception {
        CommandLine line;
        try {
            line = CommandLine.parse(List.of(args), System.getenv("JOUVENCE_CONFIG"));
        } catch (CommandLine.UsageException e) {
            System.err.println("jouvence: " + e.getMessage() + "; try 'jouvence --help'");
            System.exit(Usage.USAGE_ERROR);
            return;
        }
        switch (line.command()) {
            case HELP -> {
                System.out.print(Usage.TEXT);
                System.exit(Usage.OK);
            }
            case VERSION -> {
                System.out.println(Usage.version());
                System.exit(Usage.OK);
            }
            case DEMO -> {
                System.err.println("jouvence: '" + line.word() + "' is not part of the product; run it from the demo "
                        + "module: java -jar demo/target/jouvence-demo.jar " + line.word());
                System.exit(Usage.USAGE_ERROR);
            }
            case CHECK -> {
                String config = line.configFile() == null ? null : line.configFile().toString();
                System.setProperty(LOG_FORMAT, logFormat(config));
                CheckCommand.quietLogging();
                System.exit(CheckCommand.run(config, Map.of(), System.out));
            }
            case RUN -> run(line.configFile() == null ? null : line.configFile().toString());
        }
    }

    private static void run(String config) throws Exception {
        System.setProperty(LOG_FORMAT, logFormat(config));
        Main main = create(config, Map.of());
        StopSignals.install(main);
        try {
            main.run();
        } catch (IllegalArgumentException refused) {
            if (main.getCamelContext() != null && main.getCamelContext().isStarted()) {
                throw refused; // not a start-up refusal: a bug, with its stack trace
            }
            // a configuration refused at start-up: one line, no stack trace
            System.err.println("jouvence: configuration refused: " + refused.getMessage());
            System.exit(Usage.USAGE_ERROR);
        } catch (RuntimeException failed) {
            Database.Unreachable down = cause(failed, Database.Unreachable.class);
            if (down == null) {
                throw failed;
            }
            // the database down or refusing us at start-up: an operational fault, said in one line
            System.err.println("jouvence: not started: " + down.getMessage());
            System.exit(Usage.FAILED);
        }
        System.exit(main.getExitCode());
    }

    private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
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
        Main main = configured(configFile, overrides);
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
        // Collaborative folders: the folder sets' API (a JSON 404 when they are off), then their reconcile.
        main.configure().addRoutesBuilder(new routes.folders.FolderSetApiRouteBuilder());
        main.configure().addRoutesBuilder(new routes.folders.FolderClaimRouteBuilder());
        main.configure().addRoutesBuilder(new routes.folders.FolderReconcileRouteBuilder());
        main.configure().addRoutesBuilder(new routes.folders.FolderBridgeRouteBuilder()); // foldersops
        main.configure().addRoutesBuilder(new routes.folders.FolderHealthRouteBuilder()); // foldersops
        // Profile and preferences (issue 14): the imports' API (a JSON 404 when off), claim, import, watch, gauges.
        main.configure().addRoutesBuilder(new routes.userdata.UserDataApiRouteBuilder());
        main.configure().addRoutesBuilder(new routes.userdata.UserDataClaimRouteBuilder());
        main.configure().addRoutesBuilder(new routes.userdata.UserDataImportRouteBuilder());
        main.configure().addRoutesBuilder(new routes.userdata.UserDataWatchRouteBuilder());
        main.configure().addRoutesBuilder(new routes.userdata.UserDataMetricsRouteBuilder());
        // Private files (issue 14): their API (a JSON 404 when they are off), claim, fetch and put.
        main.configure().addRoutesBuilder(new routes.privatefiles.PrivateFilesApiRouteBuilder());
        main.configure().addRoutesBuilder(new routes.privatefiles.PrivateFilesClaimRouteBuilder());
        main.configure().addRoutesBuilder(new routes.privatefiles.PrivateFilesFetchRouteBuilder());
        main.configure().addRoutesBuilder(new routes.privatefiles.PrivateFilesPutRouteBuilder());
        return main;
    }

    /**
     * A camel-main with Jouvence's properties (the admin's file before the embedded defaults, {@code overrides} over
     * both) and nothing else: {@link #create} adds the beans and routes, {@code jouvence check} only what it probes.
     */
    public static Main configured(String configFile, Map<String, String> overrides) {
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
        return main;
    }
}
