package jouvence.courses.restore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The process driver with long-lived restore runners ({@code jouvence.restore.worker-command}, e.g.
 * {@code php {runner} --worker --moodle={moodle}}): instead of one PHP process that starts Moodle for each archive,
 * up to one worker per restore slot restores one archive after the other, as the plugin's task does in its one PHP
 * process. Each restore is one job line ({@code file}, {@code categoryid}, {@code users}, {@code enrolments},
 * {@code requester}, {@code roleid}, {@code output}); the worker writes what the job prints into the request's
 * {@code restore.log} and answers its exit code; that file is then read as every driver reads its output
 * ({@link RestoreOutput}), and after a crash as the process driver's ({@link OrphanedRestore}: the marker names the
 * worker, which finishes its job and quits when the service's end of its stdin closes).
 *
 * <p>At the timeout or when the calling thread is interrupted the worker is killed (with its job) and another is
 * started for the next restore; so is a worker that died. Thread-safe: each restore takes an idle worker or starts one.
 */
public final class RestoreWorkers implements RestoreDriver {

    private static final Logger LOG = LoggerFactory.getLogger(RestoreWorkers.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The per-request values a job carries (so the request's settings are honoured). */
    private static final Set<String> PASSED = Set.of("file", "categoryid", "withuserdata", "enrolmentmode",
            "enrolrequester", "roleid");

    /** How long a new worker may take to load Moodle. */
    static final Duration READY_TIMEOUT = Duration.ofMinutes(1);

    private final Settings settings;
    private final Path workDir;
    private final String roleId;
    private final Path errorLog;
    private final Deque<RestoreWorker> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    /**
     * @param settings  the worker's command (no per-request placeholder), timeout and output rules
     * @param roleId    the role the requester is enrolled with ({@code jouvence.client.enrol-role-id})
     * @param workDir   working directory of the workers; null means this JVM's
     * @param errorLog  where the workers' stderr is appended (PHP's own fatal errors)
     * @throws IllegalArgumentException the command uses a per-request placeholder
     */
    public RestoreWorkers(Settings settings, String roleId, Path workDir, Path errorLog) {
        if (!settings.command().usedRequestPlaceholders().isEmpty()) {
            throw new IllegalArgumentException("jouvence.restore.worker-command may not use per-request placeholders "
                    + settings.command().usedRequestPlaceholders() + ": each restore is a job line given to the worker");
        }
        this.settings = settings;
        this.roleId = roleId;
        this.workDir = workDir;
        this.errorLog = errorLog;
    }

    /** A worker's answer: its database connection is lost and the job was not started. */
    static final int RESTART = 3;

    @Override
    public Result run(Map<String, String> placeholders, Path outputLog) throws RestoreFailedException {
        for (int tries = 1; ; tries++) {
            Result r = runOnce(placeholders, outputLog, tries == 2);
            if (r != null) {
                return r;
            }
        }
    }

    /**
     * One try; null when the worker lost Moodle's database before the job started: the job then goes to a new worker
     * ({@code last}: this try's worker is a new one), and the idle ones, which lost it too, end.
     */
    private Result runOnce(Map<String, String> placeholders, Path outputLog, boolean last) throws RestoreFailedException {
        OutputLogFile.create(outputLog, "the restore worker");
        RestoreWorker worker = last ? start() : worker();
        giveTo(worker, outputLog);
        try {
            RestoreMarker.of(worker.handle()).write(outputLog.toAbsolutePath().getParent());
        } catch (IOException | RuntimeException e) {
            LOG.warn("the restore's process marker could not be written beside {}: {}", outputLog, e.toString());
        }
        String what = "the restore worker (pid " + worker.pid() + ")";
        long t0 = System.nanoTime();
        String answer;
        try {
            answer = worker.exchange(job(placeholders, outputLog), settings.timeout());
        } catch (InterruptedException e) {
            worker.kill();
            Thread.currentThread().interrupt();
            throw RestoreOutput.read(settings, outputLog).failure(RestoreFailedException.INTERRUPTED, "restore was "
                    + "interrupted (the service is stopping?) after " + elapsedSince(t0) + "; " + what + " was killed.",
                    null, e);
        } catch (IOException e) {
            worker.kill();
            throw RestoreOutput.read(settings, outputLog).failure(RestoreFailedException.START, what + " does not "
                    + "take jobs (" + e.getMessage() + "): it died; its errors are in " + errorLog + ".", null, e);
        }
        if (answer == null) {
            worker.kill();
            throw RestoreOutput.read(settings, outputLog).failure(RestoreFailedException.TIMEOUT, "restore did not "
                    + "finish within " + settings.timeout() + "; " + what + " was killed.", null, null);
        }
        if (answer.equals(RestoreWorker.ENDED)) {
            worker.kill();
            if (!last && nothingPrinted(outputLog)) {
                // it quit while idle (its database was lost) just as the job was sent: the job never started
                LOG.info("restore worker pid {} quit before its job started: the job goes to a new worker", worker.pid());
                closeIdle();
                return null;
            }
            throw RestoreOutput.read(settings, outputLog).failure(RestoreFailedException.EXIT, "restore failed: "
                    + what + " ended during the restore (PHP's errors are in " + errorLog + ").", null, null);
        }
        int exit = exitCode(answer);
        if (exit == RESTART && !last) {
            LOG.info("restore worker pid {} lost Moodle's database before its job: the job goes to a new worker",
                    worker.pid());
            worker.close(RestoreCommand.GRACE);
            closeIdle();
            return null;
        }
        idle.push(worker);
        Duration elapsed = elapsedSince(t0);
        RestoreOutput output = RestoreOutput.read(settings, outputLog);
        LOG.info("restore job of {} ended with exit code {} after {}; course id {}", what, exit, elapsed,
                output.courseId());
        return output.result(what, exit, elapsed);
    }

    /** An idle worker still alive, or a new one. */
    private RestoreWorker worker() throws RestoreFailedException {
        RestoreWorker w;
        while ((w = idle.poll()) != null) {
            if (w.alive()) {
                return w;
            }
        }
        return start();
    }

    private RestoreWorker start() throws RestoreFailedException {
        var argv = settings.command().argv(Map.of());
        RestoreWorker started;
        java.util.concurrent.atomic.AtomicReference<RestoreWorker> self = new java.util.concurrent.atomic.AtomicReference<>();
        try {
            started = RestoreWorker.start(argv, workDir, errorLog, () -> replaceIfIdle(self.get()));
            self.set(started);
        } catch (IOException e) {
            throw new RestoreFailedException(RestoreFailedException.START, "the restore worker could not be started: "
                    + RestoreTemplate.display(argv) + " (" + e.getMessage() + ")", null, null, null, e);
        }
        try {
            if (!started.awaitReady(READY_TIMEOUT)) {
                started.kill();
                throw new RestoreFailedException(RestoreFailedException.START, "the restore worker did not get ready "
                        + "within " + READY_TIMEOUT + " (Moodle could not be loaded? its errors are in " + errorLog
                        + "): " + RestoreTemplate.display(argv), null, null, null, null);
            }
        } catch (InterruptedException e) {
            started.kill();
            Thread.currentThread().interrupt();
            throw new RestoreFailedException(RestoreFailedException.INTERRUPTED, "restore was not started: the service "
                    + "is stopping (thread interrupted).", null, null, null, e);
        }
        LOG.info("restore worker started, pid {} (its PHP runs as {}): {}", started.pid(), started.user(),
                RestoreTemplate.display(argv));
        return started;
    }

    /**
     * A worker that quit while idle (it found Moodle's database gone) is replaced at once, in the background: the next
     * restore finds a warm worker instead of paying Moodle's start-up.
     */
    private void replaceIfIdle(RestoreWorker ended) {
        if (closed || ended == null || !idle.remove(ended)) {
            return;
        }
        Thread t = new Thread(() -> {
            try {
                idle.push(start());
            } catch (RestoreFailedException e) {
                LOG.warn("a restore worker that quit while idle could not be replaced: {}", e.getMessage());
            }
        }, "restore-worker-replacement");
        t.setDaemon(true);
        t.start();
        LOG.info("restore worker pid {} quit while idle (Moodle's database was lost): a fresh one is starting",
                ended.pid());
    }

    /**
     * The job's output file belongs to the user the worker's PHP runs as (Moodle's web user, through runuser), who
     * writes it: the service may run as another user (root). Nothing to do when they are the same or unknown.
     */
    private static void giveTo(RestoreWorker worker, Path outputLog) throws RestoreFailedException {
        String user = worker.user();
        if (user == null || user.equals(System.getProperty("user.name"))) {
            return;
        }
        try {
            Files.setOwner(outputLog, outputLog.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName(user));
        } catch (IOException | UnsupportedOperationException e) {
            throw new RestoreFailedException(RestoreFailedException.START, "the restore's output file " + outputLog
                    + " cannot be given to " + user + ", the user the restore worker runs as (" + e + "): run the "
                    + "worker as Jouvence's own user, or Jouvence as root", null, null, null, e);
        }
    }

    private String job(Map<String, String> p, Path outputLog) {
        ObjectNode job = JSON.createObjectNode();
        job.put("file", p.get("file"));
        job.put("categoryid", p.get("categoryid"));
        job.put("users", p.getOrDefault("withuserdata", "0"));
        job.put("enrolments", p.getOrDefault("enrolmentmode", "2"));
        job.put("requester", p.getOrDefault("enrolrequester", ""));
        job.put("roleid", roleId);
        job.put("output", outputLog.toAbsolutePath().toString());
        return job.toString();
    }

    private static boolean nothingPrinted(Path outputLog) {
        try {
            return Files.size(outputLog) == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static int exitCode(String answer) {
        try {
            JsonNode a = JSON.readTree(answer);
            return a.path("exit").canConvertToInt() ? a.get("exit").asInt() : 1;
        } catch (IOException e) {
            return 1;
        }
    }

    /** How many started workers wait for a job (for tests and metrics). */
    int idleWorkers() {
        return idle.size();
    }

    /** After a crash of the service: see {@link OrphanedRestore} (the marker names the worker). */
    @Override
    public RestoreState inspect(long requestId, Path outputLog) {
        return OrphanedRestore.inspect(settings, outputLog);
    }

    @Override
    public boolean passes(String placeholder) {
        return PASSED.contains(placeholder);
    }

    @Override
    public String template() {
        return settings.command().template();
    }

    @Override
    public Settings settings() {
        return settings;
    }

    /** The idle workers end (their stdin closes); a worker busy with a restore is killed by that restore's stop. */
    @Override
    public void close() {
        closed = true;
        closeIdle();
    }

    private void closeIdle() {
        RestoreWorker w;
        while ((w = idle.poll()) != null) {
            w.close(RestoreCommand.GRACE);
        }
    }

    private static Duration elapsedSince(long t0) {
        return Duration.ofMillis((System.nanoTime() - t0) / 1_000_000);
    }
}
