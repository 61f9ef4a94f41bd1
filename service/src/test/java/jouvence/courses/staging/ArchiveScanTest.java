package jouvence.courses.staging;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading the tar.gz or zip to its end ({@link ArchiveScan}): damage, truncation, where the entries are. */
class ArchiveScanTest extends ArchiveTestSupport {

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
}
