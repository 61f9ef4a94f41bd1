package jouvence.folders.cloud;

/**
 * What a WebDAV {@code MOVE} with {@code Overwrite: F} came to, each outcome one the page can put in words (doc §2.5,
 * §6.7): the cloud's status and its own message come with it.
 */
public record MoveResult(Outcome outcome, int status, String cloudMessage) {

    public enum Outcome {
        /** 201 (or 204): done. */
        MOVED,
        /** 412: something already has the destination's name ("choose another name"). */
        DESTINATION_EXISTS,
        /** 409: the destination's parent folder does not exist. */
        PARENT_MISSING,
        /** 423: the source or the destination is locked (being synced, edited). */
        LOCKED,
        /** 404: nothing at the source (a share not accepted yet, or moved away). */
        SOURCE_MISSING,
        /** 403: not allowed (same name, into a share, a name the server refuses). */
        FORBIDDEN,
        /** 401 to a participant: their authorisation expired or was revoked; authorise again. */
        NOT_AUTHORISED,
        /** Any other refusal (400 …): the cloud's message says why. */
        REFUSED
    }

    public boolean moved() {
        return outcome == Outcome.MOVED;
    }
}
