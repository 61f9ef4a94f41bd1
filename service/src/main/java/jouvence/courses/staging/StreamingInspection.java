package jouvence.courses.staging;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Checks an archive while it is downloaded instead of reading the whole file again afterwards: {@link #copy} writes the
 * body to the {@code .part} file and hands the same bytes, through a small bounded queue, to a thread of its own that
 * runs {@link ArchiveInspector}'s checks on them as they arrive. The checks and their messages are those of
 * {@link ArchiveInspector#inspect}; only a zip archive's table of contents is read afterwards, from the last 64 KiB of
 * the file. The download stops as soon as the archive is known to be bad (not an archive, damaged gzip...).
 *
 * <p>Memory stays constant: at most {@value #QUEUED_CHUNKS} chunks of 64 KiB wait in the queue (the download waits
 * when the check is behind), plus what the inspector itself uses. The buffer the download is read into is the one the
 * check reads (no copy); the check gives it back for a later read. {@link #close()} always ends the thread.
 *
 * <pre>
 * try (StreamingInspection check = StreamingInspection.start("archive-check-7")) {
 *     long bytes = check.copy(body, part);   // throws the verdict early when the archive is already known to be bad
 *     ArchiveFacts facts = check.finish(part);
 * }
 * </pre>
 * One instance per archive, used by one thread.
 */
public final class StreamingInspection implements AutoCloseable {

    private static final int CHUNK = 64 * 1024;
    private static final int QUEUED_CHUNKS = 16;
    /** End of the archive (an empty chunk). */
    private static final Chunk END = new Chunk(new byte[0], 0);

    private record Chunk(byte[] bytes, int length) {
    }

    private final BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(QUEUED_CHUNKS);
    /** Buffers the check has finished with, for the next chunks: no allocation once the queue has filled once. */
    private final BlockingQueue<byte[]> spare = new ArrayBlockingQueue<>(QUEUED_CHUNKS + 2);
    private final Thread checker;
    private long bytes;
    // written by the checking thread; read by the caller after join(), or while copying (volatile)
    private ArchiveScan scan;
    private volatile Throwable failure;

    private StreamingInspection(String threadName) {
        checker = new Thread(this::check, threadName);
        checker.setDaemon(true);
    }

    /** Starts the checking thread, named {@code threadName}. */
    public static StreamingInspection start(String threadName) {
        StreamingInspection s = new StreamingInspection(threadName);
        s.checker.start();
        return s;
    }

    /**
     * Copies {@code in} to {@code target} (created or replaced) and through the check; returns the number of bytes.
     *
     * @throws InvalidArchiveException the archive is already known to be bad: the copy stopped there
     * @throws IOException             reading {@code in} or writing {@code target} failed, or the thread was interrupted
     */
    public long copy(InputStream in, Path target) throws IOException, InvalidArchiveException {
        try (OutputStream out = Files.newOutputStream(target)) {
            while (true) {
                throwFailure();
                byte[] buffer = spare.poll();
                if (buffer == null) {
                    buffer = new byte[CHUNK];
                }
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                out.write(buffer, 0, n);
                put(new Chunk(buffer, n)); // the buffer itself goes to the check, which gives it back when done
                bytes += n;
            }
        }
        return bytes;
    }

    /**
     * The end of the archive, whose {@link #copy} to {@code target} is complete: waits for the check and returns its
     * verdict, as {@link ArchiveInspector#inspect} would for {@code target}.
     */
    public ArchiveFacts finish(Path target) throws IOException, InvalidArchiveException {
        put(END);
        try {
            checker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the archive was being checked");
        }
        throwFailure();
        return ArchiveInspector.facts(scan, target, bytes);
    }

    /** Stops the check if it is still running (a failed or abandoned download) and waits for its thread to end. */
    @Override
    public void close() {
        checker.interrupt(); // nothing to do if it has ended
        boolean interrupted = false;
        while (checker.isAlive()) {
            try {
                checker.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void put(Chunk c) throws InterruptedIOException {
        try {
            queue.put(c); // never blocks for long: the checking thread reads until END or its interruption
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the archive was being checked");
        }
    }

    private void throwFailure() throws IOException, InvalidArchiveException {
        Throwable f = failure;
        if (f instanceof InvalidArchiveException e) {
            throw e;
        } else if (f instanceof IOException e) {
            throw e;
        } else if (f instanceof RuntimeException e) {
            throw e;
        } else if (f instanceof Error e) {
            throw e;
        }
    }

    // ------------------------------------------------------------------------------------------------ checking thread

    private void check() {
        Received in = new Received();
        try {
            scan = ArchiveInspector.scan(in);
        } catch (Throwable e) {
            failure = e;
        }
        // What follows the archive's own end (a zip's table of contents, padding) is read and dropped, so that the
        // copy never waits on a full queue; after a failure the copy stops at its next chunk.
        try {
            in.skipToEnd();
        } catch (InterruptedIOException stopped) {
            // close(): nothing more will come
        }
    }

    /** The bytes handed over by {@link #copy}, as a stream for the inspector. */
    private final class Received extends InputStream {
        private Chunk current;
        private int position;
        private boolean atEnd;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!next()) {
                return -1;
            }
            int n = Math.min(len, current.length() - position);
            System.arraycopy(current.bytes(), position, b, off, n);
            position += n;
            return n;
        }

        void skipToEnd() throws InterruptedIOException {
            while (next()) {
                position = current.length();
            }
        }

        /** Makes {@code current} a chunk with bytes left to read; false at the end of the archive. */
        private boolean next() throws InterruptedIOException {
            while (!atEnd && (current == null || position == current.length())) {
                if (current != null) {
                    spare.offer(current.bytes());
                }
                try {
                    current = queue.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("archive check stopped");
                }
                position = 0;
                atEnd = current == END;
            }
            return !atEnd;
        }
    }
}
