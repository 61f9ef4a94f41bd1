package jouvence.courses.restore;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One long-lived restore runner ({@code jouvence-restore.php --worker}): Moodle starts once in it, then it takes one job
 * line after the other on its stdin and answers one line each on its stdout. In its own process group; its stderr goes
 * to a log file. Used by one restore at a time ({@link RestoreWorkers} hands it out).
 */
final class RestoreWorker {

    /** What {@link #exchange} gives when the worker's stdout ended (the process died or quit). */
    static final String ENDED = "";

    private final Process process;
    private final BufferedWriter jobs;
    private volatile String user;
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();

    private final Runnable onEnd;

    private RestoreWorker(Process process, Runnable onEnd) {
        this.process = process;
        this.onEnd = onEnd;
        this.jobs = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        Thread reader = new Thread(this::readAnswers, "restore-worker-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts a worker; its stderr is appended to {@code errorLog}; {@code onEnd} is told (on the worker's reader
     * thread) when its stdout ends: it quit or died.
     */
    static RestoreWorker start(List<String> argv, Path workDir, Path errorLog, Runnable onEnd) throws IOException {
        Path parent = errorLog.toAbsolutePath().getParent();
        if (parent != null) {
            java.nio.file.Files.createDirectories(parent);
        }
        ProcessBuilder pb = new ProcessBuilder(ProcessTree.ownProcessGroup(argv))
                .redirectError(ProcessBuilder.Redirect.appendTo(errorLog.toFile()));
        if (workDir != null) {
            pb.directory(workDir.toFile());
        }
        return new RestoreWorker(pb.start(), onEnd);
    }

    private void readAnswers() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("{\"jouvence\":\"done\"") || line.startsWith("{\"jouvence\":\"ready\"")) {
                    answers.add(line);
                }
            }
        } catch (IOException e) {
            // killed: the end of its answers
        } finally {
            answers.add(ENDED);
            onEnd.run();
        }
    }

    /**
     * Waits for the worker's "ready" line (Moodle loaded), which names the user it writes files as.
     *
     * @return false when the worker ended or did not get ready within {@code timeout}
     */
    boolean awaitReady(Duration timeout) throws InterruptedException {
        String ready = answers.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (ready == null || !ready.startsWith("{\"jouvence\":\"ready\"")) {
            return false;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"user\":\"([^\"]+)\"").matcher(ready);
        user = m.find() ? m.group(1) : null;
        return true;
    }

    /** The user the worker's PHP runs as (it writes the jobs' output files), when it said so. */
    String user() {
        return user;
    }

    long pid() {
        return process.pid();
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    boolean alive() {
        return process.isAlive();
    }

    /**
     * Sends one job line and waits for its answer.
     *
     * @return the answer line; {@link #ENDED} when the worker ended first; null at the timeout
     * @throws IOException the worker does not read its jobs any more (it died)
     */
    String exchange(String job, Duration timeout) throws IOException, InterruptedException {
        jobs.write(job);
        jobs.write('\n');
        jobs.flush();
        long nanos;
        try {
            nanos = timeout.toNanos();
        } catch (ArithmeticException e) {
            nanos = Long.MAX_VALUE;
        }
        return answers.poll(nanos, TimeUnit.NANOSECONDS);
    }

    /** Kills the worker and everything it started. */
    void kill() {
        ProcessTree.kill(process, RestoreCommand.GRACE);
    }

    /** Lets the worker end by itself (end of its jobs: it finishes what it does), killing it after {@code grace}. */
    void close(Duration grace) {
        try {
            jobs.close();
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
            }
        } catch (IOException e) {
            kill();
        } catch (InterruptedException e) {
            kill();
            Thread.currentThread().interrupt();
        }
    }
}
