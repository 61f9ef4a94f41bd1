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

/** Backup on the course server, then download of the archive to staging: both inside the server's gate. */
public class CourseServerSteps {

    private final RequestClaims requests;
    private final MoodleSites sites;
    private final Staging staging;

    public CourseServerSteps(RequestClaims requests, MoodleSites sites, Staging staging) {
        this.requests = requests;
        this.sites = sites;
        this.staging = staging;
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
            if (r.remoteCourseName() == null) {
                rememberCourseName(work.claim(), r);
            }
            throw e;
        }
        requests.event(work.claim(), "backup", "ok", work.elapsed(), "backup stored on " + r.serverId() + " as file " + fileId);
        return fileId;
    }

    /**
     * The remote course's full name, for people and mails, when the backup failed (best effort). A backup that works
     * needs no call for it: the archive's moodle_backup.xml gives the name.
     */
    private void rememberCourseName(Claim claim, RestoreRequest r) {
        try {
            sites.courseBy(r.serverId(), "id", Long.toString(r.remoteCourseId()))
                    .ifPresent(c -> requests.saveRemoteCourseName(claim, c.fullname()));
        } catch (MoodleException e) {
            // the backup call that follows reports what is wrong with the server
        }
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
     */
    public void download(Work work, long fileId, Download response)
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
        work.archive(archive);
        RestoreRequest saved = requests.saveArchive(claim, archive.toString(), bytes, facts.originalFullname(),
                facts.originalShortname(), facts.moodleRelease(), facts.includesUsers());
        if (facts.includesUsers() != r.withUserData()) {
            requests.addWarning(claim, "the archive " + (facts.includesUsers() ? "includes" : "does not include")
                    + " user data although the request asked " + (r.withUserData() ? "for" : "without") + " it");
        }
        work.update(saved);
        requests.event(claim, "download", "ok", work.elapsed(), String.format("%,d bytes, \"%s\" (%s), Moodle %s",
                bytes, facts.originalFullname(), facts.originalShortname(), facts.moodleRelease()));
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
