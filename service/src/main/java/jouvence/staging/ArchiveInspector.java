package jouvence.staging;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Decides whether a downloaded file is a real Moodle course backup ({@code .mbz}) before anybody restores it.
 *
 * <p>The whole archive is read once, end to end, as a stream: every entry is decompressed and its bytes discarded, so
 * a truncated or damaged download is caught even when {@code moodle_backup.xml} (usually near the end of a Moodle
 * archive, but not always) has already been seen. Memory use does not depend on the archive's size: a 64 KiB buffer,
 * plus {@code moodle_backup.xml} itself, whose read is capped at {@link #MAX_BACKUP_XML_BYTES}. During a download the
 * archive is read from the download itself, as it arrives ({@link StreamingInspection}), not from the file again.
 *
 * <p>Verdicts, in the order they are checked (codes in {@link InvalidArchiveException}): {@code empty},
 * {@code json-error}, {@code not-an-archive}, {@code corrupt}, {@code no-moodle-backup-xml},
 * {@code bad-moodle-backup-xml}. A damaged stream wins over a bad or missing {@code moodle_backup.xml}, since
 * downloading again may fix it.
 *
 * <p>Plain Java; stateless and thread-safe.
 */
public final class ArchiveInspector {

    /** Largest {@code moodle_backup.xml} accepted (real ones are a few KiB to a few MiB). */
    public static final int MAX_BACKUP_XML_BYTES = 16 * 1024 * 1024;

    static final String BACKUP_XML = "moodle_backup.xml";

    private static final int BUFFER_SIZE = 64 * 1024;
    /** How much of the start of the file is looked at to recognise a JSON / HTML body. */
    private static final int SNIFF_BYTES = 64 * 1024;
    /** Longest piece of a Moodle JSON error field quoted in a message. */
    private static final int MAX_QUOTED_CHARS = 300;
    /** Zip end-of-central-directory record: fixed part, and the largest comment it may be followed by. */
    private static final int ZIP_EOCD_SIZE = 22;
    private static final int ZIP_MAX_COMMENT = 0xFFFF;

    private static final Pattern JSON_STRING_FIELD =
            Pattern.compile("\"(errorcode|error|message|exception)\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private ArchiveInspector() {
    }

    // ------------------------------------------------------------------------------------------------ HTTP response

    /**
     * Checks the HTTP response of an archive download before its body is streamed to disk.
     *
     * @param httpStatus    the final status (after redirects); only 200 is accepted
     * @param contentType   the {@code Content-Type} header, or {@code null}
     * @param contentLength the {@code Content-Length}, or -1 when unknown
     * @throws InvalidArchiveException {@code http-status} (status other than 200), {@code json-error} (a JSON media
     *                                 type: Moodle reports its errors that way), {@code empty} (Content-Length 0)
     */
    public static void checkResponse(int httpStatus, String contentType, long contentLength)
            throws InvalidArchiveException {
        if (httpStatus != 200) {
            throw new InvalidArchiveException(InvalidArchiveException.HTTP_STATUS,
                    "The old Moodle answered the archive download with HTTP status " + httpStatus
                            + " instead of 200, so no backup archive was received.");
        }
        if (contentLength == 0) {
            // What the download script answers for a file record that no longer exists, e.g. a no-user-data backup
            // overwritten by the next backup in the server's single backup slot.
            throw new InvalidArchiveException(InvalidArchiveException.EMPTY,
                    "The old Moodle answered the archive download with an empty body (Content-Length: 0): the backup "
                            + "file no longer exists on the server (overwritten by another backup, or deleted).");
        }
        if (contentType != null && isJsonMediaType(contentType)) {
            throw new InvalidArchiveException(InvalidArchiveException.JSON_ERROR,
                    "The old Moodle answered the archive download with a JSON document (Content-Type "
                            + quote(contentType.trim()) + "), which is an error message, not a backup archive.");
        }
    }

    private static boolean isJsonMediaType(String contentType) {
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return mediaType.equals("application/json") || mediaType.equals("text/json") || mediaType.endsWith("+json");
    }

    // ------------------------------------------------------------------------------------------------ the file

    /**
     * Inspects a downloaded archive.
     *
     * @return the facts read from {@code moodle_backup.xml} and counted while reading the archive
     * @throws InvalidArchiveException the file is not a usable Moodle backup; see {@link InvalidArchiveException#code()}
     * @throws IOException             the file itself could not be read (missing, permissions, disk error), or the
     *                                 calling thread was interrupted ({@link InterruptedIOException} or
     *                                 {@link java.nio.channels.ClosedByInterruptException})
     */
    public static ArchiveFacts inspect(Path archive) throws InvalidArchiveException, IOException {
        long size = Files.size(archive);
        Scan scan;
        try (InputStream file = Files.newInputStream(archive, StandardOpenOption.READ)) {
            scan = scan(file);
        }
        return facts(scan, archive, size);
    }

    /**
     * The part of the inspection that reads the archive once, from its first byte to its end: format, every entry,
     * {@code moodle_backup.xml} kept. Read from the file by {@link #inspect}, from the download itself by
     * {@link StreamingInspection}.
     *
     * @throws InvalidArchiveException {@code empty}, {@code json-error}, {@code not-an-archive} or {@code corrupt}
     * @throws IOException             {@code source} itself failed (its original exception), or the calling thread
     *                                 was interrupted
     */
    static Scan scan(InputStream source) throws InvalidArchiveException, IOException {
        InputStream in = new BufferedInputStream(new SourceInputStream(source), BUFFER_SIZE);
        byte[] head;
        try {
            head = in.readNBytes(SNIFF_BYTES + 1); // one byte more than looked at: tells whether it is all there is
        } catch (IOException e) {
            IOException fromSource = sourceFailure(e);
            throw fromSource != null ? fromSource : e;
        }
        if (head.length == 0) {
            throw new InvalidArchiveException(InvalidArchiveException.EMPTY,
                    "The downloaded file is empty (0 bytes): the old Moodle sent nothing instead of a backup archive.");
        }
        boolean wholeFile = head.length <= SNIFF_BYTES;
        Scan scan = new Scan(detectFormat(wholeFile ? head : Arrays.copyOf(head, SNIFF_BYTES), wholeFile));
        try {
            InputStream archive = new SequenceInputStream(new ByteArrayInputStream(head), in);
            if (scan.format.equals(ArchiveFacts.FORMAT_TAR_GZ)) {
                scanTarGz(archive, scan);
            } else {
                scanZip(archive, scan);
            }
        } catch (IOException | RuntimeException e) {
            IOException fromSource = sourceFailure(e);
            if (fromSource != null) {
                throw fromSource;
            }
            if (e instanceof InterruptedIOException) {
                throw (InterruptedIOException) e;
            }
            throw corrupt(scan.format, e);
        }
        return scan;
    }

    /**
     * The verdict once the archive has been read to its end and {@code archive} holds all its {@code size} bytes: the
     * zip table of contents (read from the end of the file), then {@code moodle_backup.xml}.
     */
    static ArchiveFacts facts(Scan scan, Path archive, long size) throws InvalidArchiveException, IOException {
        if (scan.format.equals(ArchiveFacts.FORMAT_ZIP)) {
            checkZipEnd(archive, size, scan.entries);
        }
        if (scan.backupXml == null) {
            throw new InvalidArchiveException(InvalidArchiveException.NO_MOODLE_BACKUP_XML, noBackupXmlMessage(scan));
        }
        if (scan.backupXmlTooLarge) {
            throw new InvalidArchiveException(InvalidArchiveException.BAD_MOODLE_BACKUP_XML,
                    "The archive's moodle_backup.xml is larger than " + (MAX_BACKUP_XML_BYTES / (1024 * 1024))
                            + " MiB, which no real Moodle backup has; the archive was refused.");
        }
        BackupXml xml = parseBackupXml(scan.backupXml);
        return new ArchiveFacts(scan.format, xml.fullname, xml.shortname, xml.courseId, xml.release, xml.version,
                xml.wwwroot, xml.includesUsers, size, scan.uncompressedBytes, scan.entries);
    }

    /** Returns the archive format, or throws {@code json-error} / {@code not-an-archive} / {@code empty}. */
    private static String detectFormat(byte[] head, boolean wholeFile) throws InvalidArchiveException {
        if (head.length >= 2 && (head[0] & 0xFF) == 0x1F && (head[1] & 0xFF) == 0x8B) {
            return ArchiveFacts.FORMAT_TAR_GZ;
        }
        if (head.length >= 4 && head[0] == 'P' && head[1] == 'K'
                && ((head[2] == 3 && head[3] == 4) || (head[2] == 5 && head[3] == 6))) {
            // PK\3\4: first local file header; PK\5\6: an empty zip (reported later as "no moodle_backup.xml")
            return ArchiveFacts.FORMAT_ZIP;
        }
        int start = 0;
        if (head.length >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF) {
            start = 3; // UTF-8 byte order mark
        }
        while (start < head.length && isJsonWhitespace(head[start])) {
            start++;
        }
        if (start < head.length && (head[start] == '{' || head[start] == '[')) {
            throw jsonError(new String(head, start, head.length - start, StandardCharsets.UTF_8));
        }
        if (start == head.length) {
            throw new InvalidArchiveException(wholeFile ? InvalidArchiveException.EMPTY
                    : InvalidArchiveException.NOT_AN_ARCHIVE,
                    "The downloaded file is not a backup archive: it starts with " + head.length
                            + " blank characters" + (wholeFile ? " and holds nothing else." : "."));
        }
        if (head[start] == '<') {
            throw new InvalidArchiveException(InvalidArchiveException.NOT_AN_ARCHIVE,
                    "The downloaded file is not a backup archive: it looks like a web page or an XML document "
                            + "(for example a login or error page of the old Moodle).");
        }
        throw new InvalidArchiveException(InvalidArchiveException.NOT_AN_ARCHIVE,
                "The downloaded file is not a backup archive: it is neither a gzip (.tar.gz) nor a zip file "
                        + "(it starts with the bytes " + hex(head, 4) + ").");
    }

    private static boolean isJsonWhitespace(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }

    /** Builds the {@code json-error} exception, quoting Moodle's error fields when they can be found. */
    static InvalidArchiveException jsonError(String json) {
        Map<String, String> fields = new HashMap<>();
        Matcher m = JSON_STRING_FIELD.matcher(json);
        while (m.find()) {
            fields.putIfAbsent(m.group(1), unescapeJson(m.group(2)));
        }
        String errorcode = blankToNull(fields.get("errorcode"));
        String text = blankToNull(fields.get("error"));
        if (text == null) {
            text = blankToNull(fields.get("message"));
        }
        StringBuilder msg = new StringBuilder("The old Moodle sent an error message instead of a backup archive");
        if (text == null && errorcode == null) {
            msg.append(" (a JSON document whose error could not be read).");
        } else {
            msg.append(':');
            if (text != null) {
                msg.append(' ').append(quote(shorten(text)));
            }
            if (errorcode != null) {
                msg.append(" (Moodle error code: ").append(shorten(errorcode)).append(')');
            }
            msg.append('.');
        }
        return new InvalidArchiveException(InvalidArchiveException.JSON_ERROR, msg.toString(), errorcode, null);
    }

    private static String unescapeJson(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length()) {
                out.append(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'n' -> out.append(' ');
                case 't' -> out.append(' ');
                case 'r' -> out.append(' ');
                case 'b', 'f' -> { }
                case 'u' -> {
                    if (i + 4 < s.length()) {
                        try {
                            out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                            i += 4;
                        } catch (NumberFormatException nfe) {
                            out.append('u');
                        }
                    } else {
                        out.append('u');
                    }
                }
                default -> out.append(e); // \" \\ \/
            }
        }
        return out.toString();
    }

    // ------------------------------------------------------------------------------------------------ streaming

    /** What was learnt while streaming the archive. */
    static final class Scan {
        final String format;
        int entries;
        long uncompressedBytes;
        byte[] backupXml;
        boolean backupXmlTooLarge;
        /** Path of a moodle_backup.xml found below the top level, for the error message. */
        String nestedBackupXml;
        boolean sawMoodle19Xml;
        boolean sawImsManifest;
        final byte[] buffer = new byte[BUFFER_SIZE];

        Scan(String format) {
            this.format = format;
        }

        void entry(String rawName, boolean regularFile, InputStream content) throws IOException {
            entries++;
            String name = normalise(rawName);
            if (regularFile && name.equals(BACKUP_XML) && backupXml == null && !backupXmlTooLarge) {
                ByteArrayOutputStream xml = new ByteArrayOutputStream(64 * 1024);
                uncompressedBytes += copy(content, xml);
                if (xml.size() > MAX_BACKUP_XML_BYTES) {
                    backupXmlTooLarge = true;
                    backupXml = new byte[0];
                } else {
                    backupXml = xml.toByteArray();
                }
                return;
            }
            if (regularFile) {
                if (name.equals("moodle.xml")) {
                    sawMoodle19Xml = true;
                } else if (name.equals("imsmanifest.xml")) {
                    sawImsManifest = true;
                } else if (nestedBackupXml == null && name.endsWith("/" + BACKUP_XML)) {
                    nestedBackupXml = name;
                }
            }
            uncompressedBytes += copy(content, null);
        }

        /**
         * Reads {@code in} to its end; keeps at most MAX_BACKUP_XML_BYTES + 1 bytes in {@code keep} (when given),
         * which is enough to know the limit was passed. Returns the number of bytes read.
         */
        long copy(InputStream in, ByteArrayOutputStream keep) throws IOException {
            long total = 0;
            int n;
            while ((n = in.read(buffer)) != -1) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedIOException("archive inspection interrupted");
                }
                if (keep != null && keep.size() <= MAX_BACKUP_XML_BYTES) {
                    keep.write(buffer, 0, (int) Math.min(n, MAX_BACKUP_XML_BYTES + 1L - keep.size()));
                }
                total += n;
            }
            return total;
        }
    }

    /** Entry names as found in archives made by Moodle or re-packed by hand: "./x", "/x" or "x". */
    private static String normalise(String name) {
        String n = name.replace('\\', '/');
        while (n.startsWith("./")) {
            n = n.substring(2);
        }
        while (n.startsWith("/")) {
            n = n.substring(1);
        }
        return n;
    }

    private static void scanTarGz(InputStream in, Scan scan) throws IOException {
        GZIPInputStream gzip = new GZIPInputStream(in, BUFFER_SIZE);
        @SuppressWarnings("resource") // closing it would only close the file, done by the caller
        TarArchiveInputStream tar = new TarArchiveInputStream(gzip);
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
            scan.entry(entry.getName(), entry.isFile() && !entry.isDirectory(), tar);
        }
        // The tar reader stops at the end-of-archive marker: read the rest of the gzip stream too (block padding and
        // the gzip trailer, whose CRC and length checks catch a damaged or truncated end).
        scan.copy(gzip, null);
    }

    private static void scanZip(InputStream in, Scan scan) throws IOException {
        @SuppressWarnings("resource") // closing it would only close the file, done by the caller
        ZipInputStream zip = new ZipInputStream(in, StandardCharsets.UTF_8);
        ZipEntry entry;
        while ((entry = zip.getNextEntry()) != null) {
            scan.entry(entry.getName(), !entry.isDirectory(), zip); // reading to the end checks the entry's CRC
        }
    }

    /**
     * ZipInputStream treats end-of-file between two entries as a normal end, so a zip cut exactly there would pass:
     * check that the file ends with a central directory that announces as many entries as were read.
     */
    private static void checkZipEnd(Path archive, long size, int entriesRead)
            throws InvalidArchiveException, IOException {
        int tailLength = (int) Math.min(size, ZIP_EOCD_SIZE + ZIP_MAX_COMMENT);
        ByteBuffer tail = ByteBuffer.allocate(tailLength);
        try (FileChannel ch = FileChannel.open(archive, StandardOpenOption.READ)) {
            long pos = size - tailLength;
            while (tail.hasRemaining()) {
                int n = ch.read(tail, pos + tail.position());
                if (n < 0) {
                    break;
                }
            }
        }
        byte[] t = tail.array();
        for (int i = tailLength - ZIP_EOCD_SIZE; i >= 0; i--) {
            if (t[i] == 'P' && t[i + 1] == 'K' && t[i + 2] == 5 && t[i + 3] == 6) {
                int commentLength = u16(t, i + 20);
                if (i + ZIP_EOCD_SIZE + commentLength != tailLength) {
                    continue; // the signature bytes happen to appear inside the comment or data
                }
                int announced = u16(t, i + 10);
                if (announced != 0xFFFF && announced != (entriesRead & 0xFFFF)) {
                    throw new InvalidArchiveException(InvalidArchiveException.CORRUPT,
                            "The zip archive is damaged: its table of contents lists " + announced
                                    + " entries but " + entriesRead + " could be read.");
                }
                return;
            }
        }
        throw new InvalidArchiveException(InvalidArchiveException.CORRUPT,
                "The zip archive is incomplete (the download was probably cut short): "
                        + "its table of contents at the end of the file is missing.");
    }

    private static int u16(byte[] b, int i) {
        return (b[i] & 0xFF) | ((b[i + 1] & 0xFF) << 8);
    }

    private static InvalidArchiveException corrupt(String format, Exception e) {
        String detail = e.getMessage() == null || e.getMessage().isBlank()
                ? e.getClass().getSimpleName() : e.getMessage();
        return new InvalidArchiveException(InvalidArchiveException.CORRUPT,
                "The " + format + " backup archive is damaged or incomplete (the download was probably cut short): "
                        + shorten(detail) + ".", e);
    }

    private static String noBackupXmlMessage(Scan scan) {
        StringBuilder msg = new StringBuilder("The archive can be read but it is not a Moodle course backup: it has no "
                + "moodle_backup.xml at its top level (" + scan.entries + " entries).");
        if (scan.nestedBackupXml != null) {
            msg.append(" A moodle_backup.xml was found at ").append(quote(scan.nestedBackupXml))
                    .append(": the backup seems to have been re-packed inside a folder.");
        } else if (scan.sawMoodle19Xml) {
            msg.append(" It contains moodle.xml: it looks like a Moodle 1.9 backup, which is not supported.");
        } else if (scan.sawImsManifest) {
            msg.append(" It contains imsmanifest.xml: it looks like an IMS content package, not a Moodle backup.");
        }
        return msg.toString();
    }

    // ------------------------------------------------------------------------------------------------ moodle_backup.xml

    private static final class BackupXml {
        String fullname;
        String shortname;
        Long courseId;
        String release;
        String version;
        String wwwroot;
        boolean includesUsers;
    }

    private static XMLInputFactory secureFactory() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory(); // the JDK's own implementation, whatever the classpath
        f.setProperty(XMLInputFactory.SUPPORT_DTD, Boolean.FALSE);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, Boolean.FALSE);
        f.setProperty(XMLInputFactory.IS_COALESCING, Boolean.TRUE);
        return f;
    }

    private static BackupXml parseBackupXml(byte[] bytes) throws InvalidArchiveException {
        BackupXml out = new BackupXml();
        Deque<String> path = new ArrayDeque<>();
        StringBuilder text = new StringBuilder();
        String settingLevel = null;
        String settingName = null;
        String settingValue = null;
        XMLStreamReader r = null;
        try {
            r = secureFactory().createXMLStreamReader(new ByteArrayInputStream(bytes));
            while (r.hasNext()) {
                int event = r.next();
                switch (event) {
                    case XMLStreamConstants.START_ELEMENT -> {
                        String name = r.getLocalName();
                        if (path.isEmpty() && !name.equals("moodle_backup")) {
                            throw badXml("its root element is <" + name + ">, not <moodle_backup>");
                        }
                        path.addLast(name);
                        text.setLength(0);
                        if (name.equals("setting") && isUnder(path, "information", "settings", "setting")) {
                            settingLevel = null;
                            settingName = null;
                            settingValue = null;
                        }
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
                            text.append(r.getText());
                    case XMLStreamConstants.END_ELEMENT -> {
                        String name = path.removeLast();
                        String value = text.toString();
                        text.setLength(0);
                        if (path.size() == 2 && isUnder(path, "information")) {
                            switch (name) {
                                case "original_course_fullname" -> out.fullname = value;
                                case "original_course_shortname" -> out.shortname = value;
                                case "original_course_id" -> out.courseId = parseLong(value);
                                case "moodle_release" -> out.release = blankToNull(value.trim());
                                case "moodle_version" -> out.version = blankToNull(value.trim());
                                case "original_wwwroot" -> out.wwwroot = blankToNull(value.trim());
                                default -> { }
                            }
                        } else if (path.size() == 4 && isUnder(path, "information", "settings", "setting")) {
                            switch (name) {
                                case "level" -> settingLevel = value.trim();
                                case "name" -> settingName = value.trim();
                                case "value" -> settingValue = value.trim();
                                default -> { }
                            }
                        } else if (path.size() == 3 && name.equals("setting")
                                && isUnder(path, "information", "settings")) {
                            if ("root".equals(settingLevel) && "users".equals(settingName)) {
                                out.includesUsers = "1".equals(settingValue);
                            }
                        }
                    }
                    default -> { }
                }
            }
        } catch (XMLStreamException | RuntimeException e) {
            String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new InvalidArchiveException(InvalidArchiveException.BAD_MOODLE_BACKUP_XML,
                    "The archive's moodle_backup.xml cannot be read as XML: " + shorten(detail.replace('\n', ' ')),
                    e);
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // nothing held but the byte array
                }
            }
        }
        if (out.fullname == null || out.fullname.isBlank()) {
            throw badXml("it gives no original course full name (original_course_fullname)");
        }
        if (out.shortname == null || out.shortname.isBlank()) {
            throw badXml("it gives no original course short name (original_course_shortname)");
        }
        return out;
    }

    /** True when {@code path} is moodle_backup/{names...}. */
    private static boolean isUnder(Deque<String> path, String... names) {
        if (path.size() != names.length + 1) {
            return false;
        }
        int i = -1;
        for (String p : path) {
            if (i >= 0 && !p.equals(names[i])) {
                return false;
            }
            i++;
        }
        return true;
    }

    private static InvalidArchiveException badXml(String why) {
        return new InvalidArchiveException(InvalidArchiveException.BAD_MOODLE_BACKUP_XML,
                "The archive's moodle_backup.xml is not a usable Moodle backup description: " + why + ".");
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** Marks failures of the source itself (file or download), so that they are not mistaken for a damaged archive. */
    private static final class SourceReadException extends IOException {
        private static final long serialVersionUID = 1L;

        SourceReadException(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    private static final class SourceInputStream extends FilterInputStream {
        SourceInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                throw new SourceReadException(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                throw new SourceReadException(e);
            }
        }

        @Override
        public long skip(long n) throws IOException {
            try {
                return super.skip(n);
            } catch (IOException e) {
                throw new SourceReadException(e);
            }
        }
    }

    /** The original I/O failure of the source when {@code e} comes from reading the source itself, else null. */
    private static IOException sourceFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SourceReadException s) {
                return (IOException) s.getCause();
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static Long parseLong(String s) {
        try {
            return Long.valueOf(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String shorten(String s) {
        return s.length() <= MAX_QUOTED_CHARS ? s : s.substring(0, MAX_QUOTED_CHARS) + "…";
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }

    private static String hex(byte[] b, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(n, b.length); i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(String.format("%02x", b[i] & 0xFF));
        }
        return sb.toString();
    }
}
