package jouvence.courses.restore;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobList;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.ScalableResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Waits for a restore Job to end by reading it every poll interval (a plain GET: no watch to re-establish), until it
 * is Complete or Failed or the deadline passes. Deadlines are {@link System#nanoTime()} values: a monotonic clock,
 * which a change of the wall clock cannot shorten or stretch.
 */
final class RestoreJobWait {

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesRestoreJob.class); // the driver's log lines

    private final NonNamespaceOperation<Job, JobList, ScalableResource<Job>> jobs;
    private final KubernetesApiFailure api;
    private final Duration pollInterval;

    RestoreJobWait(NonNamespaceOperation<Job, JobList, ScalableResource<Job>> jobs, KubernetesApiFailure api,
                   Duration pollInterval) {
        this.jobs = jobs;
        this.api = api;
        this.pollInterval = pollInterval;
    }

    /**
     * Reads the Job until it is Complete or Failed; null at the deadline. An API error is retried at the next poll,
     * except a refusal (the restore cannot be followed) or the Job's disappearance.
     */
    Job awaitEnd(String name, long deadline, RestoreOutput output)
            throws InterruptedException, RestoreFailedException {
        int failures = 0;
        while (true) {
            try {
                Job job = jobs.withName(name).get();
                if (job == null) {
                    throw output.failure(RestoreFailedException.EXIT, "restore failed: the Job " + name
                            + " disappeared before it ended (deleted by someone else?).", null, null);
                }
                if (failures > 0) {
                    LOG.info("restore Job {} readable again after {} failed attempts", name, failures);
                    failures = 0;
                }
                if (condition(job, "Complete") != null || condition(job, "Failed") != null) {
                    return job;
                }
            } catch (KubernetesClientException e) {
                if (KubernetesApiFailure.interrupted(e)) {
                    throw new InterruptedException("interrupted while reading the Job");
                }
                if (e.getCode() == 401 || e.getCode() == 403) {
                    throw output.failure(RestoreFailedException.EXIT, "restore could not be followed: "
                            + api.describe("get jobs", e) + "; the Job " + name + " was deleted.", null, e);
                }
                if (failures++ == 0) {
                    LOG.warn("restore Job {}: {}; trying again every {} until the timeout", name,
                            api.describe("get jobs", e), pollInterval);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            TimeUnit.NANOSECONDS.sleep(Math.min(left, pollInterval.toNanos()));
        }
    }

    static JobCondition condition(Job job, String type) {
        if (job.getStatus() == null) {
            return null;
        }
        return job.getStatus().getConditions().stream()
                .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus())).findFirst().orElse(null);
    }
}
