package jouvence.courses;

import java.time.Instant;
import java.util.List;

/** One row of the restore queue, as read. */
public record RestoreRequest(
        long id,
        Status status,
        String serverId,
        long remoteCourseId,
        String remoteCourseName,
        String requester,
        Long requesterUserId,
        String scheduledBy,
        String category,
        Long targetCategoryId,
        boolean withUserData,
        int enrolmentMode,
        Long restoredCourseId,
        String step,
        int attempts,
        Instant nextAttemptAt,
        String claimedBy,
        Instant leaseUntil,
        long version,
        String lastErrorStep,
        String lastErrorCode,
        String lastErrorMessage,
        List<String> warnings,
        String archivePath,
        Long archiveBytes,
        String archiveFullname,
        String archiveShortname,
        String archiveRelease,
        Boolean archiveIncludesUsers,
        Instant createdAt,
        Instant modifiedAt,
        Instant processedAt,
        String source,
        String externalRef) {

    /** {@link #enrolmentMode()}, the plugin's code, as a mode. */
    public EnrolmentMode mode() {
        return EnrolmentMode.of(enrolmentMode);
    }

    /** The name to show people: the archive's, else the remote one, else the id. */
    public String courseName() {
        if (archiveFullname != null) {
            return archiveFullname;
        }
        return remoteCourseName != null ? remoteCourseName : "course " + remoteCourseId;
    }
}
