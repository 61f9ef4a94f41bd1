package jouvence.courses.pipeline;

import jouvence.courses.RestoreRequest;
import jouvence.courses.queue.Claim;
import jouvence.courses.queue.RequestClaims;
import jouvence.courses.staging.ArchiveFacts;
import jouvence.courses.staging.ArchiveInspector;
import jouvence.courses.staging.InvalidArchiveException;
import jouvence.courses.staging.Staging;
import jouvence.courses.staging.StreamingInspection;
import jouvence.moodle.MoodleClient.Download;
import jouvence.moodle.MoodleErrorAnswer;
import jouvence.moodle.MoodleErrors;
import jouvence.moodle.MoodleException;
import jouvence.moodle.MoodleSites;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Backup on the course server (inside the server's gate), then download of the archive to staging (gate gone on). */
public class CourseServerSteps {

    /** Moodle's code for "the course does not exist" (the backup of a restore for nobody answers it, S11). */
    static final String COURSE_MISSING = "backup_check_course_not_exists";
    private static final String NOT_OWNER = "notcourseowner";

    private final RequestClaims requests;
    private final MoodleSites sites;
    private final Staging staging;
    private final ArchiveSharing sharing;

    public CourseServerSteps(RequestClaims requests, MoodleSites sites, Staging staging, ArchiveSharing sharing) {
        this.requests = requests;
        this.sites = sites;
        this.staging = staging;
        this.sharing = sharing;
    }

    /** Asks the course server for a backup; returns the stored file's id. */
    public long backup(Work work) throws MoodleException {
        RestoreRequest r = work.request();
        work.begin("backup");
        requests.advance(work.claim(), "backup");
        long fileId;
        try {
            fileId = sites.backup(r.serverId(), r.requester(), r.remoteCourseId(), r.withUserData(),
                    r.requester() == null && "admin".equals(r.source()));
        } catch (MoodleException e) {
            throw lookedUp(work.claim(), r, e);
        }
        requests.event(work.claim(), "backup", "ok", work.elapsed(), "backup stored on " + r.serverId() + " as file " + fileId);
        return fileId;
    }

    /**
     * A failed backup, with the course looked up on its server (best effort) when that says more: the server answers
     * "not the course owner" for a course that does not exist at all (transcript S12), so the course is looked up
     * ({@code core_course_get_courses_by_field}, in the server's service, which sees hidden courses) to tell the two
     * apart; and its full name is kept for people and mails when it was not known yet. A backup that works needs no
     * call for the name: the archive's moodle_backup.xml gives it.
     */
    private MoodleException lookedUp(Claim claim, RestoreRequest r, MoodleException failure) {
        boolean notOwner = NOT_OWNER.equals(failure.code());
        if (!notOwner && r.remoteCourseName() != null) {
            return failure;
        }
        Optional<MoodleSites.Course> course;
        try {
            course = sites.courseBy(r.serverId(), "id", Long.toString(r.remoteCourseId()));
        } catch (MoodleException e) {
            return failure; // the backup's own failure says what is wrong with the server
        }
        if (course.isEmpty()) {
            return notOwner ? new MoodleException(r.serverId(), COURSE_MISSING, MoodleException.Kind.PERMANENT,
                    "course " + r.remoteCourseId() + " does not exist on server " + r.serverId()) : failure;
        }
        if (r.remoteCourseName() == null) {
            requests.saveRemoteCourseName(claim, course.get().fullname());
        }
        return failure;
    }

    /** The download step starts (before the route asks the course server for the archive). */
    public void beginDownload(Work work) {
        work.begin("download");
        requests.advance(work.claim(), "download");
    }

    /**
     * Streams the archive the course server is answering ({@code response}, from the route's camel-http call) to
     * {@code <staging>/<id>/course-<remote id>-<claim version>.mbz.part}, checking it is a whole Moodle backup while it
     * arrives, then renames it. Memory stays constant whatever the size. The claim's version in the name keeps a worker
     * that lost its claim off the files of the request's new owner.
     *
     * @return the requests that take the same archive instead of a backup of their own ({@link ArchiveSharing}), ready
     *         for their restore
     */
    public List<Work> download(Work work, long fileId, Download response)
            throws MoodleException, IOException, InvalidArchiveException {
        RestoreRequest r = work.request();
        Claim claim = work.claim();
        Path part = staging.dir(r.id()).resolve("course-" + r.remoteCourseId() + "-" + claim.version() + ".mbz.part");
        long bytes;
        ArchiveFacts facts;
        try (Download d = response) {
            if (d.status() == 200 && d.contentType().contains("json") && d.contentLength() != 0) {
                // The download script reports errors as JSON (bad token, missing parameter): say which.
                failWithJsonError(r.serverId(), d);
            }
            ArchiveInspector.checkResponse(d.status(), d.contentType(), d.contentLength());
            try (StreamingInspection check = StreamingInspection.start("archive-check-" + r.id())) {
                bytes = check.copy(d.body(), part);
                if (d.contentLength() >= 0 && bytes != d.contentLength()) {
                    throw new IOException("download of file " + fileId + " stopped after " + bytes + " of "
                            + d.contentLength() + " bytes");
                }
                facts = check.finish(part);
            }
        } catch (IOException | MoodleException | InvalidArchiveException | RuntimeException e) {
            Files.deleteIfExists(part);
            throw e;
        }
        Path archive = staging.publish(part);
        // Shared before this request's row leaves its download: till then the claim leaves its twins to the sharing.
        List<Work> twins = sharing.share(work, archive, bytes, facts);
        recordArchive(requests, work, archive, bytes, facts);
        requests.event(claim, "download", "ok", work.elapsed(), describe(bytes, facts));
        return twins;
    }

    static String describe(long bytes, ArchiveFacts facts) {
        return String.format("%,d bytes, \"%s\" (%s), Moodle %s", bytes, facts.originalFullname(),
                facts.originalShortname(), facts.moodleRelease());
    }

    /** A whole archive in the request's folder becomes its archive; a warning when its user data are not as asked. */
    static void recordArchive(RequestClaims requests, Work work, Path archive, long bytes, ArchiveFacts facts) {
        RestoreRequest r = work.request();
        boolean includesUsers = facts.includesUsers();
        work.archive(archive);
        RestoreRequest saved = requests.saveArchive(work.claim(), archive.toString(), bytes, facts.originalFullname(),
                facts.originalShortname(), facts.moodleRelease(), includesUsers);
        if (includesUsers != r.withUserData()) {
            requests.addWarning(work.claim(), "the archive " + (includesUsers ? "includes" : "does not include")
                    + " user data although the request asked " + (r.withUserData() ? "for" : "without") + " it");
        }
        work.update(saved);
    }

    private static void failWithJsonError(String serverId, Download d)
            throws IOException, InvalidArchiveException, MoodleException {
        byte[] head = d.body().readNBytes(64 * 1024);
        MoodleErrorAnswer reply = MoodleErrorAnswer.read(head, 0, head.length);
        if (reply.complete() && reply.isError()) {
            throw MoodleErrors.toException(serverId, "download", reply);
        }
        throw new InvalidArchiveException(InvalidArchiveException.JSON_ERROR,
                "the course server answered JSON instead of an archive: " + new String(head, 0, Math.min(head.length, 200),
                java.nio.charset.StandardCharsets.UTF_8));
    }
}
