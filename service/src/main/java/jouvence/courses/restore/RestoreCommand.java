package jouvence.courses.restore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.regex.Pattern;

/**
 * The restore driver that runs the command as a local process ({@code jouvence.restore.driver=process}), by default
 * Moodle's own CLI ({@value RestoreTemplate#DEFAULT_TEMPLATE}); see {@link RestoreTemplate} for the template's rules.
 *
 * <p>stderr is merged into stdout and read as {@link RestoreDriver} says (whole output to the log file, tail, warnings,
 * course id). At the timeout, or when the calling thread is interrupted, the process and all its descendants are
 * killed.
 *
 * <p>Instances are immutable and thread-safe; each {@link #run} starts its own process.
 */
public final class RestoreCommand implements RestoreDriver {

    private static final Logger LOG = LoggerFactory.getLogger(RestoreCommand.class);

    /** How long to wait for the output to drain, and for killed processes to disappear. */
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
        OutputStream log = RestoreOutput.openLog(outputLog, "the restore command");
        RestoreOutput output = new RestoreOutput(settings);

        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        if (workDir != null) {
            pb.directory(workDir.toFile());
        }
        long t0 = System.nanoTime();
        Process process;
        try {
            process = pb.start();
        } catch (IOException | RuntimeException e) {
            closeQuietly(log);
            throw new RestoreFailedException(RestoreFailedException.START, startFailure(argv.get(0), shown, e),
                    null, null, null, e);
        }
        closeQuietly(process.getOutputStream()); // the command reads nothing: end of input at once
        LOG.info("restore command started, pid {}: {}", process.pid(), shown);

        OutputPump pump = new OutputPump(process.getInputStream(), log, outputLog, output);
        Thread pumpThread = new Thread(pump, "restore-output-" + process.pid());
        pumpThread.setDaemon(true);
        pumpThread.start();

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
            pump.await(GRACE);
            Thread.currentThread().interrupt();
            LOG.warn("restore interrupted after {}; process {} killed", elapsedSince(t0), process.pid());
            throw output.failure(RestoreFailedException.INTERRUPTED, "restore was interrupted (the service is "
                    + "stopping?) after " + elapsedSince(t0) + "; the process was killed.", null, e);
        }
        if (!finished) {
            ProcessTree.kill(process, GRACE);
            pump.await(GRACE);
            LOG.warn("restore timed out after {}; process {} killed", settings.timeout(), process.pid());
            throw output.failure(RestoreFailedException.TIMEOUT, "restore did not finish within "
                    + settings.timeout() + "; the process was killed.", null, null);
        }
        Duration elapsed = elapsedSince(t0);
        int exit = process.exitValue();
        if (!pump.await(GRACE)) {
            // a process started by the command still holds the output open; go on with what was read
            LOG.warn("restore output of pid {} still open {} after the command ended; not waiting any longer",
                    process.pid(), GRACE);
        }
        LOG.info("restore command pid {} ended with exit code {} after {}; course id {}", process.pid(), exit,
                elapsed, output.courseId());
        return output.result("the command", exit, elapsed);
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
