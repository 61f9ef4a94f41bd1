package jouvence.courses.staging;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What {@code moodle_backup.xml} must say ({@link BackupXmlReader}). */
class BackupXmlReaderTest extends ArchiveTestSupport {

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
}
