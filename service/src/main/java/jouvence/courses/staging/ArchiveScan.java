package jouvence.courses.staging;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * One read of a tar.gz or zip archive, from its first byte to its end: every entry decompressed and its bytes
 * counted then dropped (which checks the gzip / zip CRCs), {@code moodle_backup.xml} kept, up to
 * {@link ArchiveInspector#MAX_BACKUP_XML_BYTES}. One 64 KiB buffer, whatever the archive's size.
 */
final class ArchiveScan {

    static final String BACKUP_XML = "moodle_backup.xml";
    static final int BUFFER_SIZE = 64 * 1024;

    final String format;
    int entries;
    long uncompressedBytes;
    byte[] backupXml;
    boolean backupXmlTooLarge;
    /** Path of a moodle_backup.xml found below the top level, for the error message. */
    String nestedBackupXml;
    boolean sawMoodle19Xml;
    boolean sawImsManifest;
    private final byte[] buffer = new byte[BUFFER_SIZE];

    ArchiveScan(String format) {
        this.format = format;
    }

    /** The archive unpacks to more than {@link ArchiveInspector#MAX_UNPACK_RATIO} times its size. */
    static final class UnpacksTooLarge extends IOException {
        UnpacksTooLarge(String message) {
            super(message);
        }
    }

    /** Bytes of the archive itself read so far. */
    private long packedBytes;

    /**
     * Reads the archive {@code in} (in this scan's format) to its end.
     *
     * @throws UnpacksTooLarge a decompression bomb: the read stopped there
     */
    void read(InputStream in) throws IOException {
        InputStream counted = new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                packedBytes += b < 0 ? 0 : 1;
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                packedBytes += Math.max(n, 0);
                return n;
            }
        };
        if (format.equals(ArchiveFacts.FORMAT_TAR_GZ)) {
            readTarGz(counted);
        } else {
            readZip(counted);
        }
    }

    private void readTarGz(InputStream in) throws IOException {
        GZIPInputStream gzip = new GZIPInputStream(in, BUFFER_SIZE);
        @SuppressWarnings("resource") // closing it would only close the file, done by the caller
        TarArchiveInputStream tar = new TarArchiveInputStream(gzip);
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
            entry(entry.getName(), entry.isFile() && !entry.isDirectory(), tar);
        }
        // The tar reader stops at the end-of-archive marker: read the rest of the gzip stream too (block padding and
        // the gzip trailer, whose CRC and length checks catch a damaged or truncated end).
        copy(gzip, null);
    }

    private void readZip(InputStream in) throws IOException {
        @SuppressWarnings("resource") // closing it would only close the file, done by the caller
        ZipInputStream zip = new ZipInputStream(in, StandardCharsets.UTF_8);
        ZipEntry entry;
        while ((entry = zip.getNextEntry()) != null) {
            entry(entry.getName(), !entry.isDirectory(), zip); // reading to the end checks the entry's CRC
        }
    }

    private void entry(String rawName, boolean regularFile, InputStream content) throws IOException {
        entries++;
        String name = normalise(rawName);
        if (regularFile && name.equals(BACKUP_XML) && backupXml == null && !backupXmlTooLarge) {
            ByteArrayOutputStream xml = new ByteArrayOutputStream(64 * 1024);
            uncompressedBytes += copy(content, xml);
            if (xml.size() > ArchiveInspector.MAX_BACKUP_XML_BYTES) {
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
     * Reads {@code in} to its end; keeps at most MAX_BACKUP_XML_BYTES + 1 bytes in {@code keep} (when given), which is
     * enough to know the limit was passed. Returns the number of bytes read.
     */
    private long copy(InputStream in, ByteArrayOutputStream keep) throws IOException {
        long max = ArchiveInspector.MAX_BACKUP_XML_BYTES;
        long total = 0;
        int n;
        while ((n = in.read(buffer)) != -1) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException("archive inspection interrupted");
            }
            if (keep != null && keep.size() <= max) {
                keep.write(buffer, 0, (int) Math.min(n, max + 1 - keep.size()));
            }
            total += n;
            checkUnpacked(uncompressedBytes + total);
        }
        return total;
    }

    private void checkUnpacked(long unpacked) throws UnpacksTooLarge {
        long ratio = ArchiveInspector.MAX_UNPACK_RATIO;
        if (unpacked > ArchiveInspector.UNPACK_RATIO_FREE_BYTES && unpacked / ratio > packedBytes) {
            throw new UnpacksTooLarge("The archive unpacks to more than " + ratio + " times its size ("
                    + mib(unpacked) + " MiB from the first " + mib(packedBytes) + " MiB), which no real Moodle backup "
                    + "does: it looks like a decompression bomb and was refused before being unpacked further.");
        }
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / (1024.0 * 1024));
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

    /** Why the archive is not a Moodle backup, when it has no moodle_backup.xml at its top level. */
    String noBackupXmlMessage() {
        StringBuilder msg = new StringBuilder("The archive can be read but it is not a Moodle course backup: it has no "
                + "moodle_backup.xml at its top level (" + entries + " entries).");
        if (nestedBackupXml != null) {
            msg.append(" A moodle_backup.xml was found at ").append(ArchiveWords.quote(nestedBackupXml))
                    .append(": the backup seems to have been re-packed inside a folder.");
        } else if (sawMoodle19Xml) {
            msg.append(" It contains moodle.xml: it looks like a Moodle 1.9 backup, which is not supported.");
        } else if (sawImsManifest) {
            msg.append(" It contains imsmanifest.xml: it looks like an IMS content package, not a Moodle backup.");
        }
        return msg.toString();
    }
}
