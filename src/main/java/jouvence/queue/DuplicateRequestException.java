package jouvence.queue;

/** The same requester already has an active request for this remote course. */
public class DuplicateRequestException extends RuntimeException {
    public DuplicateRequestException(String serverId, long remoteCourseId, String requester) {
        super("an active request for course " + remoteCourseId + " of server '" + serverId + "' by "
                + (requester == null ? "nobody" : "'" + requester + "'") + " already exists");
    }
}
