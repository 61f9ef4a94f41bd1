package simulator;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import simulator.SimulatedArchive.Inspection;

/** What the simulated restore reads from a backup (tar.gz or zip): moodle_backup.xml and course/course.xml. */
final class ArchiveInspector {

    private static final int BUFFER = 64 * 1024;

    private ArchiveInspector() {
    }

    /**
     * Reads the whole archive (tar.gz or zip), as Moodle's extraction would, and returns what moodle_backup.xml and
     * course/course.xml say. Throws IOException with a human-readable reason when the file is not a usable backup.
     */
    static Inspection inspect(Path file) throws IOException {
        byte[] magic = new byte[4];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(magic, 0, 4);
        }
        byte[] backupXml = null;
        byte[] courseXml = null;
        if (n >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
            try (InputStream raw = Files.newInputStream(file);
                 GZIPInputStream gz = new GZIPInputStream(raw, BUFFER);
                 TarArchiveInputStream tar = new TarArchiveInputStream(gz)) {
                TarArchiveEntry e;
                while ((e = tar.getNextEntry()) != null) {
                    String name = stripDot(e.getName());
                    if (name.equals("moodle_backup.xml")) {
                        backupXml = readCapped(tar);
                    } else if (name.equals("course/course.xml")) {
                        courseXml = readCapped(tar);
                    }
                }
                // Read to the end of the gzip stream so that a truncated archive fails like an extraction would.
                gz.transferTo(OutputStream.nullOutputStream());
            } catch (IOException | RuntimeException e) {
                throw new IOException("Corrupt or truncated tar.gz archive: " + e.getMessage(), e);
            }
        } else if (n >= 4 && magic[0] == 'P' && magic[1] == 'K' && (magic[2] == 3 || magic[2] == 5)) {
            try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file), StandardCharsets.UTF_8)) {
                ZipEntry e;
                while ((e = zip.getNextEntry()) != null) {
                    String name = stripDot(e.getName());
                    if (name.equals("moodle_backup.xml")) {
                        backupXml = readCapped(zip);
                    } else if (name.equals("course/course.xml")) {
                        courseXml = readCapped(zip);
                    }
                }
            } catch (IOException | RuntimeException e) {
                throw new IOException("Corrupt zip archive: " + e.getMessage(), e);
            }
        } else {
            throw new IOException("Not a Moodle backup file (neither tar.gz nor zip)");
        }
        if (backupXml == null) {
            throw new IOException("moodle_backup.xml not found in the backup (unknown backup format)");
        }
        Document info = parse(backupXml);
        Element root = info.getDocumentElement();
        int originalId = parseInt(text(root, "original_course_id"), 0);
        String fullname = text(root, "original_course_fullname");
        String shortname = text(root, "original_course_shortname");
        String release = text(root, "moodle_release");
        boolean users = false;
        NodeList settings = root.getElementsByTagName("setting");
        for (int i = 0; i < settings.getLength(); i++) {
            Element s = (Element) settings.item(i);
            if ("root".equals(text(s, "level")) && "users".equals(text(s, "name"))) {
                users = "1".equals(text(s, "value"));
            }
        }
        String summary = "";
        long startdate = 0;
        if (courseXml != null) {
            Element course = parse(courseXml).getDocumentElement();
            summary = nvl(text(course, "summary"));
            startdate = parseInt(text(course, "startdate"), 0);
        }
        return new Inspection(originalId, nvl(fullname), nvl(shortname), users, nvl(release), summary, startdate);
    }

    private static String stripDot(String name) {
        return name.startsWith("./") ? name.substring(2) : name;
    }

    private static byte[] readCapped(InputStream in) throws IOException {
        byte[] b = in.readNBytes(32 * 1024 * 1024);
        return b;
    }

    private static Document parse(byte[] xml) throws IOException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            return b.parse(new ByteArrayInputStream(xml));
        } catch (Exception e) {
            throw new IOException("Unreadable XML in the backup: " + e.getMessage(), e);
        }
    }

    private static String text(Element parent, String tag) {
        NodeList l = parent.getElementsByTagName(tag);
        return l.getLength() == 0 ? null : l.item(0).getTextContent();
    }

    private static String nvl(String s) {
        return s == null ? "" : s;
    }

    private static int parseInt(String s, int def) {
        try {
            return s == null ? def : Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return def;
        }
    }
}
