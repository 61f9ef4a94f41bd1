package jouvence.restore;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a course restore on the new Moodle through a configurable command, by default Moodle's own CLI
 * ({@value #DEFAULT_TEMPLATE}).
 *
 * <p><b>Template.</b> The template is split on whitespace into arguments <em>first</em>; placeholders
 * {@code {name}} are then replaced inside each argument, in a single pass (a value that itself contains
 * {@code {file}} is not expanded again). No shell is involved, so a value with spaces, quotes or {@code ;} always stays
 * inside its one argument. Known placeholders: the fixed ones given to the constructor (e.g. {@code moodle} →
 * {@code /var/www/moodle}) and the per-request ones in {@link #REQUEST_PLACEHOLDERS}: {@code file},
 * {@code categoryid}, {@code withuserdata} (0/1), {@code enrolmentmode} (0/1/2), {@code requester} (username or
 * empty), {@code requestid}. Any other {@code {name}} makes the constructor fail; text in braces that is not a
 * {@code {name}} (e.g. {@code {}} or {@code {a b}}) is left as it is.
 *
 * <p>Moodle's {@code admin/cli/restore_backup.php} accepts only {@code --file} and {@code --categoryid} (and
 * {@code --showdebugging}): it always restores as the main administrator with the site's restore defaults, so
 * {@code withuserdata}, {@code enrolmentmode} and {@code requester} are there for custom drivers (a wrapper script,
 * moosh…) and are ignored by the default template.
 *
 * <p><b>Running.</b> stderr is merged into stdout; the output goes, byte for byte, to the output log file, and its
 * last {@code tailLines} lines (each cut at {@value #MAX_LINE_CHARS} characters) are kept in memory, so memory stays
 * constant whatever the output size. Lines containing "warning" (any case) are collected, at most
 * {@value #MAX_WARNINGS}. The new course id is read with {@code courseIdPattern}'s group 1, line by line; the last
 * matching line wins. At the timeout, or when the calling thread is interrupted, the process and all its descendants
 * are killed.
 *
 * <p>Instances are immutable and thread-safe; each {@link #run} starts its own process.
 */
public final class RestoreCommand {

    private static final Logger LOG = LoggerFactory.getLogger(RestoreCommand.class);

    /** Moodle's CLI restore into a new course of the given category (Moodle ≥ 3.10, MDL-69307). */
    public static final String DEFAULT_TEMPLATE =
            "php {moodle}/admin/cli/restore_backup.php --file={file} --categoryid={categoryid}";

    /**
     * What Moodle's CLI prints at the end of a successful restore: "Restored course ID: 7" (4.4) or
     * "Restored course id: 7" (older), hence case-insensitive.
     */
    public static final Pattern DEFAULT_COURSE_ID_PATTERN =
            Pattern.compile("Restored course ID:\\s*(\\d+)", Pattern.CASE_INSENSITIVE);

    /** Placeholders whose values are given to each {@link #run}. */
    public static final Set<String> REQUEST_PLACEHOLDERS = Collections.unmodifiableSet(new LinkedHashSet<>(
            List.of("file", "categoryid", "withuserdata", "enrolmentmode", "requester", "requestid")));

    /** At most this many warning lines are kept. */
    public static final int MAX_WARNINGS = 20;
    /** Longer output lines are cut (in the tail and warnings only; the log file has everything). */
    public static final int MAX_LINE_CHARS = 2000;
    /** How many of the last lines an exception message quotes. */
    static final int MESSAGE_LINES = 10;
    /** How long to wait for the output to drain, and for killed processes to disappear. */
    static final Duration GRACE = Duration.ofSeconds(10);

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_.-]+)}");

    private final List<String> argTemplates;
    private final Map<String, String> fixedPlaceholders;
    private final Set<String> usedRequestPlaceholders;
    private final Duration timeout;
    private final Pattern courseIdPattern;
    private final int tailLines;
    private final Path workDir;

    /**
     * @param template          the command; {@code null} or blank is refused (use {@link #DEFAULT_TEMPLATE})
     * @param fixedPlaceholders values known from the configuration, e.g. {@code moodle} → {@code /var/www/moodle};
     *                          may be null; may not redefine a per-request placeholder
     * @param timeout           how long a restore may run before it is killed; positive
     * @param courseIdPattern   finds the new course id in one output line, in group 1; null means
     *                          {@link #DEFAULT_COURSE_ID_PATTERN}
     * @param tailLines         how many last output lines to keep (1 to 10 000)
     * @param workDir           working directory of the process; null means this JVM's
     * @throws IllegalArgumentException on any configuration error, naming it (e.g. an unknown placeholder)
     */
    public RestoreCommand(String template, Map<String, String> fixedPlaceholders, Duration timeout,
                          Pattern courseIdPattern, int tailLines, Path workDir) {
        if (template == null || template.isBlank()) {
            throw new IllegalArgumentException("the restore command template is empty");
        }
        Map<String, String> fixed = new HashMap<>();
        if (fixedPlaceholders != null) {
            for (Map.Entry<String, String> e : fixedPlaceholders.entrySet()) {
                String name = e.getKey();
                if (name == null || !PLACEHOLDER.matcher("{" + name + "}").matches()) {
                    throw new IllegalArgumentException("invalid placeholder name " + quote(String.valueOf(name))
                            + " (letters, digits, '_', '.', '-')");
                }
                if (REQUEST_PLACEHOLDERS.contains(name)) {
                    throw new IllegalArgumentException("placeholder {" + name
                            + "} is given per request and cannot be fixed in the configuration");
                }
                if (e.getValue() == null) {
                    throw new IllegalArgumentException("placeholder {" + name + "} has no value");
                }
                checkValue(name, e.getValue());
                fixed.put(name, e.getValue());
            }
        }
        List<String> args = List.of(template.trim().split("\\s+"));
        Set<String> usedRequest = new LinkedHashSet<>();
        for (String arg : args) {
            Matcher m = PLACEHOLDER.matcher(arg);
            while (m.find()) {
                String name = m.group(1);
                if (REQUEST_PLACEHOLDERS.contains(name)) {
                    usedRequest.add(name);
                } else if (!fixed.containsKey(name)) {
                    Set<String> known = new TreeSet<>(REQUEST_PLACEHOLDERS);
                    known.addAll(fixed.keySet());
                    throw new IllegalArgumentException("unknown placeholder {" + name
                            + "} in the restore command template; known placeholders: {"
                            + String.join("}, {", known) + "}");
                }
            }
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the restore timeout must be positive, not " + timeout);
        }
        Pattern pattern = courseIdPattern == null ? DEFAULT_COURSE_ID_PATTERN : courseIdPattern;
        if (pattern.matcher("").groupCount() < 1) {
            throw new IllegalArgumentException("the course id pattern " + quote(pattern.pattern())
                    + " has no group: group 1 must capture the course id");
        }
        if (tailLines < 1 || tailLines > 10_000) {
            throw new IllegalArgumentException("tailLines must be between 1 and 10000, not " + tailLines);
        }
        this.argTemplates = args;
        this.fixedPlaceholders = Map.copyOf(fixed);
        this.usedRequestPlaceholders = Collections.unmodifiableSet(usedRequest);
        this.timeout = timeout;
        this.courseIdPattern = pattern;
        this.tailLines = tailLines;
        this.workDir = workDir;
    }

    /**
     * What a successful restore gave.
     *
     * @param exitCode always 0 (a non-zero exit is a {@link RestoreFailedException})
     * @param courseId id of the new course on the new Moodle
     * @param elapsed  how long the command ran
     * @param tail     the last output lines
     * @param warnings output lines containing "warning", at most {@value RestoreCommand#MAX_WARNINGS}
     */
    public record Result(int exitCode, long courseId, Duration elapsed, List<String> tail, List<String> warnings) {
        public Result {
            tail = List.copyOf(tail);
            warnings = List.copyOf(warnings);
        }
    }

    /** The template, as configured. */
    public String template() {
        return String.join(" ", argTemplates);
    }

    public Duration timeout() {
        return timeout;
    }

    /** Same as {@link #run(Map, Path, LongConsumer)} without a PID listener. */
    public Result run(Map<String, String> placeholders, Path outputLog) throws RestoreFailedException {
        return run(placeholders, outputLog, null);
    }

    /**
     * Runs the restore and waits for it.
     *
     * @param placeholders per-request values ({@link #REQUEST_PLACEHOLDERS}); those the template uses are required
     *                     (an empty string is a value); other keys are ignored
     * @param outputLog    file that receives the whole output (created or truncated; parent folders created)
     * @param onStart      optional; called on the calling thread with the PID right after the process started
     *                     (its exceptions are logged and ignored)
     * @throws RestoreFailedException   codes {@code restore-start}, {@code restore-timeout}, {@code restore-exit},
     *                                  {@code restore-no-course-id}, {@code restore-interrupted} (the calling thread
     *                                  was interrupted: the process tree was killed and the interrupt flag is set
     *                                  again on return)
     * @throws IllegalArgumentException a placeholder the template uses has no value, or a value contains NUL
     */
    public Result run(Map<String, String> placeholders, Path outputLog, LongConsumer onStart)
            throws RestoreFailedException {
        List<String> argv = argv(placeholders);
        String shown = display(argv);
        if (Thread.interrupted()) {
            Thread.currentThread().interrupt();
            throw new RestoreFailedException(RestoreFailedException.INTERRUPTED,
                    "restore was not started: the service is stopping (thread interrupted).", null, null, null, null);
        }

        OutputStream log;
        try {
            Path parent = outputLog.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            log = new BufferedOutputStream(Files.newOutputStream(outputLog), 64 * 1024);
        } catch (IOException e) {
            throw new RestoreFailedException(RestoreFailedException.START, "the restore command was not started: "
                    + "its output log " + outputLog + " cannot be written (" + e + ").", null, null, null, e);
        }

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

        OutputPump pump = new OutputPump(process.getInputStream(), log, outputLog, courseIdPattern, tailLines);
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
            finished = process.waitFor(nanos(timeout), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            killTree(process);
            pump.await(GRACE);
            Thread.currentThread().interrupt();
            LOG.warn("restore interrupted after {}; process {} killed", elapsedSince(t0), process.pid());
            throw new RestoreFailedException(RestoreFailedException.INTERRUPTED,
                    "restore was interrupted (the service is stopping?) after " + elapsedSince(t0)
                            + "; the process was killed. " + lastLines(pump.tail()),
                    null, pump.courseId(), pump.tail(), e);
        }
        if (!finished) {
            killTree(process);
            pump.await(GRACE);
            LOG.warn("restore timed out after {}; process {} killed", timeout, process.pid());
            throw new RestoreFailedException(RestoreFailedException.TIMEOUT,
                    "restore did not finish within " + timeout + "; the process was killed. "
                            + lastLines(pump.tail()), null, pump.courseId(), pump.tail(), null);
        }
        Duration elapsed = elapsedSince(t0);
        int exit = process.exitValue();
        if (!pump.await(GRACE)) {
            // a process started by the command still holds the output open; go on with what was read
            LOG.warn("restore output of pid {} still open {} after the command ended; not waiting any longer",
                    process.pid(), GRACE);
        }
        List<String> tail = pump.tail();
        Long courseId = pump.courseId();
        LOG.info("restore command pid {} ended with exit code {} after {}; course id {}", process.pid(), exit,
                elapsed, courseId);
        if (exit != 0) {
            throw new RestoreFailedException(RestoreFailedException.EXIT,
                    "restore failed: the command ended with exit code " + exit + " after " + elapsed + "."
                            + (courseId != null ? " It did print course id " + courseId
                            + ", so a partly restored course may exist." : "")
                            + " " + lastLines(tail), exit, courseId, tail, null);
        }
        if (courseId == null) {
            throw new RestoreFailedException(RestoreFailedException.NO_COURSE_ID,
                    "restore ended (exit code 0) but never printed the new course id (no output line matched "
                            + quote(courseIdPattern.pattern()) + "). " + lastLines(tail), exit, null, tail, null);
        }
        return new Result(exit, courseId, elapsed, tail, pump.warnings());
    }

    // ------------------------------------------------------------------------------------------------ argv

    /** The arguments for these per-request values (visible for tests and for logging a dry run). */
    List<String> argv(Map<String, String> placeholders) {
        Map<String, String> values = new HashMap<>(fixedPlaceholders);
        for (String name : usedRequestPlaceholders) {
            String value = placeholders == null ? null : placeholders.get(name);
            if (value == null) {
                throw new IllegalArgumentException("the restore command template uses {" + name
                        + "} but no value was given for it");
            }
            checkValue(name, value);
            values.put(name, value);
        }
        List<String> argv = new ArrayList<>(argTemplates.size());
        for (String arg : argTemplates) {
            Matcher m = PLACEHOLDER.matcher(arg);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(out, Matcher.quoteReplacement(values.get(m.group(1))));
            }
            m.appendTail(out);
            argv.add(out.toString());
        }
        return argv;
    }

    private static void checkValue(String name, String value) {
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("the value of placeholder {" + name + "} contains a NUL character");
        }
    }

    /** The argv as one line a person could paste into a shell; shows arguments only, never the environment. */
    static String display(List<String> argv) {
        StringBuilder sb = new StringBuilder();
        for (String arg : argv) {
            String a = arg;
            if (sb.length() > 0) {
                sb.append(' ');
            }
            if (a.length() > 300) { // a class path, say: keep log lines readable
                a = a.substring(0, 140) + "…" + a.substring(a.length() - 140);
            }
            if (!a.isEmpty() && a.matches("[A-Za-z0-9_./=:,+@%-]+")) {
                sb.append(a);
            } else {
                sb.append('\'').append(a.replace("'", "'\\''")).append('\'');
            }
        }
        return sb.toString();
    }

    private static String startFailure(String executable, String shown, Exception e) {
        // ProcessBuilder says: Cannot run program "php" (in directory "/x"): error=2, No such file or directory
        String reason = e.getCause() != null && e.getCause().getMessage() != null
                ? e.getCause().getMessage() : String.valueOf(e.getMessage());
        return "the restore command could not be started: " + quote(executable)
                + " was not found or cannot be run (" + reason + "). Command: " + shown;
    }

    // ------------------------------------------------------------------------------------------------ processes

    /** Kills the process and every descendant, then waits (bounded) for them to be gone. */
    static void killTree(Process process) {
        List<ProcessHandle> killed = new ArrayList<>();
        // Children first: once the parent is dead its children are re-parented and no longer found through it.
        for (int round = 0; round < 3; round++) {
            List<ProcessHandle> descendants = process.descendants().toList();
            if (descendants.isEmpty()) {
                break;
            }
            for (ProcessHandle h : descendants) {
                h.destroyForcibly();
                killed.add(h);
            }
        }
        process.destroyForcibly();
        boolean interrupted = false;
        long deadline = System.nanoTime() + GRACE.toNanos();
        try {
            while (true) {
                try {
                    process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            for (ProcessHandle h : killed) {
                try {
                    h.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (Exception e) {
                    // not gone within the grace period, or no longer ours to watch: nothing more to do
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (process.isAlive()) {
            LOG.error("restore process {} is still alive after being killed", process.pid());
        }
    }

    /** Reads the merged output: to the log file byte for byte, and line by line into a bounded tail. */
    private static final class OutputPump implements Runnable {
        private final InputStream in;
        private final OutputStream log;
        private final Path logPath;
        private final Pattern pattern;
        private final int tailLines;
        private final CountDownLatch done = new CountDownLatch(1);

        private final byte[] line = new byte[MAX_LINE_CHARS * 4]; // a cut line still ends on whole UTF-8 sequences
        private int lineLength;
        private boolean lineCut;

        private final ArrayDeque<String> tail = new ArrayDeque<>();
        private final List<String> warnings = new ArrayList<>();
        private Long courseId;
        private boolean logBroken;

        OutputPump(InputStream in, OutputStream log, Path logPath, Pattern pattern, int tailLines) {
            this.in = in;
            this.log = log;
            this.logPath = logPath;
            this.pattern = pattern;
            this.tailLines = tailLines;
        }

        @Override
        public void run() {
            byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = in.read(buf)) != -1) {
                    writeLog(buf, n);
                    for (int i = 0; i < n; i++) {
                        byte b = buf[i];
                        if (b == '\n') {
                            endLine();
                        } else if (lineLength < line.length) {
                            line[lineLength++] = b;
                        } else {
                            lineCut = true;
                        }
                    }
                }
                if (lineLength > 0 || lineCut) {
                    endLine();
                }
            } catch (IOException e) {
                // the pipe was closed (process killed): what was read is all there is
                LOG.debug("restore output stream closed: {}", e.toString());
            } finally {
                closeQuietly(log);
                closeQuietly(in);
                done.countDown();
            }
        }

        private void writeLog(byte[] buf, int n) {
            if (logBroken) {
                return;
            }
            try {
                log.write(buf, 0, n);
            } catch (IOException e) {
                logBroken = true; // keep reading: a blocked pipe would stall the restore
                LOG.error("cannot write the restore output to {} any more: {}", logPath, e.toString());
            }
        }

        private void endLine() {
            int len = lineLength;
            if (len > 0 && line[len - 1] == '\r') {
                len--;
            }
            String s = new String(line, 0, len, StandardCharsets.UTF_8);
            if (s.length() > MAX_LINE_CHARS) {
                s = s.substring(0, MAX_LINE_CHARS);
                lineCut = true;
            }
            if (lineCut) {
                s = s + "…";
            }
            lineLength = 0;
            lineCut = false;
            Long id = null;
            Matcher m = pattern.matcher(s);
            if (m.find() && m.group(1) != null) {
                try {
                    id = Long.valueOf(m.group(1).trim());
                } catch (NumberFormatException e) {
                    // not a usable id: ignore this line
                }
            }
            boolean warning = s.toLowerCase(Locale.ROOT).contains("warning");
            synchronized (this) {
                tail.addLast(s);
                if (tail.size() > tailLines) {
                    tail.removeFirst();
                }
                if (warning && warnings.size() < MAX_WARNINGS) {
                    warnings.add(s);
                }
                if (id != null) {
                    courseId = id;
                }
            }
        }

        /** Waits for the end of the output; true when it was reached. Keeps (restores) the interrupt flag. */
        boolean await(Duration max) {
            boolean interrupted = false;
            long deadline = System.nanoTime() + max.toNanos();
            try {
                while (true) {
                    try {
                        return done.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        synchronized List<String> tail() {
            return List.copyOf(tail);
        }

        synchronized List<String> warnings() {
            return List.copyOf(warnings);
        }

        synchronized Long courseId() {
            return courseId;
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    static String lastLines(List<String> tail) {
        if (tail.isEmpty()) {
            return "The command printed nothing.";
        }
        List<String> last = tail.subList(Math.max(0, tail.size() - MESSAGE_LINES), tail.size());
        return "Last lines:\n" + String.join("\n", last);
    }

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

    private static String quote(String s) {
        return "\"" + s + "\"";
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // nothing to do
        }
    }
}
