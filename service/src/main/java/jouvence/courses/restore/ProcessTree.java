package jouvence.courses.restore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A restore process and everything it started, killed together (a PHP CLI may start children of its own). */
final class ProcessTree {

    private static final Logger LOG = LoggerFactory.getLogger(RestoreCommand.class);

    private ProcessTree() {
    }

    /** Kills the process and every descendant, then waits (bounded) for them to be gone. */
    static void kill(Process process, Duration grace) {
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
        long deadline = System.nanoTime() + grace.toNanos();
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
}
