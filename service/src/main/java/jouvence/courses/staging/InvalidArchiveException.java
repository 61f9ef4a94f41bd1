package jouvence.courses.staging;



/**
 * A downloaded file (or the HTTP response that carries it) is not a usable Moodle course backup.
 *
 * <p>{@link #getMessage()} is written in plain words for an administrator or a teacher; {@link #code()} is a short,
 * stable machine code (one of the constants below) for routing, metrics and storage.
 *
 * <p>All these failures are permanent for the file at hand: downloading the same thing again is only useful if the
 * cause was transient on the old Moodle's side (an HTTP 5xx, a truncated transfer).
 */
public class InvalidArchiveException extends Exception {

    private static final long serialVersionUID = 1L;

    /** The HTTP response status was not 200. */
    public static final String HTTP_STATUS = "http-status";
    /** The file (or the announced body) is empty. */
    public static final String EMPTY = "empty";
    /** The body is a Moodle JSON error instead of an archive. */
    public static final String JSON_ERROR = "json-error";
    /** The file is neither a gzip (tar.gz) nor a zip file. */
    public static final String NOT_AN_ARCHIVE = "not-an-archive";
    /** The gzip / tar / zip stream is broken or truncated. */
    public static final String CORRUPT = "corrupt";
    /** The archive is readable but has no {@code moodle_backup.xml} at its top level. */
    public static final String NO_MOODLE_BACKUP_XML = "no-moodle-backup-xml";
    /** {@code moodle_backup.xml} is unparseable, too large, or lacks the original course names. */
    public static final String BAD_MOODLE_BACKUP_XML = "bad-moodle-backup-xml";

    /** The archive unpacks to far more than its size: a decompression bomb, refused before it is all unpacked. */
    public static final String UNPACKS_TOO_LARGE = "unpacks-too-large";

    private final String code;
    private final String moodleErrorCode;

    public InvalidArchiveException(String code, String message) {
        this(code, message, null, null);
    }

    public InvalidArchiveException(String code, String message, Throwable cause) {
        this(code, message, null, cause);
    }

    /**
     * @param moodleErrorCode Moodle's {@code errorcode} when the body was a Moodle JSON error (e.g. {@code invalidtoken}),
     *                        otherwise {@code null}
     */
    public InvalidArchiveException(String code, String message, String moodleErrorCode, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.moodleErrorCode = moodleErrorCode;
    }

    /** Short machine code, one of the constants of this class. */
    public String code() {
        return code;
    }

    /**
     * Moodle's own {@code errorcode} (e.g. {@code invalidtoken}, {@code accessexception}) when the body was a Moodle
     * JSON error and the field could be read; {@code null} otherwise. Lets a caller tell a configuration problem
     * (bad token) from a per-course one.
     */
    public String moodleErrorCode() {
        return moodleErrorCode;
    }
}
