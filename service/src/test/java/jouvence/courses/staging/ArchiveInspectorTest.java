package jouvence.courses.staging;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole inspection of real and large archives, and the check of the download's HTTP response. */
class ArchiveInspectorTest extends ArchiveTestSupport {

    @Test
    void realArchiveWithoutUserData() throws Exception {
        Path archive = resource("course2-bio101-nouserdata.mbz");
        ArchiveFacts f = inspected(archive);
        assertEquals("tar.gz", f.format());
        assertEquals("Biology 101 (old platform)", f.originalFullname());
        assertEquals("OLD-BIO101", f.originalShortname());
        assertEquals(2L, f.originalCourseId());
        assertEquals("4.4.3+ (Build: 20240903)", f.moodleRelease());
        assertEquals("2024042203.01", f.moodleVersion());
        assertEquals("http://127.0.0.1:8081", f.originalWwwroot());
        assertFalse(f.includesUsers());
        assertEquals(97, f.entries());
        assertEquals(Files.size(archive), f.compressedBytes());
        assertEquals(41_360L, f.uncompressedBytes()); // sum of the entry sizes listed by `tar tvzf`
    }

    @Test
    void realArchiveWithUserData() throws Exception {
        Path archive = resource("course3-chem201-withuserdata.mbz");
        ArchiveFacts f = inspected(archive);
        assertEquals("tar.gz", f.format());
        assertEquals("Chemistry 201 (old platform)", f.originalFullname());
        assertEquals("OLD-CHEM201", f.originalShortname());
        assertEquals(3L, f.originalCourseId());
        assertEquals("4.4.3+ (Build: 20240903)", f.moodleRelease());
        assertTrue(f.includesUsers());
        assertEquals(122, f.entries());
        assertEquals(Files.size(archive), f.compressedBytes());
        assertEquals(69_302L, f.uncompressedBytes());
    }

    @Test
    void realArchiveRepackedAsZipGivesTheSameFacts() throws Exception {
        Map<String, byte[]> content = new LinkedHashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new GZIPInputStream(Files.newInputStream(resource("course2-bio101-nouserdata.mbz"))))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                content.put(e.getName(), tar.readAllBytes());
            }
        }
        Path zip = write("bio.mbz", zipBytes(content));
        ArchiveFacts f = inspected(zip);
        assertEquals("zip", f.format());
        assertEquals("Biology 101 (old platform)", f.originalFullname());
        assertEquals("OLD-BIO101", f.originalShortname());
        assertFalse(f.includesUsers());
        assertEquals(97, f.entries());
        assertEquals(41_360L, f.uncompressedBytes());
        assertEquals(Files.size(zip), f.compressedBytes());
    }

    @Test
    void missingFileIsAnIoErrorNotAVerdict() {
        assertThrows(java.nio.file.NoSuchFileException.class,
                () -> ArchiveInspector.inspect(tmp.resolve("does-not-exist.mbz")));
    }

    @Test
    void largeArchiveIsStreamed() throws Exception {
        long padding = 300L * 1024 * 1024;
        Path p = tmp.resolve("large.mbz");
        byte[] xml = backupXml("Large", "LARGE", 0).getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = Files.newOutputStream(p);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(out, 64 * 1024))) {
            TarArchiveEntry big = new TarArchiveEntry("files/zeros.bin");
            big.setSize(padding);
            tar.putArchiveEntry(big);
            byte[] zeros = new byte[64 * 1024];
            for (long written = 0; written < padding; written += zeros.length) {
                tar.write(zeros);
            }
            tar.closeArchiveEntry();
            TarArchiveEntry x = new TarArchiveEntry("moodle_backup.xml");
            x.setSize(xml.length);
            tar.putArchiveEntry(x);
            tar.write(xml);
            tar.closeArchiveEntry();
        }
        try {
            ArchiveFacts f = inspected(p);
            assertEquals("LARGE", f.originalShortname());
            assertEquals(2, f.entries());
            assertEquals(padding + xml.length, f.uncompressedBytes());
            assertTrue(f.compressedBytes() < f.uncompressedBytes() / 100);
        } finally {
            Files.deleteIfExists(p);
        }
    }

    @Test
    void interruptedCallerGetsAnIoExceptionNotAVerdict() throws Exception {
        Path archive = resource("course2-bio101-nouserdata.mbz");
        Thread.currentThread().interrupt();
        try {
            // an IOException (ClosedByInterruptException / InterruptedIOException), never an InvalidArchiveException
            assertThrows(IOException.class, () -> ArchiveInspector.inspect(archive));
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void checkResponseAcceptsABackupDownload() throws Exception {
        ArchiveInspector.checkResponse(200, "application/vnd.moodle.backup", 8160);
        ArchiveInspector.checkResponse(200, null, -1);
        ArchiveInspector.checkResponse(200, "application/octet-stream", -1);
    }

    @Test
    void checkResponseRefusesBadStatus() {
        InvalidArchiveException e = assertThrows(InvalidArchiveException.class,
                () -> ArchiveInspector.checkResponse(404, "text/html", 120));
        assertEquals("http-status", e.code());
        assertTrue(e.getMessage().contains("404"), e.getMessage());
        assertEquals("http-status", assertThrows(InvalidArchiveException.class,
                () -> ArchiveInspector.checkResponse(206, "application/vnd.moodle.backup", 10)).code());
    }

    @Test
    void checkResponseRefusesJson() {
        InvalidArchiveException e = assertThrows(InvalidArchiveException.class,
                () -> ArchiveInspector.checkResponse(200, "Application/JSON; charset=utf-8", 95));
        assertEquals("json-error", e.code());
        assertEquals("json-error", assertThrows(InvalidArchiveException.class,
                () -> ArchiveInspector.checkResponse(200, "application/problem+json", -1)).code());
    }

    @Test
    void checkResponseRefusesEmptyBody() {
        InvalidArchiveException e = assertThrows(InvalidArchiveException.class,
                () -> ArchiveInspector.checkResponse(200, "application/vnd.moodle.backup", 0));
        assertEquals("empty", e.code());
        // D1/D5 of the transcript: a deleted or overwritten file record is an empty JSON-typed body.
        assertEquals("empty", assertThrows(InvalidArchiveException.class,
                () -> ArchiveInspector.checkResponse(200, "application/json; charset=utf-8", 0)).code());
    }
}
