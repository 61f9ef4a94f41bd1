package jouvence.courses.staging;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;

/**
 * Decides whether a downloaded file is a real Moodle course backup ({@code .mbz}) before anybody restores it.
 *
 * <p>The whole archive is read once, end to end, as a stream ({@link ArchiveScan}): every entry is decompressed and
 * its bytes discarded, so a truncated or damaged download is caught even when {@code moodle_backup.xml} (usually near
 * the end of a Moodle archive, but not always) has already been seen. Memory use does not depend on the archive's
 * size: a 64 KiB buffer, plus {@code moodle_backup.xml} itself, whose read is capped at {@link #MAX_BACKUP_XML_BYTES}.
 * During a download the archive is read from the download itself, as it arrives ({@link StreamingInspection}), not
 * from the file again.
 *
 * <p>Verdicts, in the order they are checked (codes in {@link InvalidArchiveException}): {@code empty},
 * {@code json-error}, {@code not-an-archive} ({@link ArchiveFormat}), {@code corrupt}, {@code no-moodle-backup-xml},
 * {@code bad-moodle-backup-xml} ({@link BackupXmlReader}). A damaged stream wins over a bad or missing
 * {@code moodle_backup.xml}, since downloading again may fix it.
 *
 * <p>Plain Java; stateless and thread-safe.
 */
public final class ArchiveInspector {

    /** Largest {@code moodle_backup.xml} accepted (real ones are a few KiB to a few MiB). */
    public static final int MAX_BACKUP_XML_BYTES = 16 * 1024 * 1024;
    /**
     * A decompression bomb (a small archive that unpacks to many GiB, which the restore would write to disk): once
     * more than {@link #UNPACK_RATIO_FREE_BYTES} are unpacked, the archive may unpack to at most this many times the
     * bytes of it read so far. Real backups hold mostly files that are already compressed; text-heavy ones stay
     * well under 20.
     */
    public static final int MAX_UNPACK_RATIO = 100;
    /** Unpacked bytes below which the ratio is not looked at (small archives of text may compress very well). */
    public static final long UNPACK_RATIO_FREE_BYTES = 1024L * 1024 * 1024;

    private ArchiveInspector() {
    }

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
                            + ArchiveWords.quote(contentType.trim()) + "), which is an error message, not a backup "
                            + "archive.");
        }
    }

    private static boolean isJsonMediaType(String contentType) {
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return mediaType.equals("application/json") || mediaType.equals("text/json") || mediaType.endsWith("+json");
    }

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
        ArchiveScan scan;
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
    static ArchiveScan scan(InputStream source) throws InvalidArchiveException, IOException {
        InputStream in = new BufferedInputStream(new SourceStream(source), ArchiveScan.BUFFER_SIZE);
        int sniff = ArchiveFormat.SNIFF_BYTES;
        byte[] head;
        try {
            head = in.readNBytes(sniff + 1); // one byte more than looked at: tells whether it is all there is
        } catch (IOException e) {
            IOException fromSource = SourceStream.failureOf(e);
            throw fromSource != null ? fromSource : e;
        }
        if (head.length == 0) {
            throw new InvalidArchiveException(InvalidArchiveException.EMPTY,
                    "The downloaded file is empty (0 bytes): the old Moodle sent nothing instead of a backup archive.");
        }
        boolean wholeFile = head.length <= sniff;
        ArchiveScan scan = new ArchiveScan(ArchiveFormat.detect(wholeFile ? head : Arrays.copyOf(head, sniff),
                wholeFile));
        try {
            scan.read(new SequenceInputStream(new ByteArrayInputStream(head), in));
        } catch (ArchiveScan.UnpacksTooLarge e) {
            throw new InvalidArchiveException(InvalidArchiveException.UNPACKS_TOO_LARGE, e.getMessage());
        } catch (IOException | RuntimeException e) {
            IOException fromSource = SourceStream.failureOf(e);
            if (fromSource != null) {
                throw fromSource;
            }
            if (e instanceof InterruptedIOException) {
                throw (InterruptedIOException) e;
            }
            throw new InvalidArchiveException(InvalidArchiveException.CORRUPT, "The " + scan.format + " backup archive "
                    + "is damaged or incomplete (the download was probably cut short): "
                    + ArchiveWords.shorten(ArchiveWords.detail(e)) + ".", e);
        }
        return scan;
    }

    /**
     * The verdict once the archive has been read to its end and {@code archive} holds all its {@code size} bytes: the
     * zip table of contents (read from the end of the file), then {@code moodle_backup.xml}.
     */
    static ArchiveFacts facts(ArchiveScan scan, Path archive, long size) throws InvalidArchiveException, IOException {
        if (scan.format.equals(ArchiveFacts.FORMAT_ZIP)) {
            ZipDirectoryCheck.check(archive, size, scan.entries);
        }
        if (scan.backupXml == null) {
            throw new InvalidArchiveException(InvalidArchiveException.NO_MOODLE_BACKUP_XML, scan.noBackupXmlMessage());
        }
        if (scan.backupXmlTooLarge) {
            throw new InvalidArchiveException(InvalidArchiveException.BAD_MOODLE_BACKUP_XML,
                    "The archive's moodle_backup.xml is larger than " + (MAX_BACKUP_XML_BYTES / (1024 * 1024))
                            + " MiB, which no real Moodle backup has; the archive was refused.");
        }
        BackupXmlReader.BackupXml xml = BackupXmlReader.read(scan.backupXml);
        return new ArchiveFacts(scan.format, xml.fullname, xml.shortname, xml.courseId, xml.release, xml.version,
                xml.wwwroot, xml.includesUsers, size, scan.uncompressedBytes, scan.entries);
    }
}
