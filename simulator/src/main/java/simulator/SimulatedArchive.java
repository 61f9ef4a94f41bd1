package simulator;

import java.io.ByteArrayInputStream;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Moodle backup archives (.mbz) for the simulator: the two real archives recorded from Moodle 4.4, synthetic
 * archives generated on disk (any size, constant memory) and the inspection done by the simulated restore.
 */
final class SimulatedArchive {

    /** Real archive of server course 2 (OLD-BIO101) without user data. */
    static final String COURSE2_NO_USERDATA = "course2-bio101-nouserdata.mbz";
    /** Real archive of server course 3 (OLD-CHEM201) with user data. */
    static final String COURSE3_WITH_USERDATA = "course3-chem201-withuserdata.mbz";

    static final String MOODLE_RELEASE = "4.4.3+ (Build: 20240903)";
    static final String MOODLE_VERSION = "2024042203.01";
    /** Moodle's tgz packer dates directories to 2013-01-01. */
    private static final long DIR_MTIME = 1356998400L;
    private static final int BUFFER = 64 * 1024;

    private static final ConcurrentHashMap<String, byte[]> REAL_CACHE = new ConcurrentHashMap<>();

    private SimulatedArchive() {
    }

    /** Size and SHA-1 (Moodle's contenthash, served as Etag) of a written file. */
    record Written(long size, String sha1) {
    }

    /** What the simulated restore reads from an archive. */
    record Inspection(int originalCourseId, String fullname, String shortname, boolean withUserData, String release,
                      String summary, long startdate) {
    }

    /** Course facts written into a synthetic archive. */
    record CourseFacts(int id, String shortname, String fullname, String idnumber, String summary, long startdate,
                       int categoryId, String categoryName, int contextId, String wwwroot) {
    }

    // ------------------------------------------------------------------ real archives

    /**
     * Bytes of one of the real archives: classpath {@code /simulator/archives/NAME} (the simulator's jar), then
     * {@code /archives/NAME}, then the file {@code src/main/resources/simulator/archives/NAME}.
     * Returns null when none is found.
     */
    static byte[] realArchive(String name) {
        byte[] cached = REAL_CACHE.get(name);
        if (cached != null) {
            return cached;
        }
        byte[] bytes = null;
        for (String res : new String[] {"/simulator/archives/" + name, "/archives/" + name}) {
            try (InputStream in = SimulatedArchive.class.getResourceAsStream(res)) {
                if (in != null) {
                    bytes = in.readAllBytes();
                    break;
                }
            } catch (IOException ignored) {
                // try next location
            }
        }
        if (bytes == null) {
            Path p = Path.of("src", "main", "resources", "simulator", "archives", name);
            try {
                if (Files.isReadable(p)) {
                    bytes = Files.readAllBytes(p);
                }
            } catch (IOException ignored) {
                // not available
            }
        }
        if (bytes != null) {
            REAL_CACHE.put(name, bytes);
        }
        return bytes;
    }

    static Written writeBytes(byte[] bytes, Path target) throws IOException {
        Files.write(target, bytes);
        return new Written(bytes.length, sha1Hex(bytes));
    }

    // ------------------------------------------------------------------ synthetic archives

