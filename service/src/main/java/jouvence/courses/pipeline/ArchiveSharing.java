package jouvence.courses.pipeline;

import jouvence.courses.RestoreRequest;
import jouvence.courses.queue.RequestClaims;
import jouvence.courses.staging.ArchiveFacts;
import jouvence.courses.staging.Staging;
import jouvence.moodle.MoodleException;
import jouvence.moodle.MoodleSites;
import jouvence.observe.RequestMdc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One backup for requests that ask the same thing: when an archive arrives, the due requests of the same course,
 * server and user data setting that were made before its backup was asked (two teachers who each take their copy of a
 * course, say) take it instead of asking the course server for the same backup again. Each gets the archive in its own
 * staging folder (a hard link; a copy where links are not possible) and goes on to its own restore, once the course
 * server has said that its requester teaches the course (what its own backup call would have checked). The plugin
 * made a backup per request. {@code jouvence.backup.share-archives} turns it off.
 */
public class ArchiveSharing {

    private static final Logger LOG = LoggerFactory.getLogger(ArchiveSharing.class);

    private final boolean enabled;
    private final Claimer claimer;
    private final RequestClaims requests;
    private final Staging staging;
    private final MoodleSites sites;

    public ArchiveSharing(boolean enabled, Claimer claimer, RequestClaims requests, Staging staging, MoodleSites sites) {
        this.enabled = enabled;
        this.claimer = claimer;
        this.requests = requests;
        this.staging = staging;
        this.sites = sites;
    }

    /**
     * Hands the archive just downloaded for {@code from} (at {@code archive}, {@code bytes} long, described by
     * {@code facts}) to its twins; returns those now ready for their restore. Called while {@code from}'s row is still
     * at its download, so that the claim leaves the twins to this (see {@code RequestClaims#claimOne}). Never throws:
     * {@code from} goes on whatever happens to its twins, and a twin that could not take the archive goes back to the
     * queue at once, for a backup of its own.
     */
    public List<Work> share(Work from, Path archive, long bytes, ArchiveFacts facts) {
        if (!enabled) {
            return List.of();
        }
        List<Work> twins;
        try {
            twins = claimer.claimTwins(from);
        } catch (RuntimeException e) {
            LOG.warn("request {}: its archive is not shared: {}", from.id(), e.toString());
            return List.of();
        }
        List<Work> ready = new ArrayList<>();
        for (Work twin : twins) {
            try (RequestMdc.Scope ignored = RequestMdc.about(twin.id())) {
                String refused = ownerCheck(twin.request());
                if (refused != null) {
                    giveBack(from, twin, refused);
                    continue;
                }
                take(from.id(), archive, bytes, facts, twin);
                ready.add(twin);
            } catch (IOException | RuntimeException e) {
                giveBack(from, twin, e.toString());
            }
        }
        return ready;
    }

    /**
     * Its own backup would have had the course server check that the requester teaches the course (get_courses_zip
     * answers "notcourseowner" otherwise): the twin is asked the same of the server (get_courses, the same rule),
     * else it does not take the archive. A request for nobody is not checked by the server either. Returns why not,
     * or null.
     */
    private String ownerCheck(RestoreRequest r) {
        if (r.requester() == null) {
            return null;
        }
        try {
            boolean teaches = sites.teacherCourses(r.serverId(), r.requester()).stream()
                    .anyMatch(c -> c.id() == r.remoteCourseId());
            return teaches ? null : r.requester() + " is not among the course's teachers on server " + r.serverId();
        } catch (MoodleException e) {
            return "the course server could not say whether " + r.requester() + " teaches the course: " + e.getMessage();
        }
    }

    private void take(long from, Path archive, long bytes, ArchiveFacts facts, Work twin) throws IOException {
        RestoreRequest r = twin.request();
        twin.begin("download");
        Path part = staging.dir(r.id()).resolve("course-" + r.remoteCourseId() + "-" + twin.claim().version() + ".mbz.part");
        Files.deleteIfExists(part);
        try {
            Files.createLink(part, archive);
        } catch (UnsupportedOperationException | FileSystemException noLink) { // another file system, say
            Files.copy(archive, part, StandardCopyOption.REPLACE_EXISTING);
        }
        requests.event(twin.claim(), "backup", "ok", null, "none of its own: the archive of request " + from
                + ", whose backup was asked after this request was made");
        CourseServerSteps.recordArchive(requests, twin, staging.publish(part), bytes, facts);
        requests.event(twin.claim(), "download", "ok", twin.elapsed(), CourseServerSteps.describe(bytes, facts)
                + ", shared with request " + from);
        LOG.info("request {} takes the archive of request {}", r.id(), from);
    }

    private void giveBack(Work from, Work twin, String why) {
        LOG.info("request {} does not take the archive of request {}, it goes back to the queue: {}", twin.id(),
                from.id(), why);
        String message = "did not take the archive of request " + from.id() + " (" + why
                + "): it asks for a backup of its own";
        try {
            requests.event(twin.claim(), "backup", "retry", null, message);
            requests.retryLater(twin.claim(), "backup", "archive-not-shared", message, Duration.ZERO, false);
        } catch (RuntimeException e) {
            LOG.warn("request {} stays claimed until its lease ends: {}", twin.id(), e.toString());
        } finally {
            claimer.finished(twin);
        }
    }
}
