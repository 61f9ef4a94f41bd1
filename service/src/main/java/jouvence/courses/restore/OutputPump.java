package jouvence.courses.restore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Reads the merged output on its own thread, so that a full pipe never stalls the process. */
final class OutputPump implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(RestoreCommand.class);

    private final InputStream in;
    private final OutputStream log;
    private final Path logPath;
    private final RestoreOutput output;
    private final CountDownLatch done = new CountDownLatch(1);

    OutputPump(InputStream in, OutputStream log, Path logPath, RestoreOutput output) {
        this.in = in;
        this.log = log;
        this.logPath = logPath;
        this.output = output;
    }

    @Override
    public void run() {
        try {
            output.copy(in, log, logPath);
        } catch (IOException e) {
            // the pipe was closed (process killed): what was read is all there is
            LOG.debug("restore output stream closed: {}", e.toString());
        } finally {
            RestoreCommand.closeQuietly(log);
            RestoreCommand.closeQuietly(in);
            done.countDown();
        }
    }

    /** Waits for the end of the output; true when it was reached. Keeps (restores) the interrupt flag. */
    boolean await(Duration max) {
        boolean interrupted = false;
        long deadline = System.nanoTime() + max.toNanos();
        try {
            while (true) {
                try {
                    return done.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
