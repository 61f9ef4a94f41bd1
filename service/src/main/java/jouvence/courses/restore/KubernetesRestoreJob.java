package jouvence.courses.restore;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.ScalableResource;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The restore driver that runs each restore as a Kubernetes Job ({@code jouvence.restore.driver=kubernetes}): the Job
 * template (the new Moodle's image with its {@code moodledata} and the staging volume mounted) with the container's
 * {@code command} set to the arguments of the same {@link RestoreTemplate} as the process driver.
 *
 * <p><b>One restore.</b> The Job is named after the request ({@code <template name>-<request id>-<5 random>}), labelled
 * {@value #MANAGED_BY_LABEL}={@value #MANAGED_BY} and {@value #REQUEST_ID_LABEL}={@code <id>} (its pod too), with
 * {@code restartPolicy: Never}, {@code backoffLimit: 0} (a restore is never run twice: a course may half exist),
 * {@code activeDeadlineSeconds} = the restore timeout and, unless the template sets one, a
 * {@code ttlSecondsAfterFinished} of {@value RestoreJobTemplate#DEFAULT_TTL_SECONDS} s as a safety net (all built
 * by {@link RestoreJobTemplate}). Jouvence reads the Job every {@link #POLL_INTERVAL} until it is Complete or Failed
 * (a plain GET: no watch to re-establish, and a passing API error is retried until the timeout), then streams its
 * pod's log into the output log ({@link RestoreJobLog}) and parses it like the process driver's output
 * ({@link RestoreOutput}), and deletes the Job with its pod in every case.
 *
 * <p>It makes exactly the API calls of {@link #PERMISSIONS}, which the Role of {@code k8s/base/role.yaml} grants. A
 * refused call is reported with the permission it lacked; the client's credentials never appear in a message or a log
 * line.
 *
 * <p>Instances are immutable and thread-safe; each {@link #run} creates its own Job.
 */
public final class KubernetesRestoreJob implements RestoreDriver {

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesRestoreJob.class);

    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY = "jouvence";
    public static final String REQUEST_ID_LABEL = "jouvence/request-id";
    static final Duration POLL_INTERVAL = Duration.ofSeconds(2);

    /** One RBAC rule: verbs on a resource of an API group ({@code ""} is the core group). */
    public record Permission(String apiGroup, String resource, Set<String> verbs) {
        public Permission {
            verbs = Set.copyOf(verbs);
        }
    }

    /**
     * Every Kubernetes API call this driver makes, as RBAC rules in the Jobs' namespace: {@code k8s/base/role.yaml}
     * grants exactly these (KubernetesManifestsTest), and KubernetesRestoreJobTest checks every call against them.
     * The pod's log is read with a plain GET: the client's typed log call first waits on the pod with a watch.
     */
    public static final List<Permission> PERMISSIONS = List.of(
            new Permission("batch", "jobs", Set.of("create", "get", "list", "delete")),
            new Permission("", "pods", Set.of("list")),
            new Permission("", "pods/log", Set.of("get")));

    private final KubernetesClient client;
    private final boolean ownsClient;
    private final String namespace;
    private final RestoreJobTemplate template;
    private final Settings settings;
    private final RestoreJobWait wait;
    private final RestoreJobLog podLog;
    private final KubernetesApiFailure api;

    /**
     * @param client    the Kubernetes client (closed by {@link #close} only when this driver made it, see
     *                  {@link #connect})
     * @param namespace where the Jobs are created; empty or null = the client's namespace (in a pod: its own)
     * @param template  a Job template checked by {@link #loadTemplate}
     * @param container the template's container that runs the restore; empty or null = its first container
     * @param settings  the command template, timeout and output rules
     * @throws IllegalArgumentException no namespace is known, or the container is not in the template
     */
    public KubernetesRestoreJob(KubernetesClient client, String namespace, Job template, String container,
                                Settings settings) {
        this(client, false, namespace, template, container, settings, POLL_INTERVAL);
    }

    KubernetesRestoreJob(KubernetesClient client, boolean ownsClient, String namespace, Job template, String container,
                         Settings settings, Duration pollInterval) {
        this.client = Objects.requireNonNull(client, "client");
        this.ownsClient = ownsClient;
        this.settings = Objects.requireNonNull(settings, "settings");
        String ns = namespace == null || namespace.isBlank() ? client.getNamespace() : namespace.strip();
        if (ns == null || ns.isBlank()) {
            throw new IllegalArgumentException("jouvence.restore.kubernetes.namespace is empty and the Kubernetes "
                    + "client knows no namespace (Jouvence runs outside a pod, and the kubeconfig context names none): "
                    + "set jouvence.restore.kubernetes.namespace");
        }
        this.namespace = ns;
        this.template = new RestoreJobTemplate(template, container);
        this.podLog = new RestoreJobLog(client, ns, this.template.container());
        this.api = new KubernetesApiFailure(ns);
        this.wait = new RestoreJobWait(jobs(), api, pollInterval);
    }

    /**
     * The driver with a client configured from its environment: in a pod, its service account's token, CA and
     * namespace (TLS verified); elsewhere the kubeconfig. The template is read and checked first.
     *
     * @throws IllegalArgumentException the template is wrong (naming the file and what), or no namespace is known
     */
    public static KubernetesRestoreJob connect(Path template, String namespace, String container, Settings settings) {
        Job job = loadTemplate(template, container);
        KubernetesClient client = new KubernetesClientBuilder().withHttpClientFactory(new JdkHttpClientFactory())
                .build();
        try {
            return new KubernetesRestoreJob(client, true, namespace, job, container, settings, POLL_INTERVAL);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /**
     * Reads and checks the Job template ({@link RestoreJobTemplate#load}).
     *
     * @param container the container that runs the restore; empty or null = the first
     * @throws IllegalArgumentException naming the file and what is wrong
     */
    public static Job loadTemplate(Path file, String container) {
        return RestoreJobTemplate.load(file, container);
    }

    @Override
    public String template() {
        return settings.command().template();
    }

    /** The namespace the Jobs are created in. */
    public String namespace() {
        return namespace;
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }

    // ------------------------------------------------------------------------------------------------ one restore

    @Override
    public Result run(Map<String, String> placeholders, Path outputLog) throws RestoreFailedException {
        List<String> argv = settings.command().argv(placeholders);
        Job job = job(argv, placeholders == null ? null : placeholders.get("requestid"));
        String name = job.getMetadata().getName();
        OutputStream log = OutputLogFile.open(outputLog, "the restore Job");
        try {
            long t0 = System.nanoTime();
            create(job);
            LOG.info("restore Job {} created in namespace {}: {}", name, namespace, RestoreTemplate.display(argv));
            try {
                return follow(name, t0, new RestoreOutput(settings), log, outputLog);
            } finally {
                delete(name);
            }
        } finally {
            try {
                log.close();
            } catch (IOException e) {
                LOG.error("cannot write the restore output to {}: {}", outputLog, e.toString());
            }
        }
    }

    /**
     * After a crash of the service the Job of the request (found by its label) may still run: it is waited for. One
     * that ended has its pod's log copied into the output file, is deleted, and its output says how the restore ended.
     * With no Job left (deleted, removed after its TTL), the output file that was being written decides.
     */
    @Override
    public RestoreState inspect(long requestId, Path outputLog) {
        List<Job> found;
        try {
            found = jobs().withLabel(REQUEST_ID_LABEL, Long.toString(requestId)).list().getItems();
        } catch (KubernetesClientException e) {
            return new RestoreState.Running("unknown: the Jobs of the request cannot be listed ("
                    + api.describe("list jobs", e) + ")");
        }
        Job job = found.stream().max(java.util.Comparator.comparing(j -> String.valueOf(j.getMetadata()
                .getCreationTimestamp()))).orElse(null); // RFC 3339 timestamps sort as text
        if (job == null) {
            return RestoreDriver.super.inspect(requestId, outputLog);
        }
        String name = job.getMetadata().getName();
        if (RestoreJobWait.condition(job, "Complete") == null && RestoreJobWait.condition(job, "Failed") == null) {
            return new RestoreState.Running("Job " + name + " in namespace " + namespace);
        }
        RestoreOutput output = new RestoreOutput(settings);
        try {
            OutputStream log = OutputLogFile.open(outputLog, "the restore Job's log");
            try {
                podLog.read(name, output, log, outputLog);
            } finally {
                RestoreCommand.closeQuietly(log);
            }
        } catch (RestoreFailedException e) {
            output.unreadable(e.getMessage());
        }
        delete(name);
        return RestoreJobWait.condition(job, "Failed") != null && output.courseId() == null
                ? new RestoreState.Died(output.startedCourseId(), "its Job " + name + " failed")
                : output.state(outputLog);
    }

    @Override
    public Settings settings() {
        return settings;
    }

    /** The Job of one restore, in this driver's namespace, stopped by Kubernetes at the restore timeout. */
    Job job(List<String> argv, String requestId) {
        return template.job(argv, requestId, namespace, settings.timeout());
    }

    private void create(Job job) throws RestoreFailedException {
        String name = job.getMetadata().getName();
        try {
            jobs().resource(job).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                // The client retries a create whose answer was lost (a 5xx from a proxy, a broken connection); with
                // its random suffix, the Job of that name is this one, created by the first attempt.
                LOG.info("restore Job {} already existed when its creation was retried: following it", name);
                return;
            }
            if (KubernetesApiFailure.interrupted(e)) {
                delete(name); // the request may have reached the API server
                throw new RestoreFailedException(RestoreFailedException.INTERRUPTED, "restore was not started: the "
                        + "service is stopping (thread interrupted).", null, null, null, e);
            }
            throw new RestoreFailedException(RestoreFailedException.START, "the restore Job could not be created: "
                    + api.describe("create jobs", e) + ".", null, null, null, e);
        }
    }

    /** Waits for the Job, reads its pod's log, and says how the restore ended. */
    private Result follow(String name, long t0, RestoreOutput output, OutputStream log, Path outputLog)
            throws RestoreFailedException {
        Job ended;
        try {
            ended = wait.awaitEnd(name, t0 + settings.timeout().toNanos(), output);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("restore interrupted after {}; deleting Job {}", elapsedSince(t0), name);
            throw output.failure(RestoreFailedException.INTERRUPTED, "restore was interrupted (the service is "
                    + "stopping?) after " + elapsedSince(t0) + "; the Job " + name + " was deleted.", null, e);
        }
        Duration elapsed = elapsedSince(t0);
        Pod pod = podLog.read(name, output, log, outputLog);
        if (ended == null) {
            LOG.warn("restore Job {} timed out after {}; deleting it", name, settings.timeout());
            throw output.failure(RestoreFailedException.TIMEOUT, "restore did not finish within " + settings.timeout()
                    + "; the Job " + name + " was deleted.", null, null);
        }
        return RestoreJobEnd.result(name, ended, podLog.exitCode(pod), output, elapsed, settings.timeout());
    }

    /** Deletes the Job and, in the background, its pod; never throws, keeps the interrupt flag. */
    private void delete(String name) {
        boolean interrupted = Thread.interrupted(); // an interrupted thread cannot wait for the API's answer
        try {
            jobs().withName(name).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
            LOG.info("restore Job {} deleted, its pod with it", name);
        } catch (KubernetesClientException e) {
            LOG.warn("restore Job {} could not be deleted: {}; Kubernetes stops it at its activeDeadlineSeconds and "
                    + "removes it after its ttlSecondsAfterFinished", name, api.describe("delete jobs", e));
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private NonNamespaceOperation<Job, JobList, ScalableResource<Job>> jobs() {
        return client.batch().v1().jobs().inNamespace(namespace);
    }

    private static Duration elapsedSince(long t0) {
        return Duration.ofMillis((System.nanoTime() - t0) / 1_000_000);
    }
}
