package jouvence.courses.restore;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Runs one course restore on the new Moodle and says which course it created ({@code jouvence.restore.driver}):
 * {@link RestoreCommand} starts a local process, {@link KubernetesRestoreJob} a Kubernetes Job. Both build the command
 * from the same {@link RestoreTemplate} and read its output with the same rules: the whole output goes to the output
 * log file, the last lines and the lines containing "warning" are kept, and the new course id is read line by line
 * with the course id pattern (the last matching line wins).
 */
public interface RestoreDriver extends AutoCloseable {

    /**
     * Runs the restore and waits for it.
     *
     * @param placeholders per-request values ({@link RestoreTemplate#REQUEST_PLACEHOLDERS}); those the template uses
     *                     are required (an empty string is a value); other keys are ignored
     * @param outputLog    file that receives the whole output (created or truncated; parent folders created)
     * @throws RestoreFailedException   codes {@code restore-start}, {@code restore-timeout}, {@code restore-exit},
     *                                  {@code restore-no-course-id}, {@code restore-interrupted} (the calling thread
     *                                  was interrupted: the restore was stopped and the interrupt flag is set again on
     *                                  return)
     * @throws IllegalArgumentException a placeholder the template uses has no value, or a value contains NUL
     */
    Result run(Map<String, String> placeholders, Path outputLog) throws RestoreFailedException;

    /**
     * What became of the restore whose whole output was to go to {@code outputLog}, when its worker stopped while it ran
     * (the service was killed). This reads what the restore left; it never starts one. By default from the output file
     * alone: a course id printed means finished, anything else died.
     */
    default RestoreState inspect(long requestId, Path outputLog) {
        return RestoreOutput.read(settings(), outputLog).state(outputLog);
    }

    /** What Jouvence's restore runner said it did, read back from an output file; empty for any other command. */
    default Optional<RunnerReport> runnerReport(Path outputLog) {
        return Optional.ofNullable(RestoreOutput.read(settings(), outputLog).runner());
    }

    /** What this driver was configured with. */
    Settings settings();

    /** Whether each restore is given this per-request value ({@code enrolmentmode}, {@code withuserdata}…). */
    default boolean passes(String placeholder) {
        return template().contains("{" + placeholder + "}");
    }

    /** The command template, as configured. */
    String template();

    /** Releases what the driver holds (nothing for a process; the Kubernetes client for a Job). */
    @Override
    default void close() {
    }

    /**
     * What every driver is configured with.
     *
     * @param command         the command template
     * @param timeout         how long a restore may run before it is stopped; positive
     * @param courseIdPattern finds the new course id in one output line, in group 1; null means
     *                        {@link #DEFAULT_COURSE_ID_PATTERN}
     * @param tailLines       how many last output lines to keep (1 to 10 000)
     */
    record Settings(RestoreTemplate command, Duration timeout, Pattern courseIdPattern, int tailLines) {

        /**
         * What Moodle's CLI prints at the end of a successful restore: "Restored course ID: 7" (4.4) or
         * "Restored course id: 7" (older), hence case-insensitive.
         */
        public static final Pattern DEFAULT_COURSE_ID_PATTERN =
                Pattern.compile("Restored course ID:\\s*(\\d+)", Pattern.CASE_INSENSITIVE);

        /** @throws IllegalArgumentException on any configuration error, naming it */
        public Settings {
            if (command == null) {
                throw new IllegalArgumentException("no restore command template");
            }
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("the restore timeout must be positive, not " + timeout);
            }
            courseIdPattern = courseIdPattern == null ? DEFAULT_COURSE_ID_PATTERN : courseIdPattern;
            if (courseIdPattern.matcher("").groupCount() < 1) {
                throw new IllegalArgumentException("the course id pattern \"" + courseIdPattern.pattern()
                        + "\" has no group: group 1 must capture the course id");
            }
            if (tailLines < 1 || tailLines > 10_000) {
                throw new IllegalArgumentException("tailLines must be between 1 and 10000, not " + tailLines);
            }
        }
    }

    /**
     * What a successful restore gave.
     *
     * @param exitCode always 0 (a non-zero exit is a {@link RestoreFailedException})
     * @param courseId id of the new course on the new Moodle
     * @param elapsed  how long the restore ran
     * @param tail     the last output lines
     * @param warnings output lines containing "warning", at most {@value RestoreOutput#MAX_WARNINGS}
     * @param runner   what Jouvence's restore runner says it did; null for any other command
     */
    record Result(int exitCode, long courseId, Duration elapsed, List<String> tail, List<String> warnings,
                  RunnerReport runner) {
        public Result {
            tail = List.copyOf(tail);
            warnings = List.copyOf(warnings);
        }
    }
}
