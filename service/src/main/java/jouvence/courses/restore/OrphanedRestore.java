package jouvence.courses.restore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A restore of the process driver whose worker stopped while it ran (the service was killed): what became of it, from
 * its marker ({@link RestoreMarker}) and its output file. Looking changes nothing, except that a restore that outlived
 * its service past the restore timeout is killed.
 */
final class OrphanedRestore {

    private static final Logger LOG = LoggerFactory.getLogger(RestoreCommand.class);

    /** A restore on another machine whose output file was not written to for this long is taken for dead. */
    static final Duration OTHER_HOST_SILENCE = Duration.ofMinutes(2);

    private OrphanedRestore() {
    }

    /**
     * A restore process still alive on this machine is waited for (or killed, past the timeout); one on another
     * machine is alive while its output file grows ({@link #OTHER_HOST_SILENCE}: Jouvence's runner writes a line every
     * 30 s); otherwise the output file says how it ended.
     */
    static RestoreState inspect(RestoreDriver.Settings settings, Path outputLog) {
        Optional<RestoreMarker> marker = RestoreMarker.read(outputLog.toAbsolutePath().getParent());
        if (marker.isPresent()) {
            RestoreMarker m = marker.get();
            Optional<ProcessHandle> alive = m.alive();
            Duration age = Duration.between(m.processStart(), Instant.now());
            if (alive.isPresent() && age.compareTo(settings.timeout()) > 0) {
                alive.get().descendants().forEach(ProcessHandle::destroyForcibly);
                alive.get().destroyForcibly();
                LOG.warn("restore process {} ran past the timeout ({}) after its worker stopped; killed", m.pid(),
                        settings.timeout());
            } else if (alive.isPresent()) {
                return new RestoreState.Running("process " + m.pid() + " on " + m.host() + ", running for " + age);
            } else if (!m.host().equals(RestoreMarker.thisHost()) && recentlyWritten(outputLog)) {
                return new RestoreState.Running("process " + m.pid() + " on " + m.host() + " (its output was written "
                        + "less than " + OTHER_HOST_SILENCE + " ago)");
            }
        }
        return RestoreOutput.read(settings, outputLog).state(outputLog);
    }

    private static boolean recentlyWritten(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant().isAfter(Instant.now().minus(OTHER_HOST_SILENCE));
        } catch (IOException e) {
            return false;
        }
    }
}
