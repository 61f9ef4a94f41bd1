package jouvence.courses.staging;



/**
 * Tells a tar.gz from a zip by the first bytes of the file, and names what anything else looks like: a Moodle JSON
 * error, a web page, blanks, unknown bytes.
 */
final class ArchiveFormat {

    /** How much of the start of the file is looked at to recognise a JSON / HTML body. */
    static final int SNIFF_BYTES = 64 * 1024;

    private ArchiveFormat() {
    }

    /**
     * Returns the archive format of a file starting with {@code head} (at most {@link #SNIFF_BYTES}).
     *
     * @param wholeFile {@code head} is the whole file
     * @throws InvalidArchiveException {@code json-error}, {@code not-an-archive} or {@code empty}
     */
    static String detect(byte[] head, boolean wholeFile) throws InvalidArchiveException {
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
            throw JsonErrorVerdict.of(head, start, head.length - start);
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
