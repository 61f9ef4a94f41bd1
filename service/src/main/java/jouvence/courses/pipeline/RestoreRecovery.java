package jouvence.courses.pipeline;

import jouvence.courses.RestoreRequest;
import jouvence.courses.queue.RequestClaims;
import jouvence.courses.restore.RestoreDriver;
import jouvence.courses.restore.RestoreState;
import jouvence.courses.restore.RunnerReport;
import jouvence.courses.staging.Staging;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The requests whose worker stopped during their restore (the service was killed, its replica died), looked at one by
 * one from what the restore left ({@link RestoreDriver#inspect}): a restore that ended is resumed at the finish (its
 * course exists once, named and enrolled, mailed), one still running is waited for, and only one that truly died ends
 * in error, naming the course it may have half restored.
 */
public class RestoreRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(RestoreRecovery.class);

    private final RequestClaims requests;
    private final RestoreDriver driver;
    private final Staging staging;

    public RestoreRecovery(RequestClaims requests, RestoreDriver driver, Staging staging) {
        this.requests = requests;
        this.driver = driver;
        this.staging = staging;
    }

    /** The whole output of a request's restore, in its staging folder (not created here: looking changes nothing). */
    static Path outputLog(Staging staging, long requestId) {
        return staging.root().resolve(Long.toString(requestId)).resolve("restore.log");
    }

    /** Looks at every interrupted restore; returns the requests that ended in error (to be mailed). */
    public List<RestoreRequest> recover() {
        List<RestoreRequest> failed = new ArrayList<>();
        for (RestoreRequest r : requests.interruptedRestores()) {
            RestoreState state = driver.inspect(r.id(), outputLog(staging, r.id()));
            if (state instanceof RestoreState.Finished f) {
                requests.resumeAtFinish(r, f.courseId(), "the restore ended after its worker " + r.claimedBy()
                        + " stopped: course " + f.courseId() + " created; resumed at the finish").ifPresent(x -> LOG.warn(
                        "request {}: its restore ended after its worker {} stopped (course {}); resumed at the finish",
                        r.id(), r.claimedBy(), f.courseId()));
            } else if (state instanceof RestoreState.Running running) {
                LOG.info("request {}: its worker {} stopped but its restore still runs ({}); waiting for it", r.id(),
                        r.claimedBy(), running.where());
            } else if (state instanceof RestoreState.Died d) {
                requests.failInterrupted(r, message(d)).ifPresent(x -> {
                    LOG.error("request {}: {}", r.id(), x.lastErrorMessage());
                    failed.add(x);
                });
            }
        }
        return failed;
    }

    static String message(RestoreState.Died died) {
        String course = died.partialCourseId() != null ? "; course " + died.partialCourseId() + " on the new platform "
                + "was being restored into and may be partial: check it and delete it before retrying the request"
                : "; check the new platform for a partial course";
        return "interrupted during restore: " + died.why() + course;
    }

    /** What the restore runner said it did, read back from the output file (a request resumed at the finish). */
    RunnerReport runnerReport(long requestId) {
        return driver.runnerReport(outputLog(staging, requestId)).orElse(null);
    }
}
