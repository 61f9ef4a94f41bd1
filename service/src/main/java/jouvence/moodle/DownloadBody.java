package jouvence.moodle;

import org.apache.hc.core5.http.io.EofSensorInputStream;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * The body of a download as camel-http streams it, with the limits a silent or endless server needs: a read that gets
 * no byte within the read-idle time-out (the connection's socket time-out) fails saying so; a read past the download's
 * deadline fails; {@link #abort} (Jouvence stopping) drops the connection at once, ending a read in progress. Each
 * failure is an {@link IOException}: a transient failure, retried like a download cut short. Closing it before the end
 * drops the connection instead of reading the rest.
 */
final class DownloadBody extends FilterInputStream {

    private final String serverId;
    private final Duration readIdle;
    private final Duration limit;
    private final long deadline;
    private final Runnable onClose;
    private volatile String abortedBecause;

    /**
     * @param in       camel-http's response stream
     * @param readIdle the socket time-out of the download's endpoint, for the message
     * @param limit    the whole download's time limit, counted from {@code started} ({@link System#nanoTime()})
     * @param onClose  called once closed or aborted
     */
    DownloadBody(InputStream in, String serverId, Duration readIdle, Duration limit, long started, Runnable onClose) {
        super(in);
        this.serverId = serverId;
        this.readIdle = readIdle;
        this.limit = limit;
        this.deadline = started + limit.toNanos();
        this.onClose = onClose;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (abortedBecause != null) {
            throw new IOException(abortedBecause);
        }
        if (System.nanoTime() - deadline > 0) {
            String why = serverId + ": the download did not end within " + words(limit)
                    + " (jouvence.http.backup-timeout)";
            abort(why);
            throw new IOException(why);
        }
        try {
            return in.read(b, off, len);
        } catch (SocketTimeoutException e) {
            String why = serverId + ": the download stalled: no byte for " + words(readIdle)
                    + " (jouvence.http.read-idle-timeout)";
            abort(why);
            throw new SocketTimeoutException(why);
        } catch (IOException e) {
            String why = abortedBecause;
            if (why != null) {
                throw new IOException(why, e);
            }
            throw e;
        }
    }

    /** The course server it comes from. */
    String serverId() {
        return serverId;
    }

    /** Drops the connection now, from any thread: a read in progress ends with {@code reason}. */
    void abort(String reason) {
        if (abortedBecause == null) {
            abortedBecause = reason;
        }
        try {
            drop();
        } catch (IOException e) {
            // the connection is gone either way
        }
    }

    @Override
    public void close() throws IOException {
        drop();
    }

    /** Closing Apache HttpClient's response stream reads it to its end (to reuse the connection): abort it instead. */
    private void drop() throws IOException {
        try {
            if (in instanceof EofSensorInputStream sensor) {
                sensor.abort(); // nothing to abort once the whole body was read: the connection is reused
            } else {
                in.close();
            }
        } finally {
            onClose.run();
        }
    }

    /** A duration as the properties spell it: 2m, 1s, 1500ms. */
    static String words(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0 && ms > 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
