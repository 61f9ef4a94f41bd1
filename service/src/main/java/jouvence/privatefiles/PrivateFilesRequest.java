package jouvence.privatefiles;

import java.time.Instant;

/** A person's request to bring their private files from one course server; {@link #stateWord()} as the API says it. */
public record PrivateFilesRequest(long id, String serverId, String username, boolean sessionAttached, String lang,
                                  int state, Instant nextAttemptAt, int attempts, String claimedBy, long version,
                                  String summary, String lastError, Instant createdAt, Instant modifiedAt,
                                  Instant finishedAt) {

    public static final int ERROR = -1;
    public static final int SCHEDULED = 0;
    public static final int IN_PROGRESS = 1;
    public static final int PERFORMED = 2;
    public static final int WAITING_LOGIN = 3;

    /** scheduled, in-progress, performed, error, waiting-login (the restore requests' words, and one of ours). */
    public String stateWord() {
        return word(state);
    }

    public static String word(int state) {
        return switch (state) {
            case SCHEDULED -> "scheduled";
            case IN_PROGRESS -> "in-progress";
            case PERFORMED -> "performed";
            case WAITING_LOGIN -> "waiting-login";
            default -> "error";
        };
    }

    public boolean open() {
        return state == SCHEDULED || state == IN_PROGRESS || state == WAITING_LOGIN;
    }
}
