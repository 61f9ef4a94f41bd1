package routes;

/**
 * The endpoints between the routes, named once. Queues ({@code seda:}) decouple the stages of a request's journey and
 * are never waited for; {@code direct:} endpoints are the steps that tests, the API and an operator can call.
 */
public final class Endpoints {

    private Endpoints() {
    }

    /** Due requests are claimed now (the schedule, the API's "run now", a freed gate). */
    public static final String CLAIM_DUE = "direct:claimDue";
    /** "Look at the queue again soon": at most one pending ask (more would find the same work), never waited for. */
    public static final String CLAIM_AGAIN = "seda:claimAgain?size=1&discardWhenFull=true&waitForTaskToComplete=Never";
    /** Dead replicas' leases: requests queued again, or failed when they died during a restore. */
    public static final String SWEEP_LEASES = "direct:sweepLeases";

    /** Claimed requests waiting for their backup (consumed by the backup stage, in the server's gate). */
    public static final String BACKUP = "seda:backup";
    /** The server's gate, its backup done, goes to the server's next due request (or opens). */
    public static final String NEXT_BACKUP = "direct:nextBackup";
    /** The archive streamed from the course server to staging and checked. */
    public static final String DOWNLOAD = "direct:download";
    /** Staged archives waiting for a restore slot on the new platform. */
    public static final String RESTORE = "seda:restore";
    /** Names given back, requester enrolled, request performed and mailed. */
    public static final String ENROL = "direct:enrol";

    /** A mail to send: written to the outbox in the caller's flow; a caller never waits for SMTP. */
    public static final String MAIL = "direct:mail";
    /** One claimed mail of the outbox sent over SMTP, then marked sent (or tried again later, or given up). */
    public static final String MAIL_SEND = "direct:mailSend";
    /** The daily digest of failures, composed and queued for sending. */
    public static final String MAIL_DIGEST = "direct:mailDigest";

    /** REST: the bearer token is checked; a wrong one ends the exchange with a 401. */
    public static final String API_AUTHORIZE = "direct:apiAuthorize";
    /** REST: a body that is not declared JSON (Content-Type) ends the exchange with a 415. */
    public static final String API_JSON_BODY = "direct:apiJsonBody";
    /** REST: the answer (status and JSON) becomes the HTTP response. */
    public static final String API_ANSWER = "direct:apiAnswer";

    /** The block's queue table: rows taken into the queue, then outcomes written back. */
    public static final String BRIDGE_TAKE_ROWS = "direct:bridgeTakeRows";
    public static final String BRIDGE_WRITE_BACK = "direct:bridgeWriteBack";
    /** One row of the block's queue taken (or not), then queued, refused or given back. */
    public static final String BRIDGE_TAKE_ROW = "direct:bridgeTakeRow";
    /** One finished request of the block, held while its outcome is written to its row. */
    public static final String BRIDGE_WRITE_BACK_ONE = "direct:bridgeWriteBackOne";

    /** Sending to a queue without waiting for its consumer. */
    public static String enqueue(String queue) {
        return queue + "?waitForTaskToComplete=Never";
    }
}
