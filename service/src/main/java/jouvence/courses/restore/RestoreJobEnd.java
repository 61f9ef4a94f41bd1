package jouvence.courses.restore;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/** How a restore ended, from its Job's condition and its container's exit code, in the process driver's terms. */
final class RestoreJobEnd {

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesRestoreJob.class); // the driver's log lines

    private RestoreJobEnd() {
    }

    /**
     * The result of a Job that ended (Complete or Failed), whose pod's log is in {@code output}.
     *
     * @param exit the restore container's exit code, null when unknown
     * @throws RestoreFailedException the restore failed; its code says how
     */
    static RestoreDriver.Result result(String name, Job ended, Integer exit, RestoreOutput output, Duration elapsed,
                                       Duration timeout) throws RestoreFailedException {
        JobCondition failed = RestoreJobWait.condition(ended, "Failed");
        LOG.info("restore Job {} {} after {}; exit code {}, course id {}", name, failed == null ? "complete" : "failed",
                elapsed, exit, output.courseId());
        if (failed == null) {
            return output.result("the command (Job " + name + ")", 0, elapsed);
        }
        if ("DeadlineExceeded".equals(failed.getReason())) {
            throw output.failure(RestoreFailedException.TIMEOUT, "restore did not finish within " + timeout
                    + ": Kubernetes stopped the Job " + name + " at its activeDeadlineSeconds; it was deleted.",
                    null, null);
        }
        if (exit != null && exit != 0) {
            return output.result("the command (Job " + name + ")", exit, elapsed); // throws restore-exit
        }
        throw output.failure(RestoreFailedException.EXIT, "restore failed: the Job " + name + " failed after "
                + elapsed + " (" + failed.getReason() + ": " + failed.getMessage() + ")"
                + (exit == null ? "; how its container ended is unknown." : "."), exit, null);
    }
}
