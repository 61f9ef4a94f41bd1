package jouvence.folders.cloud;

/**
 * The cloud refused or failed a call, classified as the restores' failures are ({@code jouvence.moodle}'s
 * {@code MoodleException}): what it means decides what the reconciler does. The message names the operation, the
 * item (path, user, share id), the HTTP status and the cloud's own words; never a credential.
 */
public class CloudFault extends Exception {

    /** What the failure means for the folder set. */
    public enum Kind {
        /** Unreachable, time-out, 5xx, an answer too long or unreadable: try again later with back-off. */
        TRANSIENT,
        /**
         * The system account's credentials were refused (401, OCS 997, a refresh token rejected) or the cloud is
         * misconfigured for every call (a redirect): the cloud is down for us, admins mailed once, sets wait.
         */
        CLOUD_DOWN,
        /** A refusal that concerns one folder, share or user: that item in error, the rest of the set goes on. */
        ITEM
    }

    /** Why, more precisely (each maps to one kind). */
    public enum Reason {
        UNREACHABLE(Kind.TRANSIENT), TIMEOUT(Kind.TRANSIENT), SERVER_ERROR(Kind.TRANSIENT), BAD_ANSWER(Kind.TRANSIENT),
        CREDENTIALS(Kind.CLOUD_DOWN), MISCONFIGURED(Kind.CLOUD_DOWN),
        /** 507: the system account's quota is full (Nextcloud answers it even for a folder that exists). */
        QUOTA(Kind.ITEM),
        LOCKED(Kind.ITEM),
        /** 403 of WebDAV (e.g. a name on the server's block list, no create permission). */
        FORBIDDEN(Kind.ITEM),
        /** 400 of WebDAV: a name the server refuses (too long, invalid characters). */
        INVALID_NAME(Kind.ITEM),
        /** Something that is not a folder is at the path. */
        NOT_A_FOLDER(Kind.ITEM),
        /** The path (or a share id) does not exist. */
        PATH_MISSING(Kind.ITEM),
        /** The recipient is not a user of the cloud. */
        UNKNOWN_USER(Kind.ITEM),
        /** A sharing policy refused the share (only with group members, resharing off…). */
        POLICY(Kind.ITEM),
        SHARING_DISABLED(Kind.ITEM),
        /** "Already shared", but no share with that user was found to adopt. */
        ALREADY_SHARED_NOT_FOUND(Kind.ITEM),
        /** The sharees search found nobody for the e-mail. */
        NO_MATCH(Kind.ITEM),
        /** The sharees search found several users for the e-mail. */
        AMBIGUOUS(Kind.ITEM),
        /** A participant's authorisation was refused (code spent, token expired or revoked). */
        NOT_AUTHORISED(Kind.ITEM),
        /** Any other refusal, with the cloud's words. */
        REFUSED(Kind.ITEM);

        private final Kind kind;

        Reason(Kind kind) {
            this.kind = kind;
        }

        public Kind kind() {
            return kind;
        }
    }

    private final Reason reason;
    private final int status;
    private final String cloudMessage;

    public CloudFault(Reason reason, int status, String message, String cloudMessage, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.status = status;
        this.cloudMessage = cloudMessage == null ? "" : cloudMessage;
    }

    public CloudFault(Reason reason, int status, String message, String cloudMessage) {
        this(reason, status, message, cloudMessage, null);
    }

    public Kind kind() {
        return reason.kind();
    }

    public Reason reason() {
        return reason;
    }

    /** The HTTP status, or the OCS statuscode when the HTTP status said nothing (v1); 0 without an answer. */
    public int status() {
        return status;
    }

    /** The cloud's own words (Sabre's {@code s:message}, OCS's {@code meta.message}), or "". */
    public String cloudMessage() {
        return cloudMessage;
    }
}
