package jouvence.courses.restore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A restore process and everything it started, in its own process group, killed together (a PHP CLI may start children
 * of its own).
 */
final class ProcessTree {

    /** {@code setsid} (util-linux), when the machine has it. */
    static final String SETSID = Stream.of("/usr/bin/setsid", "/bin/setsid").filter(p -> Files.isExecutable(Path.of(p)))
            .findFirst().orElse(null);

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

    /**
     * The arguments run through {@code setsid} when the machine has it: the restore is then in its own process group
     * and session, so a signal meant for the service's group (a terminal's Ctrl-C, a container runtime's SIGTERM to the
     * group) does not cut it mid-restore; the service stops it itself (killing the whole tree) when it stops.
     */
    static List<String> ownProcessGroup(List<String> argv) {
        if (SETSID == null) {
            return argv;
        }
        List<String> wrapped = new ArrayList<>(argv.size() + 1);
        wrapped.add(SETSID);
        wrapped.addAll(argv);
        return wrapped;
    }

    /** Whether {@code program} names an executable file, as the system would look for it (a path, or on the PATH). */
    static boolean runnable(String program, Path workDir) {
        if (program.contains("/")) {
            Path p = Path.of(program);
            return Files.isExecutable(workDir != null ? workDir.resolve(p) : p);
        }
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        return Stream.of(path.split(java.io.File.pathSeparator)).filter(d -> !d.isEmpty())
                .anyMatch(d -> Files.isExecutable(Path.of(d, program)) && !Files.isDirectory(Path.of(d, program)));
    }
}