    /**
     * Writes a synthetic Moodle 4.4 backup (tar.gz) to {@code target}: {@code .ARCHIVE_INDEX}, {@code course/course.xml},
     * an optional {@code files/padding.bin} of {@code paddingBytes} incompressible bytes, {@code files.xml} and
     * (unless {@code withBackupXml} is false) {@code moodle_backup.xml}. Memory use does not depend on the size.
     */
    static Written writeSynthetic(Path target, CourseFacts course, boolean withUserData, long paddingBytes,
                                  boolean withBackupXml) throws IOException {
        long now = System.currentTimeMillis() / 1000;
        byte[] courseXml = courseXml(course).getBytes(StandardCharsets.UTF_8);
        byte[] backupXml = moodleBackupXml(course, withUserData, now).getBytes(StandardCharsets.UTF_8);
        byte[] filesXml = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<files>\n</files>").getBytes(StandardCharsets.UTF_8);
        long padding = Math.max(0, paddingBytes);

        List<String[]> index = new ArrayList<>();
        index.add(new String[] {"course/", "d", "0", "?"});
        index.add(new String[] {"course/course.xml", "f", Long.toString(courseXml.length), Long.toString(now)});
        index.add(new String[] {"files/", "d", "0", "?"});
        if (padding > 0) {
            index.add(new String[] {"files/padding.bin", "f", Long.toString(padding), Long.toString(now)});
        }
        index.add(new String[] {"files.xml", "f", Long.toString(filesXml.length), Long.toString(now)});
        if (withBackupXml) {
            index.add(new String[] {"moodle_backup.xml", "f", Long.toString(backupXml.length), Long.toString(now)});
        }
        StringBuilder idx = new StringBuilder("Moodle archive file index. Count: ").append(index.size()).append('\n');
        for (String[] row : index) {
            idx.append(String.join("\t", row)).append('\n');
        }

        MessageDigest sha1 = sha1();
        CountingOutputStream counter;
        int level = padding > 0 ? Deflater.NO_COMPRESSION : Deflater.DEFAULT_COMPRESSION;
        try (OutputStream file = Files.newOutputStream(target, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            counter = new CountingOutputStream(new DigestOutputStream(new BufferedOutputStream(file, BUFFER), sha1));
            try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new UnixGzipOutputStream(counter, level, now))) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                addFile(tar, ".ARCHIVE_INDEX", idx.toString().getBytes(StandardCharsets.UTF_8), DIR_MTIME);
                addDir(tar, "course/");
                addFile(tar, "course/course.xml", courseXml, now);
                addDir(tar, "files/");
                if (padding > 0) {
                    TarArchiveEntry e = new TarArchiveEntry("files/padding.bin");
                    e.setSize(padding);
                    e.setMode(0100644);
                    e.setModTime(now * 1000);
                    tar.putArchiveEntry(e);
                    writePadding(tar, padding, course.id() * 31L + now);
                    tar.closeArchiveEntry();
                }
                addFile(tar, "files.xml", filesXml, now);
                if (withBackupXml) {
                    addFile(tar, "moodle_backup.xml", backupXml, now);
                }
                tar.finish();
            }
        }
        return new Written(counter.count, HexFormat.of().formatHex(sha1.digest()));
    }

    /** Bytes that are neither gzip nor zip (what a broken proxy or a PHP notice would leave). */
    static byte[] garbage() {
        byte[] b = new byte[4096];
        new SplittableRandom(42).nextBytes(b);
        byte[] head = "NOT-AN-ARCHIVE\n".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, b, 0, head.length);
        return b;
    }

    private static void writePadding(OutputStream out, long size, long seed) throws IOException {
        // A 1 MiB random block, re-stamped with a counter on each round: deflate's 32 KiB window can't compress it.
        byte[] block = new byte[1024 * 1024];
        new SplittableRandom(seed).nextBytes(block);
        long remaining = size;
        long round = 0;
        while (remaining > 0) {
            long r = round++;
            for (int i = 0; i < 8; i++) {
                block[i] = (byte) (r >>> (8 * i));
            }
            int n = (int) Math.min(block.length, remaining);
            out.write(block, 0, n);
            remaining -= n;
        }
    }

    private static void addDir(TarArchiveOutputStream tar, String name) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setModTime(DIR_MTIME * 1000);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    private static void addFile(TarArchiveOutputStream tar, String name, byte[] content, long mtime) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(content.length);
        e.setMode(0100644);
        e.setModTime(mtime * 1000);
        tar.putArchiveEntry(e);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    private static String courseXml(CourseFacts c) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<course id=\"" + c.id() + "\" contextid=\"" + c.contextId() + "\">\n"
                + "  <shortname>" + x(c.shortname()) + "</shortname>\n"
                + "  <fullname>" + x(c.fullname()) + "</fullname>\n"
                + "  <idnumber>" + x(c.idnumber()) + "</idnumber>\n"
                + "  <summary>" + x(c.summary()) + "</summary>\n"
                + "  <summaryformat>0</summaryformat>\n"
                + "  <format>topics</format>\n"
                + "  <showgrades>1</showgrades>\n"
                + "  <newsitems>0</newsitems>\n"
                + "  <startdate>" + c.startdate() + "</startdate>\n"
                + "  <enddate>0</enddate>\n"
                + "  <marker>0</marker>\n"
                + "  <maxbytes>0</maxbytes>\n"
                + "  <legacyfiles>0</legacyfiles>\n"
                + "  <showreports>0</showreports>\n"
                + "  <visible>1</visible>\n"
                + "  <groupmode>0</groupmode>\n"
                + "  <groupmodeforce>0</groupmodeforce>\n"
                + "  <defaultgroupingid>0</defaultgroupingid>\n"
                + "  <lang></lang>\n"
                + "  <theme></theme>\n"
                + "  <timecreated>1795297149</timecreated>\n"
                + "  <timemodified>1795297149</timemodified>\n"
                + "  <requested>0</requested>\n"
                + "  <showactivitydates>0</showactivitydates>\n"
                + "  <showcompletionconditions>1</showcompletionconditions>\n"
                + "  <pdfexportfont>$@NULL@$</pdfexportfont>\n"
                + "  <enablecompletion>0</enablecompletion>\n"
                + "  <completionnotify>0</completionnotify>\n"
                + "  <category id=\"" + c.categoryId() + "\">\n"
                + "    <name>" + x(c.categoryName()) + "</name>\n"
                + "    <description></description>\n"
                + "  </category>\n"
                + "  <tags>\n  </tags>\n"
                + "  <customfields>\n  </customfields>\n"
                + "  <courseformatoptions>\n"
                + "    <courseformatoption>\n      <format>topics</format>\n      <sectionid>0</sectionid>\n"
                + "      <name>hiddensections</name>\n      <value>1</value>\n    </courseformatoption>\n"
                + "    <courseformatoption>\n      <format>topics</format>\n      <sectionid>0</sectionid>\n"
                + "      <name>coursedisplay</name>\n      <value>0</value>\n    </courseformatoption>\n"
                + "  </courseformatoptions>\n"
                + "</course>";
    }

    private static String moodleBackupXml(CourseFacts c, boolean users, long now) {
        String u = users ? "1" : "0";
        String[][] settings = {
            {"filename", "backup.mbz"}, {"imscc11", "0"}, {"users", u}, {"anonymize", "0"},
            {"role_assignments", u}, {"activities", "1"}, {"blocks", "1"}, {"files", "1"}, {"filters", "1"},
            {"comments", "1"}, {"badges", u}, {"calendarevents", "1"}, {"userscompletion", u}, {"logs", u},
            {"grade_histories", "0"}, {"questionbank", "1"}, {"groups", "1"}, {"competencies", "1"},
            {"customfield", "1"}, {"contentbankcontent", "1"}, {"xapistate", u}, {"legacyfiles", "1"},
        };
        StringBuilder sb = new StringBuilder();
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<moodle_backup>\n  <information>\n")
          .append("    <name>backup.mbz</name>\n")
          .append("    <moodle_version>").append(MOODLE_VERSION).append("</moodle_version>\n")
          .append("    <moodle_release>").append(x(MOODLE_RELEASE)).append("</moodle_release>\n")
          .append("    <backup_version>2024042200</backup_version>\n")
          .append("    <backup_release>4.4</backup_release>\n")
          .append("    <backup_date>").append(now).append("</backup_date>\n")
          .append("    <mnet_remoteusers>0</mnet_remoteusers>\n")
          .append("    <include_files>1</include_files>\n")
          .append("    <include_file_references_to_external_content>0</include_file_references_to_external_content>\n")
          .append("    <original_wwwroot>").append(x(c.wwwroot())).append("</original_wwwroot>\n")
          .append("    <original_site_identifier_hash>da139c54b9b7f46fc248c30f182bd061</original_site_identifier_hash>\n")
          .append("    <original_course_id>").append(c.id()).append("</original_course_id>\n")
          .append("    <original_course_format>topics</original_course_format>\n")
          .append("    <original_course_fullname>").append(x(c.fullname())).append("</original_course_fullname>\n")
          .append("    <original_course_shortname>").append(x(c.shortname())).append("</original_course_shortname>\n")
          .append("    <original_course_startdate>").append(c.startdate()).append("</original_course_startdate>\n")
          .append("    <original_course_enddate>0</original_course_enddate>\n")
          .append("    <original_course_contextid>").append(c.contextId()).append("</original_course_contextid>\n")
          .append("    <original_system_contextid>1</original_system_contextid>\n")
          .append("    <details>\n")
          .append("      <detail backup_id=\"").append(HexFormat.of().formatHex(sha1().digest(
                  (c.id() + ":" + now + ":" + System.nanoTime()).getBytes(StandardCharsets.UTF_8)), 0, 16))
          .append("\">\n")
          .append("        <type>course</type>\n        <format>moodle2</format>\n        <interactive></interactive>\n")
          .append("        <mode>10</mode>\n        <execution>1</execution>\n        <executiontime>0</executiontime>\n")
          .append("      </detail>\n    </details>\n")
          .append("    <contents>\n      <course>\n")
          .append("        <courseid>").append(c.id()).append("</courseid>\n")
          .append("        <title>").append(x(c.shortname())).append("</title>\n")
          .append("        <directory>course</directory>\n")
          .append("      </course>\n    </contents>\n")
          .append("    <settings>\n");
        for (String[] s : settings) {
            sb.append("      <setting>\n        <level>root</level>\n        <name>").append(s[0])
              .append("</name>\n        <value>").append(s[1]).append("</value>\n      </setting>\n");
        }
        sb.append("    </settings>\n  </information>\n</moodle_backup>\n");
        return sb.toString();
    }

    private static String x(String s) {
        return s == null ? "" : WsProtocol.xmlEscape(s);
    }

    // ------------------------------------------------------------------ inspection (simulated restore)

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

    // ------------------------------------------------------------------ helpers

    static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha1Hex(byte[] b) {
        return HexFormat.of().formatHex(sha1().digest(b));
    }

    /** Small tar.gz without moodle_backup.xml (for {@code Kind.NO_BACKUP_XML}). */
    static byte[] noBackupXmlArchive(CourseFacts facts) throws IOException {
        Path tmp = Files.createTempFile("moodle-sim-nobackupxml-", ".mbz");
        try {
            writeSynthetic(tmp, facts, false, 0, false);
            return Files.readAllBytes(tmp);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static final class CountingOutputStream extends FilterOutputStream {
        long count;

        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }

    /** gzip writer with a chosen level and a "from Unix" header, as PHP/zlib writes it. */
    private static final class UnixGzipOutputStream extends DeflaterOutputStream {
        private final CRC32 crc = new CRC32();
        private long size;
        private boolean finished;

        UnixGzipOutputStream(OutputStream out, int level, long mtime) throws IOException {
            super(out, new Deflater(level, true), BUFFER);
            byte[] header = {0x1f, (byte) 0x8b, 8, 0,
                (byte) mtime, (byte) (mtime >>> 8), (byte) (mtime >>> 16), (byte) (mtime >>> 24), 0, 3};
            out.write(header);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            super.write(b, off, len);
            crc.update(b, off, len);
            size += len;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void finish() throws IOException {
            if (finished) {
                return;
            }
            finished = true;
            super.finish();
            long c = crc.getValue();
            byte[] trailer = {(byte) c, (byte) (c >>> 8), (byte) (c >>> 16), (byte) (c >>> 24),
                (byte) size, (byte) (size >>> 8), (byte) (size >>> 16), (byte) (size >>> 24)};
            out.write(trailer);
        }

        @Override
        public void close() throws IOException {
            try {
                finish();
            } finally {
                def.end();
                out.close();
            }
        }
    }
}
