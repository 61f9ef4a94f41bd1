package jouvence.courses.pipeline;

import jouvence.courses.RestoreRequest;
import jouvence.courses.pipeline.ServerGates.Gate;
import jouvence.courses.queue.Claim;
import jouvence.courses.restore.RunnerReport;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A claimed request travelling through the routes; the database row stays the truth. The {@link Claim} taken with it
 * is fixed: rows read later (possibly written by a new owner) never change the worker's fencing token.
 */
public final class Work {
    private final Claim claim;
    private RestoreRequest request;
    private Gate gate;
    private Path archive;
    private RunnerReport runner;
    private String step = "claim";
    private long stepStarted = System.nanoTime(); // durations on the monotonic clock: wall-clock steps do not skew them

    public Work(RestoreRequest request, Gate gate) {
        this.claim = Claim.of(request);
        this.request = request;
        this.gate = gate;
    }

    public RestoreRequest request() {
        return request;
    }

    public long id() {
        return claim.id();
    }

    /** The claim this worker holds: every write it makes carries it. */
    public Claim claim() {
        return claim;
    }

    public void update(RestoreRequest fresh) {
        this.request = fresh;
    }

    /** Resumes after a restore that already happened: only the finishing calls remain. */
    public boolean resumesAfterRestore() {
        return request.restoredCourseId() != null;
    }

    public Path archive() {
        return archive;
    }

    public void archive(Path archive) {
        this.archive = archive;
    }

    /** What the restore runner did, when this worker ran it (a request resumed at the finish has none). */
    public RunnerReport runner() {
        return runner;
    }

    public void runner(RunnerReport report) {
        this.runner = report;
    }

    public String step() {
        return step;
    }

    /** Starts a step; returns how long the previous one took. */
    public Duration begin(String next) {
        long now = System.nanoTime();
        Duration took = Duration.ofNanos(now - stepStarted);
        step = next;
        stepStarted = now;
        return took;
    }

    public Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - stepStarted);
    }

    /** Takes the course server's gate away from this request, for the next one; null when it holds none. */
    Gate takeGate() {
        Gate g = gate;
        gate = null;
        return g;
    }

    /** Releases the course server's gate (idempotent): the next backup on that server may start. */
    public void releaseGate() {
        if (gate != null) {
            gate.close();
            gate = null;
        }
    }
}
