package jouvence.courses.pipeline;

import jouvence.courses.RestoreRequest;
import jouvence.courses.queue.RequestClaims;
import jouvence.courses.staging.ArchiveFacts;
import jouvence.courses.staging.Staging;
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
 * staging folder (a hard link; a copy where links are not possible) and goes on to its own restore. The plugin made a
 * backup per request. {@code jouvence.backup.share-archives} turns it off.
 */
public class ArchiveSharing {

    private static final Logger LOG = LoggerFactory.getLogger(ArchiveSharing.class);

    private final boolean enabled;
    private final Claimer claimer;
    private final RequestClaims requests;
    private final Staging staging;

    public ArchiveSharing(boolean enabled, Claimer claimer, RequestClaims requests, Staging staging) {
        this.enabled = enabled;
        this.claimer = claimer;
        this.requests = requests;
        this.staging = staging;
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
                take(from.id(), archive, bytes, facts, twin);
                ready.add(twin);
            } catch (IOException | RuntimeException e) {
                giveBack(from, twin, e);
            }
        }
        return ready;
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

    private void giveBack(Work from, Work twin, Exception cause) {
        LOG.warn("request {} could not take the archive of request {}, it goes back to the queue: {}", twin.id(),
                from.id(), cause.toString());
        try {
            requests.retryLater(twin.claim(), "download", "archive-not-shared", "could not take the archive of request "
                    + from.id() + " (" + cause.getMessage() + "): it asks for a backup of its own", Duration.ZERO, false);
        } catch (RuntimeException e) {
            LOG.warn("request {} stays claimed until its lease ends: {}", twin.id(), e.toString());
        } finally {
            claimer.finished(twin);
        }
    }
}
