package jouvence.courses.restore;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * The restore Job template (the new Moodle's image with its volumes), checked once, and the Job of each restore made
 * from it: its name ({@code <template name>-<request id>-<5 random>}), labels, limits and the restore container's
 * command. Immutable and thread-safe.
 */
final class RestoreJobTemplate {

    /** The Jobs' name prefix when the template has no {@code metadata.name}. */
    static final String DEFAULT_NAME = "jouvence-restore";
    /** ttlSecondsAfterFinished when the template sets none: a Job Jouvence could not delete is gone a day later. */
    static final int DEFAULT_TTL_SECONDS = 86_400;
    private static final String DNS_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final Job template;
    private final String container;

    /**
     * @param template  a Job template checked by {@link #load}
     * @param container the template's container that runs the restore; empty or null = its first container
     * @throws IllegalArgumentException the container is not in the template
     */
    RestoreJobTemplate(Job template, String container) {
        this.template = SERIALIZATION.clone(Objects.requireNonNull(template, "template"));
        this.container = restoreContainer(this.template, container, "the Job template").getName();
    }

    /** The name of the container that runs the restore. */
    String container() {
        return container;
    }

    /**
     * Reads and checks the Job template: one {@code batch/v1} Job with a pod template, the container that runs the
     * restore (named, or the first) with an image, no {@code metadata.namespace}, a name that can prefix a Job name.
     *
     * @param container the container that runs the restore; empty or null = the first
     * @throws IllegalArgumentException naming the file and what is wrong
     */
    static Job load(Path file, String container) {
        String what = "the restore Job template " + file;
        Object parsed;
        try (InputStream in = Files.newInputStream(file)) {
            parsed = SERIALIZATION.unmarshal(in);
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " cannot be read (" + e + ")", e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(what + " is not a Kubernetes manifest in YAML or JSON ("
                    + KubernetesApiFailure.rootCause(e).getMessage() + ")", e);
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

    /** The Job of one restore: the template with its name, labels, limits and the container's command. */
    Job job(List<String> argv, String requestId, String namespace, Duration timeout) {
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
        spec.setActiveDeadlineSeconds(Math.max(1, (timeout.toMillis() + 999) / 1000));
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
        all.put(KubernetesRestoreJob.MANAGED_BY_LABEL, KubernetesRestoreJob.MANAGED_BY);
        if (!requestId.isEmpty()) {
            all.put(KubernetesRestoreJob.REQUEST_ID_LABEL, requestId);
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
}
