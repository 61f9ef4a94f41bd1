package jouvence.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code jouvence [command] [--config FILE]} asks for, read without Camel so that a mistyped word is answered in one
 * line before anything starts. Options may come before or after the command; {@code --config} takes its file as
 * {@code --config=FILE} or {@code --config FILE}, and wins over {@code JOUVENCE_CONFIG}.
 *
 * @param command    what to do
 * @param configFile the administrator's properties file, checked readable; null = the embedded defaults only
 * @param word       the command as typed ({@code demo} or {@code try} for {@link Command#DEMO})
 */
public record CommandLine(Command command, Path configFile, String word) {

    /** The commands of the product's jar. */
    public enum Command {
        RUN, CHECK, HELP, VERSION,
        /** {@code demo} or {@code try}: tools of the demo module, answered with where to find them. */
        DEMO
    }

    /** A command line that cannot be obeyed: its message is one line for the operator (exit code 2). */
    public static final class UsageException extends Exception {
        public UsageException(String message) {
            super(message);
        }
    }

    private static final String CONFIG = "--config";

    /**
     * @param args       the arguments as given to main
     * @param envConfig  the value of {@code JOUVENCE_CONFIG} (null or blank = unset)
     * @throws UsageException an unknown option or command, a missing value, a configuration file that cannot be read
     */
    public static CommandLine parse(List<String> args, String envConfig) throws UsageException {
        String word = null;
        String config = null;
        String configSource = null;
        boolean help = false;
        boolean version = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (word == null && (arg.equals("demo") || arg.equals("try"))) {
                // the rest belongs to the demo module's own command line
                return new CommandLine(Command.DEMO, null, arg);
            }
            if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
            } else if (arg.equals("--version")) {
                version = true;
            } else if (arg.equals(CONFIG) || arg.startsWith(CONFIG + "=")) {
                String value;
                if (arg.equals(CONFIG)) {
                    if (i + 1 >= args.size() || args.get(i + 1).startsWith("-")) {
                        throw new UsageException("--config needs a file: --config=FILE or --config FILE");
                    }
                    value = args.get(++i);
                } else {
                    value = arg.substring(CONFIG.length() + 1);
                }
                if (value.isBlank()) {
                    throw new UsageException("--config needs a file: --config=FILE or --config FILE");
                }
                if (config != null) {
                    throw new UsageException("--config is given twice");
                }
                config = value;
                configSource = CONFIG;
            } else if (arg.startsWith("-")) {
                throw new UsageException("unknown option " + arg);
            } else if (word == null) {
                word = arg;
            } else {
                throw new UsageException("unexpected argument " + arg + " after the command " + word);
            }
        }
        Command command = command(word);
        if (help || command == Command.HELP) {
            return new CommandLine(Command.HELP, null, word);
        }
        if (version || command == Command.VERSION) {
            return new CommandLine(Command.VERSION, null, word);
        }
        if (config == null && envConfig != null && !envConfig.isBlank()) {
            config = envConfig;
            configSource = "JOUVENCE_CONFIG";
        }
        return new CommandLine(command, config == null ? null : readable(config, configSource), word);
    }

    private static Command command(String word) throws UsageException {
        if (word == null) {
            return Command.RUN;
        }
        return switch (word) {
            case "run" -> Command.RUN;
            case "check" -> Command.CHECK;
            case "help" -> Command.HELP;
            case "version" -> Command.VERSION;
            default -> throw new UsageException("unknown command " + word);
        };
    }

    private static Path readable(String file, String source) throws UsageException {
        Path path = Path.of(file);
        String named = "the configuration file " + file + " (" + source + ")";
        if (!Files.exists(path)) {
            throw new UsageException(named + " does not exist");
        }
        if (!Files.isRegularFile(path)) {
            throw new UsageException(named + " is not a file");
        }
        if (!Files.isReadable(path)) {
            throw new UsageException(named + " cannot be read (permissions)");
        }
        return path;
    }
}
