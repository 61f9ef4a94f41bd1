package jouvence.courses.restore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The output of one restore, read the same way by every {@link RestoreDriver}: byte for byte into the output log file,
 * and line by line into a bounded tail (each line cut at {@value #MAX_LINE_CHARS} characters, CR of CRLF dropped), the
 * lines containing "warning" (any case, at most {@value #MAX_WARNINGS}) and the new course id (group 1 of the course id
 * pattern; the last matching line wins). Memory stays constant whatever the output size. It also turns the way the
 * restore ended into its {@link RestoreDriver.Result} or its {@link RestoreFailedException}, ending with the last lines.
 *
 * <p>One instance per restore; {@link #copy} runs on one thread while the others read the getters (synchronized).
 */
final class RestoreOutput {

    private static final Logger LOG = LoggerFactory.getLogger(RestoreOutput.class);

    /** At most this many warning lines are kept. */
    static final int MAX_WARNINGS = 20;
    /** Longer output lines are cut (in the tail and warnings only; the log file has everything). */
    static final int MAX_LINE_CHARS = 2000;
    /** How many of the last lines an exception message quotes. */
    static final int MESSAGE_LINES = 10;

    private final Pattern pattern;
    private final int tailLines;

    private final byte[] line = new byte[MAX_LINE_CHARS * 4]; // a cut line still ends on whole UTF-8 sequences
    private int lineLength;
    private boolean lineCut;
    private boolean logBroken;

    private final ArrayDeque<String> tail = new ArrayDeque<>();
    private final List<String> warnings = new ArrayList<>();
    private RunnerReport runner;
    private Long courseId;
    private Long startedCourseId;
    private String unreadable;

    RestoreOutput(RestoreDriver.Settings settings) {
        this.pattern = settings.courseIdPattern();
        this.tailLines = settings.tailLines();
    }

    /**
     * Reads {@code in} to its end: every byte to {@code log} (a write failure is logged once and reading goes on, so
     * that the restore is never stalled), every line parsed. Closes neither stream.
     *
     * @throws IOException reading {@code in} failed; what was read before is kept, the last partial line included
     */
    void copy(InputStream in, OutputStream log, Path logPath) throws IOException {
        byte[] buf = new byte[8192];
        try {
            int n;
            while ((n = in.read(buf)) != -1) {
                writeLog(log, logPath, buf, n);
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
        } finally {
            if (lineLength > 0 || lineCut) {
                endLine();
            }
        }
    }

    private void writeLog(OutputStream log, Path logPath, byte[] buf, int n) {
        if (logBroken) {
            return;
        }
        try {
            log.write(buf, 0, n);
        } catch (IOException e) {
            logBroken = true;
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
        RunnerReport report = RunnerReport.parse(s).orElse(null);
        Long started = RunnerReport.started(s).orElse(null);
        boolean warning = report == null && s.toLowerCase(Locale.ROOT).contains("warning");
        synchronized (this) {
            if (started != null) {
                startedCourseId = started;
            }
            if (report != null) {
                runner = report;
                report.warnings().stream().limit(Math.max(0, MAX_WARNINGS - warnings.size())).forEach(warnings::add);
            }
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

    /** The output could not be read (all of it or its end): said in the messages instead of "printed nothing". */
    synchronized void unreadable(String why) {
        unreadable = why;
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

    /** The course the restore runner created before restoring into it (it may be partial), when it said so. */
    synchronized Long startedCourseId() {
        return startedCourseId;
    }

    /**
     * Reads a whole output file (the process driver's child writes into it directly). A file that cannot be read is
     * said in the messages ({@link #unreadable}).
     */
    static RestoreOutput read(RestoreDriver.Settings settings, Path file) {
        RestoreOutput output = new RestoreOutput(settings);
        try (InputStream in = Files.newInputStream(file)) {
            output.copy(in, OutputStream.nullOutputStream(), file);
        } catch (IOException e) {
            output.unreadable(file + " cannot be read (" + e + ")");
        }
        return output;
    }

    /**
     * What an output file read after its worker stopped says: a course id printed (the runner's report, or the line of
     * Moodle's CLI, both printed at the very end) means the restore finished; anything else that it died, naming the
     * course the runner had started to restore into.
     */
    RestoreState state(Path file) {
        Long id = courseId();
        if (id != null) {
            return new RestoreState.Finished(id, runner());
        }
        if (!Files.exists(file)) {
            return new RestoreState.Died(null, "its output file " + file + " does not exist (is the staging folder "
                    + "shared with the replica that ran it?)");
        }
        return new RestoreState.Died(startedCourseId(), "it stopped before printing the new course id. " + lastLines(tail()));
    }

    /** The restore runner's report, when the command was the runner and it printed one. */
    synchronized RunnerReport runner() {
        return runner;
    }

    /**
     * The outcome of a restore that ended by itself.
     *
     * @param what     what ended, for the message: "the command", "the command (Job x)"
     * @param exitCode its exit code
     * @throws RestoreFailedException {@code restore-exit} for a non-zero exit code, {@code restore-no-course-id} when
     *                                no line matched the course id pattern
     */
    RestoreDriver.Result result(String what, int exitCode, Duration elapsed) throws RestoreFailedException {
        Long id = courseId();
        if (exitCode != 0) {
            throw failure(RestoreFailedException.EXIT, "restore failed: " + what + " ended with exit code " + exitCode
                    + " after " + elapsed + "." + (id != null ? " It did print course id " + id
                    + ", so a partly restored course may exist." : ""), exitCode, null);
        }
        if (id == null) {
            throw failure(RestoreFailedException.NO_COURSE_ID, "restore ended (exit code 0) but never printed the new "
                    + "course id (no output line matched \"" + pattern.pattern() + "\").", exitCode, null);
        }
        return new RestoreDriver.Result(exitCode, id, elapsed, tail(), warnings(), runner());
    }

    /** A failure of this restore: the message, then the last lines of the output. */
    RestoreFailedException failure(String code, String message, Integer exitCode, Throwable cause) {
        List<String> last = tail();
        Long partial = startedCourseId();
        String course = partial != null && runner() == null ? " Course " + partial + " on the new platform may be partly "
                + "restored: check it and delete it before this request is retried." : "";
        return new RestoreFailedException(code, message + course + " " + lastLines(last), exitCode,
                courseId() != null ? courseId() : partial, last, cause);
    }

    private String lastLines(List<String> lines) {
        String problem;
        synchronized (this) {
            problem = unreadable;
        }
        if (lines.isEmpty()) {
            return problem != null ? "Its output could not be read: " + problem : "The command printed nothing.";
        }
        List<String> last = lines.subList(Math.max(0, lines.size() - MESSAGE_LINES), lines.size());
        return (problem != null ? "The rest of its output could not be read (" + problem + "). " : "")
                + "Last lines:\n" + String.join("\n", last);
    }
}
