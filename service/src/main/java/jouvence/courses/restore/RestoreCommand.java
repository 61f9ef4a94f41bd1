package jouvence.courses.restore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.regex.Pattern;

/**
 * The restore driver that runs the command as a local process ({@code jouvence.restore.driver=process}), by default
 * Jouvence's restore runner ({@value RestoreTemplate#DEFAULT_TEMPLATE}); see {@link RestoreTemplate} for the
 * template's rules.
 *
 * <p>stderr is merged into stdout, and both go straight into the output log file (no pipe: the restore keeps its output
 * when the service dies), which is then read as {@link RestoreDriver} says (tail, warnings, course id). The process runs
 * in its own process group ({@code setsid}); a marker beside the output ({@link RestoreMarker}) names it for
 * {@link #inspect}. At the timeout, or when the calling thread is interrupted (the service stops), the process and all
 * its descendants are killed.
 *
 * <p>Instances are immutable and thread-safe; each {@link #run} starts its own process.
 */
public final class RestoreCommand implements RestoreDriver {

    private static final Logger LOG = LoggerFactory.getLogger(RestoreCommand.class);

    /** How long to wait for killed processes to disappear. */
    static final Duration GRACE = Duration.ofSeconds(10);

    private final Settings settings;
    private final Path workDir;

    /**
     * @param settings the template, timeout and output rules
     * @param workDir  working directory of the process; null means this JVM's
     */
    public RestoreCommand(Settings settings, Path workDir) {
        if (settings == null) {
            throw new IllegalArgumentException("no restore settings");
        }
        this.settings = settings;
        this.workDir = workDir;
    }

    /**
     * Same as {@code new RestoreCommand(new Settings(new RestoreTemplate(template, fixedPlaceholders), timeout,
     * courseIdPattern, tailLines), workDir)}.
     *
     * @throws IllegalArgumentException on any configuration error, naming it (e.g. an unknown placeholder)
     */
    public RestoreCommand(String template, Map<String, String> fixedPlaceholders, Duration timeout,
                          Pattern courseIdPattern, int tailLines, Path workDir) {
        this(new Settings(new RestoreTemplate(template, fixedPlaceholders), timeout, courseIdPattern, tailLines),
                workDir);
    }

    @Override
    public String template() {
        return settings.command().template();
    }

    public Duration timeout() {
        return settings.timeout();
    }

    @Override
    public Result run(Map<String, String> placeholders, Path outputLog) throws RestoreFailedException {
        return run(placeholders, outputLog, null);
    }

    /**
     * {@link #run(Map, Path)}, telling the PID of the process as soon as it started.
     *
     * @param onStart optional; called on the calling thread with the PID right after the process started (its
     *                exceptions are logged and ignored)
     */
    public Result run(Map<String, String> placeholders, Path outputLog, LongConsumer onStart)
            throws RestoreFailedException {
        List<String> argv = settings.command().argv(placeholders);
        String shown = RestoreTemplate.display(argv);
        OutputLogFile.create(outputLog, "the restore command");
        // The output goes straight to the file, not through a pipe: a restore outlives a killed service with its
        // output kept, for whoever resumes the request (inspect).
        ProcessBuilder pb = new ProcessBuilder(ProcessTree.ownProcessGroup(argv)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(outputLog.toFile()));
        if (workDir != null) {
            pb.directory(workDir.toFile());
        }
        if (ProcessTree.SETSID != null && !ProcessTree.runnable(argv.get(0), workDir)) {
            // setsid would start, then fail to run it (exit 127): said as the start failure it is
            throw new RestoreFailedException(RestoreFailedException.START, "the restore command could not be started: \""
                    + argv.get(0) + "\" was not found or cannot be run (no such executable file"
                    + (argv.get(0).contains("/") ? "" : " on the PATH") + "). Command: " + shown, null, null, null, null);
        }
        long t0 = System.nanoTime();
        Process process;
        try {
            process = pb.start();
        } catch (IOException | RuntimeException e) {
            throw new RestoreFailedException(RestoreFailedException.START, startFailure(argv.get(0), shown, e),
                    null, null, null, e);
        }
        closeQuietly(process.getOutputStream()); // the command reads nothing: end of input at once
        LOG.info("restore command started, pid {}: {}", process.pid(), shown);
        mark(process, outputLog);
        if (onStart != null) {
            try {
                onStart.accept(process.pid());
            } catch (RuntimeException e) {
                LOG.warn("restore pid listener failed (ignored): {}", e.toString());
            }
        }

        boolean finished;
        try {
            finished = process.waitFor(nanos(settings.timeout()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            ProcessTree.kill(process, GRACE);
            Thread.currentThread().interrupt();
            LOG.warn("restore interrupted after {}; process {} killed", elapsedSince(t0), process.pid());
            throw RestoreOutput.read(settings, outputLog).failure(RestoreFailedException.INTERRUPTED, "restore was "
                    + "interrupted (the service is stopping?) after " + elapsedSince(t0) + "; the process was killed.",
                    null, e);
        }
        if (!finished) {
            ProcessTree.kill(process, GRACE);
            LOG.warn("restore timed out after {}; process {} killed", settings.timeout(), process.pid());
            throw RestoreOutput.read(settings, outputLog).failure(RestoreFailedException.TIMEOUT, "restore did not "
                    + "finish within " + settings.timeout() + "; the process was killed.", null, null);
        }
        Duration elapsed = elapsedSince(t0);
        int exit = process.exitValue();
        RestoreOutput output = RestoreOutput.read(settings, outputLog);
        LOG.info("restore command pid {} ended with exit code {} after {}; course id {}", process.pid(), exit,
                elapsed, output.courseId());
        return output.result("the command", exit, elapsed);
    }

    /** After a crash of the service: see {@link OrphanedRestore}. */
    @Override
    public RestoreState inspect(long requestId, Path outputLog) {
        return OrphanedRestore.inspect(settings, outputLog);
    }

    /** The process id and start, beside the output: who inspects the request after a crash knows what to look for. */
    private static void mark(Process process, Path outputLog) {
        try {
            RestoreMarker.of(process.toHandle()).write(outputLog.toAbsolutePath().getParent());
        } catch (IOException | RuntimeException e) {
            LOG.warn("the restore's process marker could not be written beside {}: {}", outputLog, e.toString());
        }
    }

    @Override
    public Settings settings() {
        return settings;
    }

    private static String startFailure(String executable, String shown, Exception e) {
        // ProcessBuilder says: Cannot run program "php" (in directory "/x"): error=2, No such file or directory
        String reason = e.getCause() != null && e.getCause().getMessage() != null
                ? e.getCause().getMessage() : String.valueOf(e.getMessage());
        return "the restore command could not be started: \"" + executable
                + "\" was not found or cannot be run (" + reason + "). Command: " + shown;
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static long nanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    private static Duration elapsedSince(long t0) {
        return Duration.ofMillis((System.nanoTime() - t0) / 1_000_000);
    }

    static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // nothing to do
        }
    }
}
