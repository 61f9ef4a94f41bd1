package jouvence.courses.restore;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The output log file of a restore about to start, for every {@link RestoreDriver}. */
final class OutputLogFile {

    private OutputLogFile() {
    }

    /**
     * Opens the output log of a restore about to start ({@code what}, e.g. "the restore command").
     *
     * @throws RestoreFailedException {@code restore-interrupted} when the calling thread is interrupted (the service is
     *                                stopping; the flag stays set), {@code restore-start} when the file cannot be
     *                                written
     */
    static OutputStream open(Path outputLog, String what) throws RestoreFailedException {
        create(outputLog, what);
        try {
            return new BufferedOutputStream(Files.newOutputStream(outputLog), 64 * 1024);
        } catch (IOException e) {
            throw new RestoreFailedException(RestoreFailedException.START, what + " was not started: its output log "
                    + outputLog + " cannot be written (" + e + ").", null, null, null, e);
        }
    }

    /** Creates (or empties) the output log of a restore about to start, as {@link #open} says. */
    static void create(Path outputLog, String what) throws RestoreFailedException {
        if (Thread.currentThread().isInterrupted()) {
            throw new RestoreFailedException(RestoreFailedException.INTERRUPTED,
                    "restore was not started: the service is stopping (thread interrupted).", null, null, null, null);
        }
        try {
            Path parent = outputLog.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.newOutputStream(outputLog).close();
        } catch (IOException e) {
            throw new RestoreFailedException(RestoreFailedException.START, what + " was not started: its output log "
                    + outputLog + " cannot be written (" + e + ").", null, null, null, e);
        }
    }
}
