package jouvence.restore;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobList;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.ScalableResource;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * The restore driver that runs each restore as a Kubernetes Job ({@code jouvence.restore.driver=kubernetes}): the Job
 * template (the new Moodle's image with its {@code moodledata} and the staging volume mounted) with the container's
 * {@code command} set to the arguments of the same {@link RestoreTemplate} as the process driver.
 *
 * <p><b>One restore.</b> The Job is named after the request ({@code <template name>-<request id>-<5 random>}), labelled
 * {@value #MANAGED_BY_LABEL}={@value #MANAGED_BY} and {@value #REQUEST_ID_LABEL}={@code <id>} (its pod too), with
 * {@code restartPolicy: Never}, {@code backoffLimit: 0} (a restore is never run twice: a course may half exist),
 * {@code activeDeadlineSeconds} = the restore timeout and, unless the template sets one, a
 * {@code ttlSecondsAfterFinished} of {@value #DEFAULT_TTL_SECONDS} s as a safety net. Jouvence reads the Job every
 * {@link #POLL_INTERVAL} until it is Complete or Failed (a plain GET: no watch to re-establish, and a passing API
 * error is retried until the timeout), then streams its pod's log into the output log and parses it like the process
 * driver's output ({@link RestoreOutput}), and deletes the Job with its pod in every case.
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
    /** Set by the Job controller on the pods of a Job. */
    static final String JOB_NAME_LABEL = "job-name";
    /** The Jobs' name prefix when the template has no {@code metadata.name}. */
    static final String DEFAULT_NAME = "jouvence-restore";
    /** ttlSecondsAfterFinished when the template sets none: a Job Jouvence could not delete is gone a day later. */
    static final int DEFAULT_TTL_SECONDS = 86_400;
    static final Duration POLL_INTERVAL = Duration.ofSeconds(2);
    /** Longest wait for the pod log's response headers. */
    private static final Duration LOG_REQUEST_TIMEOUT = Duration.ofMinutes(1);
    private static final String DNS_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";

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
            new Permission("batch", "jobs", Set.of("create", "get", "delete")),
            new Permission("", "pods", Set.of("list")),
            new Permission("", "pods/log", Set.of("get")));

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final KubernetesClient client;
    private final boolean ownsClient;
    private final String namespace;
    private final Job template;
    private final String container;
    private final Settings settings;
    private final Duration pollInterval;

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
        this.pollInterval = pollInterval;
        String ns = namespace == null || namespace.isBlank() ? client.getNamespace() : namespace.strip();
        if (ns == null || ns.isBlank()) {
            throw new IllegalArgumentException("jouvence.restore.kubernetes.namespace is empty and the Kubernetes "
                    + "client knows no namespace (Jouvence runs outside a pod, and the kubeconfig context names none): "
                    + "set jouvence.restore.kubernetes.namespace");
        }
        this.namespace = ns;
        this.template = SERIALIZATION.clone(Objects.requireNonNull(template, "template"));
        this.container = restoreContainer(this.template, container, "the Job template").getName();
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
     * Reads and checks the Job template: one {@code batch/v1} Job with a pod template, the container that runs the
     * restore (named, or the first) with an image, no {@code metadata.namespace}, a name that can prefix a Job name.
     *
     * @param container the container that runs the restore; empty or null = the first
     * @throws IllegalArgumentException naming the file and what is wrong
     */
    public static Job loadTemplate(Path file, String container) {
        String what = "the restore Job template " + file;
        Object parsed;
        try (InputStream in = Files.newInputStream(file)) {
            parsed = SERIALIZATION.unmarshal(in);
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " cannot be read (" + e + ")", e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(what + " is not a Kubernetes manifest in YAML or JSON ("
                    + rootCause(e).getMessage() + ")", e);
        }
        if (!(parsed instanceof Job job)) {
            String found = parsed instanceof HasMetadata r ? "a " + r.getKind() + " (" + r.getApiVersion() + ")"
                    : parsed == null ? "empty" : "not one Kubernetes resource";
            throw new IllegalArgumentException(what + " is " + found + ", not a batch/v1 Job");
        }
        ObjectMeta meta = job.getMetadata();
        if (meta != null && meta.getNamespace() != null) {
            throw new IllegalArgumentException(what + " sets metadata.namespace (" + meta.getNamespace() + "): remove "
                    + "it; the Jobs are created in jouvence.restore.kubernetes.namespace (empty = Jouvence's own)");
        }
        if (meta != null && meta.getName() != null && (meta.getName().length() > 40
                || !meta.getName().matches(DNS_LABEL))) {
            throw new IllegalArgumentException(what + ": metadata.name '" + meta.getName() + "' must be at most 40 "
                    + "lower-case letters, digits and '-' (each Job is named <name>-<request id>-<5 random>)");
        }
        Container c = restoreContainer(job, container, what);
        if (c.getImage() == null || c.getImage().isBlank()) {
            throw new IllegalArgumentException(what + ": container '" + c.getName() + "' has no image (the new "
                    + "Moodle's image)");
        }
        return job;
    }

    private static Container restoreContainer(Job job, String name, String what) {
        JobSpec spec = job.getSpec();
        PodSpec pod = spec == null || spec.getTemplate() == null ? null : spec.getTemplate().getSpec();
        List<Container> containers = pod == null ? List.of() : pod.getContainers();
        if (containers.isEmpty()) {
            throw new IllegalArgumentException(what + " has no container (spec.template.spec.containers is empty)");
        }
        if (name == null || name.isBlank()) {
            return containers.get(0);
        }
        return containers.stream().filter(c -> name.strip().equals(c.getName())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(what + " has no container named '" + name.strip()
                        + "' (jouvence.restore.kubernetes.container); its containers: "
                        + containers.stream().map(Container::getName).collect(Collectors.joining(", "))));
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
        OutputStream log = RestoreOutput.openLog(outputLog, "the restore Job");
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
            if (interrupted(e)) {
                delete(name); // the request may have reached the API server
                throw new RestoreFailedException(RestoreFailedException.INTERRUPTED, "restore was not started: the "
                        + "service is stopping (thread interrupted).", null, null, null, e);
            }
            throw new RestoreFailedException(RestoreFailedException.START, "the restore Job could not be created: "
                    + apiFailure("create jobs", e) + ".", null, null, null, e);
        }
    }

    /** Waits for the Job, reads its pod's log, and says how the restore ended. */
    private Result follow(String name, long t0, RestoreOutput output, OutputStream log, Path outputLog)
            throws RestoreFailedException {
        Job ended;
        try {
            ended = awaitEnd(name, t0 + settings.timeout().toNanos(), output);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("restore interrupted after {}; deleting Job {}", elapsedSince(t0), name);
            throw output.failure(RestoreFailedException.INTERRUPTED, "restore was interrupted (the service is "
                    + "stopping?) after " + elapsedSince(t0) + "; the Job " + name + " was deleted.", null, e);
        }
        Duration elapsed = elapsedSince(t0);
        Pod pod = readLog(name, output, log, outputLog);
        if (ended == null) {
            LOG.warn("restore Job {} timed out after {}; deleting it", name, settings.timeout());
            throw output.failure(RestoreFailedException.TIMEOUT, "restore did not finish within " + settings.timeout()
                    + "; the Job " + name + " was deleted.", null, null);
        }
        JobCondition failed = condition(ended, "Failed");
        Integer exit = exitCode(pod);
        LOG.info("restore Job {} {} after {}; exit code {}, course id {}", name, failed == null ? "complete" : "failed",
                elapsed, exit, output.courseId());
        if (failed == null) {
            return output.result("the command (Job " + name + ")", 0, elapsed);
        }
        if ("DeadlineExceeded".equals(failed.getReason())) {
            throw output.failure(RestoreFailedException.TIMEOUT, "restore did not finish within " + settings.timeout()
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

    /**
     * Reads the Job until it is Complete or Failed; null at the deadline. An API error is retried at the next poll,
     * except a refusal (the restore cannot be followed) or the Job's disappearance.
     */
    private Job awaitEnd(String name, long deadline, RestoreOutput output)
            throws InterruptedException, RestoreFailedException {
        int failures = 0;
        while (true) {
            try {
                Job job = jobs().withName(name).get();
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
                if (interrupted(e)) {
                    throw new InterruptedException("interrupted while reading the Job");
                }
                if (e.getCode() == 401 || e.getCode() == 403) {
                    throw output.failure(RestoreFailedException.EXIT, "restore could not be followed: "
                            + apiFailure("get jobs", e) + "; the Job " + name + " was deleted.", null, e);
                }
                if (failures++ == 0) {
                    LOG.warn("restore Job {}: {}; trying again every {} until the timeout", name,
                            apiFailure("get jobs", e), pollInterval);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            TimeUnit.NANOSECONDS.sleep(Math.min(left, pollInterval.toNanos()));
        }
    }

    private static JobCondition condition(Job job, String type) {
        if (job.getStatus() == null) {
            return null;
        }
        return job.getStatus().getConditions().stream()
                .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus())).findFirst().orElse(null);
    }

    /**
     * Streams the log of the Job's pod (the newest, should the Job have several) into the output; a log that cannot
     * be read is noted in the output, never thrown. Returns the pod, or null when the Job has none.
     */
    private Pod readLog(String name, RestoreOutput output, OutputStream log, Path outputLog) {
        Pod pod;
        try {
            pod = client.pods().inNamespace(namespace).withLabel(JOB_NAME_LABEL, name).list().getItems().stream()
                    .max(Comparator.comparing(p -> Objects.toString(p.getMetadata().getCreationTimestamp(), "")))
                    .orElse(null);
        } catch (KubernetesClientException e) {
            output.unreadable(apiFailure("list pods", e));
            return null;
        }
        if (pod == null) {
            output.unreadable("the Job has no pod");
            return null;
        }
        String podName = pod.getMetadata().getName();
        HttpClient http = client.getHttpClient();
        String base = client.getMasterUrl().toString();
        String url = (base.endsWith("/") ? base : base + "/") + "api/v1/namespaces/" + namespace + "/pods/" + podName
                + "/log?container=" + container;
        try {
            HttpResponse<InputStream> response = http.sendAsync(http.newHttpRequestBuilder().uri(url).build(),
                    InputStream.class).get(LOG_REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            try (InputStream body = response.body()) {
                if (!response.isSuccessful()) {
                    output.unreadable(apiFailure("get pods/log", response.code(), statusMessage(body)));
                } else {
                    output.copy(body, log, outputLog);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            output.unreadable("interrupted while reading the log of pod " + podName);
        } catch (IOException | ExecutionException | TimeoutException e) {
            LOG.warn("restore Job {}: the log of pod {} could not be read to its end: {}", name, podName,
                    rootCause(e).toString());
            output.unreadable("the log of pod " + podName + " could not be read: " + rootCause(e));
        }
        return pod;
    }

    /** The exit code of the restore container, when it ended by itself. */
    private Integer exitCode(Pod pod) {
        if (pod == null || pod.getStatus() == null) {
            return null;
        }
        for (ContainerStatus status : pod.getStatus().getContainerStatuses()) {
            ContainerState state = status.getState();
            ContainerStateTerminated terminated = state == null ? null : state.getTerminated();
            if (container.equals(status.getName()) && terminated != null) {
                return terminated.getExitCode();
            }
        }
        return null;
    }

    /** Deletes the Job and, in the background, its pod; never throws, keeps the interrupt flag. */
    private void delete(String name) {
        boolean interrupted = Thread.interrupted(); // an interrupted thread cannot wait for the API's answer
        try {
            jobs().withName(name).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
            LOG.info("restore Job {} deleted, its pod with it", name);
        } catch (KubernetesClientException e) {
            LOG.warn("restore Job {} could not be deleted: {}; Kubernetes stops it at its activeDeadlineSeconds and "
                    + "removes it after its ttlSecondsAfterFinished", name, apiFailure("delete jobs", e));
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ the Job

    /** The Job of one restore: the template with its name, labels, limits and the container's command. */
    Job job(List<String> argv, String requestId) {
        Job job = SERIALIZATION.clone(template);
        String id = labelValue(requestId);
        ObjectMeta meta = job.getMetadata() == null ? new ObjectMeta() : job.getMetadata();
        String prefix = meta.getName() == null ? DEFAULT_NAME : meta.getName();
        meta.setName(jobName(prefix, id));
        meta.setGenerateName(null);
        meta.setNamespace(namespace);
        meta.setLabels(withLabels(meta.getLabels(), id));
        job.setMetadata(meta);

        JobSpec spec = job.getSpec();
        spec.setBackoffLimit(0);
        spec.setActiveDeadlineSeconds(Math.max(1, (settings.timeout().toMillis() + 999) / 1000));
        if (spec.getTtlSecondsAfterFinished() == null) {
            spec.setTtlSecondsAfterFinished(DEFAULT_TTL_SECONDS);
        }
        PodTemplateSpec pod = spec.getTemplate();
        if (pod.getMetadata() == null) {
            pod.setMetadata(new ObjectMeta());
        }
        pod.getMetadata().setLabels(withLabels(pod.getMetadata().getLabels(), id));
        pod.getSpec().setRestartPolicy("Never");
        Container c = restoreContainer(job, container, "the Job template");
        c.setCommand(new ArrayList<>(argv));
        c.setArgs(new ArrayList<>());
        return job;
    }

    private static Map<String, String> withLabels(Map<String, String> labels, String requestId) {
        Map<String, String> all = new LinkedHashMap<>(labels == null ? Map.of() : labels);
        all.put(MANAGED_BY_LABEL, MANAGED_BY);
        if (!requestId.isEmpty()) {
            all.put(REQUEST_ID_LABEL, requestId);
        }
        return all;
    }

    /** {@code <prefix>-<request id>-<5 random>}: a DNS-1123 label of at most 63 characters. */
    static String jobName(String prefix, String requestId) {
        String id = requestId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-");
        String base = (prefix + "-" + id).replaceAll("-{2,}", "-");
        base = base.substring(0, Math.min(base.length(), 63 - 6)).replaceAll("-+$", "");
        StringBuilder name = new StringBuilder(base).append('-');
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < 5; i++) {
            name.append("bcdfghjklmnpqrstvwxz2456789".charAt(random.nextInt(27)));
        }
        return name.toString();
    }

    /** The request id as a label value: letters, digits, '-', '_', '.', at most 63, alphanumeric at both ends. */
    static String labelValue(String requestId) {
        String v = requestId == null ? "" : requestId.replaceAll("[^A-Za-z0-9._-]+", "-");
        v = v.substring(0, Math.min(v.length(), 63));
        return v.replaceAll("^[^A-Za-z0-9]+|[^A-Za-z0-9]+$", "");
    }

    private NonNamespaceOperation<Job, JobList, ScalableResource<Job>> jobs() {
        return client.batch().v1().jobs().inNamespace(namespace);
    }

    // ------------------------------------------------------------------------------------------------ messages

    /** "Kubernetes refused to create jobs in namespace x (HTTP 403 …)": what was refused, in RBAC's words. */
    private String apiFailure(String action, KubernetesClientException e) {
        Status status = e.getStatus();
        String detail = status != null && status.getMessage() != null ? status.getMessage() : rootCause(e).toString();
        return apiFailure(action, e.getCode(), detail);
    }

    private String apiFailure(String action, int code, String detail) {
        String where = action + " in namespace " + namespace;
        return switch (code) {
            case 0 -> "the Kubernetes API could not be reached to " + where + " (" + detail + ")";
            case 401 -> "Kubernetes did not accept Jouvence's credentials to " + where + " (HTTP 401: " + detail + ")";
            case 403 -> "Kubernetes refused to " + where + " (HTTP 403: " + detail + "); Jouvence's service account "
                    + "needs the Role jouvence-restore-jobs of k8s/base/role.yaml: " + PERMISSIONS.stream()
                    .map(p -> String.join(", ", p.verbs().stream().sorted().toList()) + " " + p.resource())
                    .collect(Collectors.joining("; "));
            default -> "Kubernetes could not " + where + " (HTTP " + code + ": " + detail + ")";
        };
    }

    /** The message of the API's Status answer, else the start of the body. */
    private static String statusMessage(InputStream body) throws IOException {
        String text = new String(body.readNBytes(4096), StandardCharsets.UTF_8);
        try {
            Status status = SERIALIZATION.unmarshal(text, Status.class);
            if (status != null && status.getMessage() != null) {
                return status.getMessage();
            }
        } catch (RuntimeException e) {
            // not a Status: the text itself
        }
        return text.strip();
    }

    private static boolean interrupted(KubernetesClientException e) {
        return Thread.currentThread().isInterrupted() || rootCause(e) instanceof InterruptedException;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static Duration elapsedSince(long t0) {
        return Duration.ofMillis((System.nanoTime() - t0) / 1_000_000);
    }
}
