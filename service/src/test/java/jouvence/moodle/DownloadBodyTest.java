package jouvence.moodle;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The download body's limits on plain streams: the whole download's deadline, the read-idle message, an abort. */
class DownloadBodyTest {

    /** A server that drips: one byte per read, each a little later; never silent long enough for the read-idle limit. */
    private static final class Drip extends InputStream {
        @Override
        public int read() throws IOException {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            return 'x';
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            b[off] = (byte) read(); // as a socket does: what has come, here one byte
            return 1;
        }
    }

    @Test
    void a_download_that_drips_past_its_deadline_fails_saying_so() {
        AtomicInteger closed = new AtomicInteger();
        DownloadBody body = new DownloadBody(new Drip(), "old", Duration.ofMinutes(2), Duration.ofMillis(300),
                System.nanoTime(), closed::incrementAndGet);
        IOException e = assertTimeoutPreemptively(Duration.ofSeconds(10), // without a deadline it would drip for ever
                () -> assertThrows(IOException.class, () -> body.transferTo(OutputStream.nullOutputStream())));
        assertEquals("old: the download did not end within 300ms (jouvence.http.backup-timeout)", e.getMessage());
        assertTrue(closed.get() > 0, "the connection was dropped");
    }

    @Test
    void a_read_that_times_out_says_how_long_nothing_came() {
        InputStream silent = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new SocketTimeoutException("Read timed out");
            }
        };
        DownloadBody body = new DownloadBody(silent, "old", Duration.ofMinutes(2), Duration.ofHours(1), System.nanoTime(),
                () -> { });
        SocketTimeoutException e = assertThrows(SocketTimeoutException.class, () -> body.read(new byte[10], 0, 10));
        assertEquals("old: the download stalled: no byte for 2m (jouvence.http.read-idle-timeout)", e.getMessage());
    }

    @Test
    void an_aborted_download_fails_with_the_reason_from_then_on() throws Exception {
        DownloadBody body = new DownloadBody(new Drip(), "old", Duration.ofMinutes(2), Duration.ofHours(1),
                System.nanoTime(), () -> { });
        assertEquals('x', body.read());
        body.abort("old: the download was stopped because Jouvence is stopping");
        IOException e = assertThrows(IOException.class, body::read);
        assertEquals("old: the download was stopped because Jouvence is stopping", e.getMessage());
    }

    @Test
    void durations_read_as_the_properties_spell_them() {
        assertEquals("2m", DownloadBody.words(Duration.ofMinutes(2)));
        assertEquals("1s", DownloadBody.words(Duration.ofSeconds(1)));
        assertEquals("1h", DownloadBody.words(Duration.ofHours(1)));
        assertEquals("1500ms", DownloadBody.words(Duration.ofMillis(1500)));
    }
}
