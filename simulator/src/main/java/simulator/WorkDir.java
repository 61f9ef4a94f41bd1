package simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A simulator's temporary directory (its backups), deleted on close or, failing that, when the JVM exits. */
final class WorkDir {

    private final Path dir;
    private final Thread cleanupHook;

    WorkDir(String prefix) {
        try {
            this.dir = Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.cleanupHook = new Thread(() -> deleteTree(dir), "moodle-sim-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanupHook);
    }

    Path resolve(String name) {
        return dir.resolve(name);
    }

    void delete() {
        deleteTree(dir);
        try {
            Runtime.getRuntime().removeShutdownHook(cleanupHook);
        } catch (IllegalStateException ignored) {
            // JVM shutting down
        }
    }

    static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(WorkDir::deleteQuietly);
        } catch (IOException ignored) {
            // best effort
        }
    }
}
