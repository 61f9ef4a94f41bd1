package jouvence.courses;

import jouvence.courses.EnrolmentMode;
import jouvence.courses.queue.RequestRepository.NewRequest;

/**
 * A restore to schedule: which course, for whom, and how.
 *
 * @param remoteCourseName the course's name when the caller knows it, else null
 * @param requester        the teacher it is for; null for an admin's restore for nobody
 * @param category         "default", "original" or a category id of the new platform
 * @param externalRef      where it comes from outside Jouvence (a CSV file's line, a block row), or null
 */
public record NewRestore(String server, long remoteCourseId, String remoteCourseName, String requester,
                         boolean withUserData, EnrolmentMode mode, String category, String externalRef) {

    public NewRestore withRemoteCourseName(String name) {
        return new NewRestore(server, remoteCourseId, name, requester, withUserData, mode, category, externalRef);
    }

    /** The row to insert: scheduled by the caller, through the caller's way in. */
    public NewRequest toNewRequest(Caller caller) {
        return new NewRequest(server, remoteCourseId, remoteCourseName, requester, caller.name(), category,
                withUserData, mode.code, caller.source(), externalRef);
    }
}
