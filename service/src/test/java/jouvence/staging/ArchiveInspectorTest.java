package jouvence.staging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveInspectorTest {

    @TempDir
    Path tmp;

    static Path resource(String name) throws URISyntaxException {
        return Path.of(ArchiveInspectorTest.class.getResource("/simulator/archives/" + name).toURI());
    }

    static String backupXml(String fullname, String shortname, int users) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <moodle_backup>
                  <information>
                    <name>backup.mbz</name>
                    <moodle_version>2024042203.01</moodle_version>
                    <moodle_release>4.4.3+ (Build: 20240903)</moodle_release>
                    <original_wwwroot>https://old.example.org</original_wwwroot>
                    <original_course_id>12</original_course_id>
                    <original_course_fullname>%s</original_course_fullname>
                    <original_course_shortname>%s</original_course_shortname>
                    <settings>
                      <setting><level>root</level><name>filename</name><value>backup.mbz</value></setting>
                      <setting><level>root</level><name>users</name><value>%d</value></setting>
                      <setting><level>course</level><name>users</name><value>1</value></setting>
                    </settings>
                  </information>
                </moodle_backup>
                """.formatted(fullname, shortname, users);
    }

    static void writeTarGz(Path target, Map<String, byte[]> entries) throws IOException {
        try (OutputStream out = Files.newOutputStream(target);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(out))) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
                if (!e.getKey().endsWith("/")) {
                    entry.setSize(e.getValue().length);
                }
                tar.putArchiveEntry(entry);
                tar.write(e.getValue());
                tar.closeArchiveEntry();
            }
        }
    }

    static byte[] zipBytes(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    static Map<String, byte[]> entries(Object... nameThenContent) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        for (int i = 0; i < nameThenContent.length; i += 2) {
            Object c = nameThenContent[i + 1];
            m.put((String) nameThenContent[i], c instanceof byte[] b ? b : ((String) c).getBytes(StandardCharsets.UTF_8));
        }
        return m;
    }

    /** Inspects {@code file} from disk and as the download step does, while streaming it: both give the same facts. */
    static ArchiveFacts inspected(Path file) throws Exception {
        ArchiveFacts facts = ArchiveInspector.inspect(file);
        assertEquals(facts, StreamingInspectionTest.streamed(file), "checked while streamed");
        return facts;
    }

    /** Both ways of inspecting refuse {@code file} with the same code and the same words. */
    static InvalidArchiveException refused(Path file, String expectedCode) {
        InvalidArchiveException e = assertThrows(InvalidArchiveException.class, () -> ArchiveInspector.inspect(file));
        assertEquals(expectedCode, e.code(), e.getMessage());
        InvalidArchiveException streamed = assertThrows(InvalidArchiveException.class,
                () -> StreamingInspectionTest.streamed(file), "checked while streamed");
        assertEquals(e.code(), streamed.code(), streamed.getMessage());
        assertEquals(e.getMessage(), streamed.getMessage());
        assertEquals(e.moodleErrorCode(), streamed.moodleErrorCode());
        return e;
    }

    Path write(String name, byte[] content) throws IOException {
        Path p = tmp.resolve(name);
        Files.write(p, content);
        return p;
    }

    // ------------------------------------------------------------------------------------------- real archives

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

    // ------------------------------------------------------------------------------------------- not archives

    @Test
    void emptyFile() throws Exception {
        InvalidArchiveException e = refused(write("empty.mbz", new byte[0]), "empty");
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void blankFileIsEmpty() throws Exception {
        refused(write("blank.mbz", " \r\n\t\n".getBytes(StandardCharsets.US_ASCII)), "empty");
    }

    @Test
    void jsonErrorBodyFromTheDownloadEndpoint() throws Exception {
        String body = "  \n{\"error\":\"Invalid token - token not found\",\"errorcode\":\"invalidtoken\","
                + "\"stacktrace\":null,\"debuginfo\":null,\"reproductionlink\":null}";
        InvalidArchiveException e = refused(write("error.mbz", body.getBytes(StandardCharsets.UTF_8)), "json-error");
        assertTrue(e.getMessage().contains("invalidtoken"), e.getMessage());
        assertTrue(e.getMessage().contains("Invalid token - token not found"), e.getMessage());
        assertEquals("invalidtoken", e.moodleErrorCode());
    }

    @Test
    void jsonErrorInWebServiceShapeWithEscapes() throws Exception {
        String body = "\uFEFF{\"exception\":\"moodle_exception\",\"errorcode\":\"nopermissions\","
                + "\"message\":\"Sorry, but you do not currently have permissions to do that (Download \\\"files\\\")\"}";
        InvalidArchiveException e = refused(write("ws.mbz", body.getBytes(StandardCharsets.UTF_8)), "json-error");
        assertEquals("nopermissions", e.moodleErrorCode());
        assertTrue(e.getMessage().contains("(Download \"files\")"), e.getMessage());
    }

    @Test
    void unreadableJsonIsStillAJsonError() throws Exception {
        InvalidArchiveException e = refused(write("arr.mbz", "[1,2,3]".getBytes(StandardCharsets.UTF_8)),
                "json-error");
        assertNull(e.moodleErrorCode());
    }

    @Test
    void garbageBytes() throws Exception {
        byte[] garbage = new byte[4096];
        new Random(42).nextBytes(garbage);
        garbage[0] = 'G';
        garbage[1] = 'a';
        InvalidArchiveException e = refused(write("garbage.mbz", garbage), "not-an-archive");
        assertTrue(e.getMessage().startsWith("The downloaded file is not a backup archive"), e.getMessage());
        assertTrue(e.getMessage().contains("47 61"), e.getMessage());
    }

    @Test
    void htmlPage() throws Exception {
        InvalidArchiveException e = refused(write("login.mbz",
                "<!DOCTYPE html><html><body>Log in</body></html>".getBytes(StandardCharsets.UTF_8)), "not-an-archive");
        assertTrue(e.getMessage().contains("web page"), e.getMessage());
    }

    @Test
    void missingFileIsAnIoErrorNotAVerdict() {
        assertThrows(java.nio.file.NoSuchFileException.class,
                () -> ArchiveInspector.inspect(tmp.resolve("does-not-exist.mbz")));
    }

    // ------------------------------------------------------------------------------------------- damaged archives

    @Test
    void truncatedRealArchiveIsCorrupt() throws Exception {
        byte[] full = Files.readAllBytes(resource("course3-chem201-withuserdata.mbz"));
        Path half = write("half.mbz", Arrays.copyOf(full, full.length / 2));
        InvalidArchiveException e = refused(half, "corrupt");
        assertTrue(e.getMessage().contains("damaged or incomplete"), e.getMessage());
    }

    @Test
    void truncationAfterAnEarlyMoodleBackupXmlIsStillCaught() throws Exception {
        byte[] noise = new byte[2 * 1024 * 1024];
        new Random(7).nextBytes(noise); // incompressible, so the cut lands inside it
        Path full = tmp.resolve("early.mbz");
        writeTarGz(full, entries("moodle_backup.xml", backupXml("Early", "EARLY", 0), "files/blob", noise));
        assertEquals("Early", inspected(full).originalFullname()); // the untouched copy is fine

        byte[] bytes = Files.readAllBytes(full);
        refused(write("early-cut.mbz", Arrays.copyOf(bytes, bytes.length * 6 / 10)), "corrupt");
        // even a cut of the last few bytes (the gzip trailer) is caught
        refused(write("early-cut-end.mbz", Arrays.copyOf(bytes, bytes.length - 4)), "corrupt");
    }

    @Test
    void truncationInTheGzipDataAfterTheTarEndIsCaught() throws Exception {
        // Some tools pad the tar far beyond its end-of-archive marker; the tar reader stops at the marker, but the
        // rest of the gzip stream must still be read to notice that the download was cut.
        ByteArrayOutputStream tarBytes = new ByteArrayOutputStream();
        byte[] xml = backupXml("Padded", "PAD", 0).getBytes(StandardCharsets.UTF_8);
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(tarBytes)) {
            TarArchiveEntry e = new TarArchiveEntry("moodle_backup.xml");
            e.setSize(xml.length);
            tar.putArchiveEntry(e);
            tar.write(xml);
            tar.closeArchiveEntry();
        }
        byte[] padding = new byte[1024 * 1024];
        new Random(3).nextBytes(padding);
        Path full = tmp.resolve("padded.mbz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(full))) {
            out.write(tarBytes.toByteArray());
            out.write(padding);
        }
        ArchiveFacts facts = inspected(full);
        assertEquals("PAD", facts.originalShortname());
        assertFalse(facts.includesUsers()); // root users=0; a course-level "users" setting does not count
        byte[] bytes = Files.readAllBytes(full);
        refused(write("padded-cut.mbz", Arrays.copyOf(bytes, bytes.length / 2)), "corrupt");
    }

    @Test
    void gzipButNotTarIsCorrupt() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] text = new byte[8192];
        Arrays.fill(text, (byte) 'x');
        try (GZIPOutputStream gz = new GZIPOutputStream(b)) {
            gz.write(text);
        }
        refused(write("notar.mbz", b.toByteArray()), "corrupt");
    }

    @Test
    void zipCutBeforeItsCentralDirectoryIsCorrupt() throws Exception {
        byte[] zip = zipBytes(entries("moodle_backup.xml", backupXml("Z", "Z1", 0), "course/course.xml", "<course/>"));
        int centralDirectory = indexOf(zip, new byte[] {'P', 'K', 1, 2});
        assertTrue(centralDirectory > 0);
        // Every entry is intact: only the table of contents is missing, which ZipInputStream alone would not notice.
        refused(write("cut-cd.mbz", Arrays.copyOf(zip, centralDirectory)), "corrupt");
        refused(write("cut-middle.mbz", Arrays.copyOf(zip, centralDirectory / 2)), "corrupt");
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    // ------------------------------------------------------------------------------------------- moodle_backup.xml

    @Test
    void tarGzWithoutMoodleBackupXml() throws Exception {
        Path p = tmp.resolve("nox.mbz");
        writeTarGz(p, entries("course/", "", "course/course.xml", "<course/>", "files.xml", "<files/>"));
        InvalidArchiveException e = refused(p, "no-moodle-backup-xml");
        assertTrue(e.getMessage().contains("3 entries"), e.getMessage());
    }

    @Test
    void moodleBackupXmlInsideAFolderIsNotAtTheTopLevel() throws Exception {
        Path p = tmp.resolve("nested.mbz");
        writeTarGz(p, entries("backup/moodle_backup.xml", backupXml("N", "N1", 0)));
        InvalidArchiveException e = refused(p, "no-moodle-backup-xml");
        assertTrue(e.getMessage().contains("backup/moodle_backup.xml"), e.getMessage());
    }

    @Test
    void dotSlashPrefixedNamesAreAccepted() throws Exception {
        Path p = tmp.resolve("dot.mbz");
        writeTarGz(p, entries("./", "", "./moodle_backup.xml", backupXml("Dot", "DOT", 1)));
        ArchiveFacts f = inspected(p);
        assertEquals("DOT", f.originalShortname());
        assertTrue(f.includesUsers());
        assertEquals(2, f.entries());
    }

    @Test
    void zipWithMoodleBackupXml() throws Exception {
        String xml = backupXml("Physique &amp; chimie — 1ʳᵉ année", "PHY-1", 1);
        Path p = write("course.mbz", zipBytes(entries("course/", "", "course/course.xml", "<course/>",
                "moodle_backup.xml", xml)));
        ArchiveFacts f = inspected(p);
        assertEquals("zip", f.format());
        assertEquals("Physique & chimie — 1ʳᵉ année", f.originalFullname());
        assertEquals("PHY-1", f.originalShortname());
        assertEquals(12L, f.originalCourseId());
        assertEquals("https://old.example.org", f.originalWwwroot());
        assertTrue(f.includesUsers());
        assertEquals(3, f.entries());
        assertEquals(xml.getBytes(StandardCharsets.UTF_8).length + "<course/>".length(), f.uncompressedBytes());
    }

    @Test
    void emptyZipHasNoMoodleBackupXml() throws Exception {
        refused(write("empty.zip", zipBytes(Map.of())), "no-moodle-backup-xml");
    }

    @Test
    void unparseableMoodleBackupXml() throws Exception {
        Path p = tmp.resolve("badxml.mbz");
        writeTarGz(p, entries("moodle_backup.xml", "<moodle_backup><information><original_course_fullname>x"));
        refused(p, "bad-moodle-backup-xml");
    }

    @Test
    void moodleBackupXmlWithoutShortname() throws Exception {
        Path p = tmp.resolve("noshort.mbz");
        writeTarGz(p, entries("moodle_backup.xml", backupXml("Only a fullname", "  ", 0)));
        InvalidArchiveException e = refused(p, "bad-moodle-backup-xml");
        assertTrue(e.getMessage().contains("original_course_shortname"), e.getMessage());
    }

    @Test
    void wrongRootElement() throws Exception {
        Path p = tmp.resolve("root.mbz");
        writeTarGz(p, entries("moodle_backup.xml", "<course><fullname>x</fullname></course>"));
        InvalidArchiveException e = refused(p, "bad-moodle-backup-xml");
        assertTrue(e.getMessage().contains("<course>"), e.getMessage());
    }

    @Test
    void externalEntitiesAreNeverResolved() throws Exception {
        Path secret = write("secret.txt", "TOP-SECRET-42".getBytes(StandardCharsets.UTF_8));
        String xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE moodle_backup [<!ENTITY xxe SYSTEM \"" + secret.toUri()
                + "\">]>\n" + backupXml("&xxe;", "XXE", 0).replaceFirst("<\\?xml[^>]*>", "");
        Path p = tmp.resolve("xxe.mbz");
        writeTarGz(p, entries("moodle_backup.xml", xml));
        ArchiveFacts facts = null;
        try {
            facts = inspected(p);
        } catch (InvalidArchiveException e) {
            assertEquals("bad-moodle-backup-xml", e.code());
            assertFalse(e.getMessage().contains("TOP-SECRET-42"), e.getMessage());
        }
        if (facts != null) {
            assertFalse(facts.originalFullname().contains("TOP-SECRET-42"), facts.originalFullname());
        }
    }

    @Test
    void absurdlyLargeMoodleBackupXmlIsRefused() throws Exception {
        byte[] xml = new byte[ArchiveInspector.MAX_BACKUP_XML_BYTES + 1024];
        Arrays.fill(xml, (byte) ' ');
        byte[] real = backupXml("Big", "BIG", 0).getBytes(StandardCharsets.UTF_8);
        System.arraycopy(real, 0, xml, 0, real.length); // valid XML followed by 16 MiB of blanks
        Path p = tmp.resolve("bigxml.mbz");
        writeTarGz(p, entries("moodle_backup.xml", xml));
        InvalidArchiveException e = refused(p, "bad-moodle-backup-xml");
        assertTrue(e.getMessage().contains("16 MiB"), e.getMessage());
    }

    // ------------------------------------------------------------------------------------------- size

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

    // ------------------------------------------------------------------------------------------- interruption

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

    // ------------------------------------------------------------------------------------------- HTTP response

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
