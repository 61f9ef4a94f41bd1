package jouvence.courses.staging;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The archive check done while the download streams to disk. That it reaches the same verdicts, in the same words, as
 * {@link ArchiveInspector#inspect} on the file is proved for every case of the archive tests, whose helpers
 * ({@link ArchiveTestSupport}) run both; here: what only the streaming has (early stop, the copy itself, its thread).
 */
class StreamingInspectionTest {

    @TempDir
    Path tmp;

    /** The archive in {@code file} checked as the download step does: copied to a .part file through the check. */
    static ArchiveFacts streamed(Path file) throws IOException, InvalidArchiveException {
        Path part = Files.createTempFile("streamed-", ".mbz.part");
        try (InputStream in = Files.newInputStream(file);
             StreamingInspection check = StreamingInspection.start("archive-check-test")) {
            check.copy(in, part);
            return check.finish(part);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    /** Counts what the copy took from it, and can fail after {@code failAfter} bytes. */
    static final class Source extends FilterInputStream {
        long read;
        final long failAfter;

        Source(byte[] bytes, long failAfter) {
            super(new ByteArrayInputStream(bytes));
            this.failAfter = failAfter;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (read >= failAfter) {
                throw new IOException("connection reset by the old Moodle");
            }
            int n = super.read(b, off, (int) Math.min(len, failAfter - read));
            read += Math.max(n, 0);
            return n;
        }
    }

    static boolean threadAlive(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }

    /** A tar.gz whose one big entry is incompressible: deflate stores it in blocks of at most 64 KiB. */
    static byte[] bigArchive(int randomBytes) throws IOException {
        byte[] noise = new byte[randomBytes];
        new Random(11).nextBytes(noise);
        Path p = Files.createTempFile("big-", ".mbz");
        try {
            ArchiveTestSupport.writeTarGz(p, ArchiveTestSupport.entries("files/noise.bin", noise,
                    "moodle_backup.xml", ArchiveTestSupport.backupXml("Big", "BIG", 0)));
            return Files.readAllBytes(p);
        } finally {
            Files.deleteIfExists(p);
        }
    }

    @Test
    void theFileGetsEveryByteAndTheFactsComeWithIt() throws Exception {
        Path archive = ArchiveTestSupport.resource("course3-chem201-withuserdata.mbz");
        byte[] bytes = Files.readAllBytes(archive);
        Path part = tmp.resolve("course-3.mbz.part");
        try (StreamingInspection check = StreamingInspection.start("archive-check-copy")) {
            assertEquals(bytes.length, check.copy(new ByteArrayInputStream(bytes), part));
            assertEquals(ArchiveInspector.inspect(archive), check.finish(part));
        }
        assertArrayEquals(bytes, Files.readAllBytes(part));
        assertFalse(threadAlive("archive-check-copy"));
    }

    @Test
    void aTruncatedStreamIsCorruptOnceItEnds() throws Exception {
        byte[] full = bigArchive(3 * 1024 * 1024);
        byte[] cut = Arrays.copyOf(full, full.length * 2 / 3);
        Path part = tmp.resolve("cut.mbz.part");
        try (StreamingInspection check = StreamingInspection.start("archive-check-cut")) {
            // every byte received is valid: nothing to say before the end
            assertEquals(cut.length, check.copy(new ByteArrayInputStream(cut), part));
            InvalidArchiveException e = assertThrows(InvalidArchiveException.class, () -> check.finish(part));
            assertEquals(InvalidArchiveException.CORRUPT, e.code());
            assertTrue(e.getMessage().contains("damaged or incomplete"), e.getMessage());
        }
        assertFalse(threadAlive("archive-check-cut"));
    }

    @Test
    void aDamagedGzipStopsTheDownloadWhereTheDamageIs() throws Exception {
        byte[] archive = bigArchive(32 * 1024 * 1024);
        // zeros over 256 KiB, 2 MiB in: at least one stored block header, whose lengths no longer match
        Arrays.fill(archive, 2 << 20, (2 << 20) + (256 << 10), (byte) 0);
        Source body = new Source(archive, Long.MAX_VALUE);
        try (StreamingInspection check = StreamingInspection.start("archive-check-damaged")) {
            InvalidArchiveException e = assertThrows(InvalidArchiveException.class,
                    () -> check.copy(body, tmp.resolve("damaged.mbz.part")));
            assertEquals(InvalidArchiveException.CORRUPT, e.code());
            assertTrue(e.getMessage().contains("invalid stored block lengths"), e.getMessage());
        }
        // the rest was never downloaded: the queue holds 1 MiB at most
        assertTrue(body.read < 8L << 20, body.read + " bytes read of " + archive.length);
        assertFalse(threadAlive("archive-check-damaged"));
    }

    @Test
    void somethingElseThanAnArchiveStopsTheDownloadAtItsStart() throws Exception {
        byte[] page = new byte[16 * 1024 * 1024];
        Arrays.fill(page, (byte) ' ');
        byte[] html = "<!DOCTYPE html><html><body>Log in</body></html>".getBytes();
        System.arraycopy(html, 0, page, 0, html.length);
        Source body = new Source(page, Long.MAX_VALUE);
        try (StreamingInspection check = StreamingInspection.start("archive-check-html")) {
            InvalidArchiveException e = assertThrows(InvalidArchiveException.class,
                    () -> check.copy(body, tmp.resolve("page.mbz.part")));
            assertEquals(InvalidArchiveException.NOT_AN_ARCHIVE, e.code());
        }
        assertTrue(body.read < 4L << 20, body.read + " bytes read");
        assertFalse(threadAlive("archive-check-html"));
    }

    @Test
    void aFailingDownloadIsAnIoErrorNotAVerdict() throws Exception {
        byte[] archive = bigArchive(4 * 1024 * 1024);
        try (StreamingInspection check = StreamingInspection.start("archive-check-reset")) {
            IOException e = assertThrows(IOException.class,
                    () -> check.copy(new Source(archive, archive.length / 2), tmp.resolve("reset.mbz.part")));
            assertEquals("connection reset by the old Moodle", e.getMessage());
        }
        assertFalse(threadAlive("archive-check-reset"));
    }

    @Test
    void anAbandonedCheckEndsItsThread() throws Exception {
        // what the download step does when Content-Length says more than came: close() without finish()
        byte[] archive = bigArchive(2 * 1024 * 1024);
        try (StreamingInspection check = StreamingInspection.start("archive-check-abandoned")) {
            check.copy(new ByteArrayInputStream(archive, 0, archive.length / 2), tmp.resolve("short.mbz.part"));
        }
        assertFalse(threadAlive("archive-check-abandoned"));
        try (StreamingInspection unused = StreamingInspection.start("archive-check-unused")) {
            assertTrue(threadAlive("archive-check-unused"));
        }
        assertFalse(threadAlive("archive-check-unused"));
    }

    @Test
    void anInterruptedCallerGetsAnIoErrorNotAVerdict() throws Exception {
        byte[] archive = Files.readAllBytes(ArchiveTestSupport.resource("course2-bio101-nouserdata.mbz"));
        try (StreamingInspection check = StreamingInspection.start("archive-check-interrupted")) {
            Thread.currentThread().interrupt();
            Exception e = assertThrows(Exception.class, () -> {
                check.copy(new ByteArrayInputStream(archive), tmp.resolve("interrupted.mbz.part"));
                check.finish(tmp.resolve("interrupted.mbz.part"));
            });
            assertInstanceOf(IOException.class, e);
        } finally {
            Thread.interrupted();
        }
        assertFalse(threadAlive("archive-check-interrupted"));
    }

    /** A gzip member holding {@code bytes}. */
    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    /**
     * A small tar.gz that unpacks to {@code gib} GiB: an entry of zeros (gzip members of 64 MiB of zeros, one after
     * another, as gzip allows) followed by a good moodle_backup.xml, so that only its size is wrong.
     */
    static byte[] gzipBomb(int gib) throws IOException {
        long size = gib * 1024L * 1024 * 1024;
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        byte[] header = new byte[512];
        TarArchiveEntry big = new TarArchiveEntry("files/zeros.bin");
        big.setSize(size);
        big.writeEntryHeader(header);
        bomb.write(gzip(header));
        byte[] zeros = gzip(new byte[64 * 1024 * 1024]);
        for (long written = 0; written < size; written += 64 * 1024 * 1024) {
            bomb.write(zeros);
        }
        byte[] xml = ArchiveTestSupport.backupXml("Bomb", "BOMB", 0).getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry backup = new TarArchiveEntry("moodle_backup.xml");
        backup.setSize(xml.length);
        ByteArrayOutputStream tail = new ByteArrayOutputStream();
        backup.writeEntryHeader(header);
        tail.write(header);
        tail.write(Arrays.copyOf(xml, (xml.length + 511) / 512 * 512));
        tail.write(new byte[1024]);
        bomb.write(gzip(tail.toByteArray()));
        return bomb.toByteArray();
    }

    @Test
    void a_gzip_bomb_is_refused_early_without_unpacking_it_all() throws Exception {
        byte[] bomb = gzipBomb(4);
        assertTrue(bomb.length < 5 * 1024 * 1024, "a small file: " + bomb.length);
        Source source = new Source(bomb, Long.MAX_VALUE);
        Path part = tmp.resolve("bomb.mbz.part");
        InvalidArchiveException e;
        try (StreamingInspection check = StreamingInspection.start("archive-check-bomb")) {
            e = assertThrows(InvalidArchiveException.class, () -> {
                check.copy(source, part);
                check.finish(part);
            });
        }
        assertEquals(InvalidArchiveException.UNPACKS_TOO_LARGE, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains("more than 100 times its size"), e.getMessage());
        assertTrue(source.read < bomb.length * 2L / 3, "stopped early: " + source.read + " of " + bomb.length + " bytes");
        assertFalse(threadAlive("archive-check-bomb"));

        Path file = tmp.resolve("bomb.mbz");
        Files.write(file, bomb);
        InvalidArchiveException fromFile = assertThrows(InvalidArchiveException.class,
                () -> ArchiveInspector.inspect(file));
        assertEquals(e.getMessage(), fromFile.getMessage(), "the same verdict from the file");
    }
}
