package demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The demo jar's command line, read before anything starts: a misspelt option must not silently run the whole demo,
 * and {@code --help} must answer without starting anything. Exit codes a script can rely on: 0 usage asked for,
 * 2 a refused command line ({@link Refused}).
 *
 * @param config the properties file of {@code try} ({@code --config}, else {@code JOUVENCE_CONFIG}); null: none
 */
record DemoCommand(Kind kind, boolean keepRunning, String config) {

    enum Kind { DEMO, TRY, HELP }

    static final int EXIT_USAGE = 2;

    static final String USAGE = """
            usage: java -jar demo/target/jouvence-demo.jar [COMMAND] [OPTIONS]

            Tools around Jouvence, never part of the product's jar or image.

            commands:
              demo [--keep-running]   (the default) the whole pipeline against simulated Moodles, an embedded
                                      PostgreSQL and a real SMTP server: posts sample requests, runs the queue and
                                      prints what happened to each. --keep-running keeps the service up afterwards
                                      (Ctrl-C stops it, exit code 130; SIGTERM: 143).
              try [--config=FILE]     the real service on an embedded PostgreSQL (data in ./data/postgres), NOT FOR
                                      PRODUCTION. --config FILE (or the environment variable JOUVENCE_CONFIG) gives
                                      your properties, overriding the embedded defaults key by key.
              help, --help, -h        this text.

            exit codes: 0 done (or this text), 1 the demo failed (details in its log file), 2 a wrong command line,
            130 stopped by Ctrl-C, 143 stopped by SIGTERM.
            """;

    /** A command line refused before anything started: one line, exit {@link #EXIT_USAGE}. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    /**
     * @param environmentConfig {@code JOUVENCE_CONFIG}, or null
     * @throws Refused an unknown command or option, a missing value, an unreadable configuration file
     */
    static DemoCommand parse(List<String> args, String environmentConfig) throws Refused {
        if (args.stream().anyMatch(a -> a.equals("--help") || a.equals("-h"))
                || (!args.isEmpty() && args.get(0).equals("help"))) {
            return new DemoCommand(Kind.HELP, false, null);
        }
        String command = args.isEmpty() || args.get(0).startsWith("-") ? "demo" : args.get(0);
        List<String> options = args.isEmpty() || args.get(0).startsWith("-") ? args : args.subList(1, args.size());
        return switch (command) {
            case "demo" -> demo(options);
            case "try" -> tryOut(options, environmentConfig);
            default -> throw new Refused("unknown command '" + command + "' (commands: demo, try, help)");
        };
    }

    private static DemoCommand demo(List<String> options) throws Refused {
        boolean keepRunning = false;
        for (String option : options) {
            if (option.equals("--keep-running")) {
                keepRunning = true;
            } else {
                throw new Refused("unknown option '" + option + "' for demo (its only option: --keep-running)");
            }
        }
        return new DemoCommand(Kind.DEMO, keepRunning, null);
    }

    private static DemoCommand tryOut(List<String> options, String environmentConfig) throws Refused {
        String config = environmentConfig == null || environmentConfig.isBlank() ? null : environmentConfig;
        String from = "JOUVENCE_CONFIG";
        for (int i = 0; i < options.size(); i++) {
            String option = options.get(i);
            if (option.startsWith("--config=")) {
                config = option.substring("--config=".length());
            } else if (option.equals("--config")) {
                if (i + 1 >= options.size() || options.get(i + 1).startsWith("-")) {
                    throw new Refused("--config needs a file: --config=FILE or --config FILE");
                }
                config = options.get(++i);
            } else {
                throw new Refused("unknown option '" + option + "' for try (its only option: --config=FILE)");
            }
            from = "--config";
        }
        if (config != null) {
            if (config.isBlank()) {
                throw new Refused("--config needs a file: --config=FILE or --config FILE");
            }
            Path file = Path.of(config);
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw new Refused("cannot read the configuration file " + config + " (given by " + from + ")"
                        + (Files.exists(file) ? "" : ": no such file"));
            }
        }
        return new DemoCommand(Kind.TRY, false, config);
    }
}
