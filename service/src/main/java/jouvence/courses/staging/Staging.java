package jouvence.courses.staging;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The staging directory: one folder per request ({@code <staging>/<request id>/}), archives written as {@code .part}
 * and renamed only once whole and checked, readable by the user the restore runs as.
 */
public class Staging {

    private static final Logger LOG = LoggerFactory.getLogger(Staging.class);
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final Path root;
    private final String filePermissions;
    private final String dirPermissions;
    private final Duration keepFailed;
    private final Clock clock;

    /** @param clock decides when a failed request's folder is old enough to go */
    public Staging(Path root, String filePermissions, String dirPermissions, Duration keepFailed, Clock clock) {
        this.root = root.toAbsolutePath().normalize();
        this.keepFailed = keepFailed;
        this.clock = clock;
        this.filePermissions = filePermissions;
        this.dirPermissions = dirPermissions;
        PosixFilePermissions.fromString(filePermissions); // fail at start-up on a typo
        PosixFilePermissions.fromString(dirPermissions);
    }

    public Path root() {
        return root;
    }

    /** The request's own folder, created with the configured permissions. */
    public Path dir(long requestId) {
        Path dir = root.resolve(Long.toString(requestId));
        try {
            Files.createDirectories(dir);
            permit(root, dirPermissions);
            permit(dir, dirPermissions);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create staging folder " + dir, e);
        }
    }

    /** Makes a checked {@code .part} file visible under its final name, atomically. */
    public Path publish(Path part) throws IOException {
        String name = part.getFileName().toString();
        Path whole = part.resolveSibling(name.endsWith(".part") ? name.substring(0, name.length() - 5) : name);
        Files.move(part, whole, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        permit(whole, filePermissions);
        return whole;
    }

    public void delete(long requestId) {
        deleteTree(root.resolve(Long.toString(requestId)));
    }

    /** Removes the folders of failed requests once they are older than {@code jouvence.staging.keep-failed-days}. */
    public int purgeExpired() {
        return purgeOlderThan(keepFailed);
    }

    /** Removes request folders untouched for longer than {@code keep} (failed requests' archives); returns how many. */
    public int purgeOlderThan(Duration keep) {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        Instant limit = clock.instant().minus(keep);
        int purged = 0;
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                FileTime modified = Files.getLastModifiedTime(dir);
                if (modified.toInstant().isBefore(limit)) {
                    deleteTree(dir);
                    purged++;
                }
            }
        } catch (IOException e) {
            LOG.warn("staging housekeeping could not list {}: {}", root, e.toString());
        }
        return purged;
    }

    private static void permit(Path path, String permissions) throws IOException {
        if (POSIX) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> paths = walk.sorted(Comparator.reverseOrder()).toList();
            for (Path p : paths) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("could not delete staging folder {}: {}", dir, e.toString());
        }
    }
}
