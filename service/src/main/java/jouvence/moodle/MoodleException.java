package jouvence.moodle;

/**
 * A Moodle site refused or failed a call. Moodle answers errors with HTTP 200 and a JSON body
 * {@code {"exception": ..., "errorcode": ..., "message": ...}} (the not-owner answer has no errorcode);
 * network failures, timeouts and HTTP 5xx are reported here too, as {@link Kind#TRANSIENT}.
 */
public class MoodleException extends Exception {

    /** What the failure means for the request and for the site. */
    public enum Kind {
        /** This request can never succeed as it is (unknown user, not the owner, course gone, bad archive). */
        PERMANENT,
        /** The site is misconfigured for everyone (bad token, function missing from the service). */
        SITE_FAULT,
        /** Try again later (connection refused, timeout, HTTP 5xx, an HTML error page). */
        TRANSIENT
    }

    private final String siteId;
    private final String code;
    private final Kind kind;

    public MoodleException(String siteId, String code, Kind kind, String message) {
        this(siteId, code, kind, message, null);
    }

    public MoodleException(String siteId, String code, Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.siteId = siteId;
        this.code = code;
        this.kind = kind;
    }

    public String siteId() {
        return siteId;
    }

    /** Moodle's errorcode, or our own short code when Moodle gave none (e.g. {@code notcourseowner}, {@code timeout}). */
    public String code() {
        return code;
    }

    public Kind kind() {
        return kind;
    }
}
