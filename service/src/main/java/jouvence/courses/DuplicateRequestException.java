package jouvence.courses;



/** The request would duplicate an active one of the same requester, or a remote course restored only once. */
public class DuplicateRequestException extends RuntimeException {

    private final boolean remoteCourseTaken;

    public DuplicateRequestException(String serverId, long remoteCourseId, String requester, boolean remoteCourseTaken) {
        super(remoteCourseTaken
                ? "course " + remoteCourseId + " of server '" + serverId + "' is already scheduled or restored, and a "
                        + "remote course may be restored only once (asked for "
                        + (requester == null ? "nobody" : "'" + requester + "'") + ")"
                : "an active request for course " + remoteCourseId + " of server '" + serverId + "' by "
                        + (requester == null ? "nobody" : "'" + requester + "'") + " already exists");
        this.remoteCourseTaken = remoteCourseTaken;
    }

    /** True when another user's request (or a performed one) holds the remote course. */
    public boolean remoteCourseTaken() {
        return remoteCourseTaken;
    }
}
