package jouvence.courses.restore;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The pod of an ended restore Job: its log streamed into the restore's output, and how its restore container ended.
 * The log is read with a plain GET ({@code pods/log}): the client's typed log call first waits on the pod with a watch.
 */
final class RestoreJobLog {

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesRestoreJob.class); // the driver's log lines
    /** Set by the Job controller on the pods of a Job. */
    static final String JOB_NAME_LABEL = "job-name";
    /** Longest wait for the pod log's response headers. */
    private static final Duration LOG_REQUEST_TIMEOUT = Duration.ofMinutes(1);
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final KubernetesClient client;
    private final String namespace;
    private final String container;
    private final KubernetesApiFailure api;

    RestoreJobLog(KubernetesClient client, String namespace, String container) {
        this.client = client;
        this.namespace = namespace;
        this.container = container;
        this.api = new KubernetesApiFailure(namespace);
    }

    /**
     * Streams the log of the Job's pod (the newest, should the Job have several) into the output; a log that cannot
     * be read is noted in the output, never thrown. Returns the pod, or null when the Job has none.
     */
    Pod read(String job, RestoreOutput output, OutputStream log, Path outputLog) {
        Pod pod;
        try {
            pod = client.pods().inNamespace(namespace).withLabel(JOB_NAME_LABEL, job).list().getItems().stream()
                    .max(Comparator.comparing(p -> Objects.toString(p.getMetadata().getCreationTimestamp(), "")))
                    .orElse(null);
        } catch (KubernetesClientException e) {
            output.unreadable(api.describe("list pods", e));
            return null;
        }
        if (pod == null) {
            output.unreadable("the Job has no pod");
            return null;
        }
        copy(job, pod.getMetadata().getName(), output, log, outputLog);
        return pod;
    }

    private void copy(String job, String podName, RestoreOutput output, OutputStream log, Path outputLog) {
        HttpClient http = client.getHttpClient();
        String base = client.getMasterUrl().toString();
        String url = (base.endsWith("/") ? base : base + "/") + "api/v1/namespaces/" + namespace + "/pods/" + podName
                + "/log?container=" + container;
        try {
            HttpResponse<InputStream> response = http.sendAsync(http.newHttpRequestBuilder().uri(url).build(),
                    InputStream.class).get(LOG_REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            try (InputStream body = response.body()) {
                if (!response.isSuccessful()) {
                    output.unreadable(api.describe("get pods/log", response.code(), statusMessage(body)));
                } else {
                    output.copy(body, log, outputLog);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            output.unreadable("interrupted while reading the log of pod " + podName);
        } catch (IOException | ExecutionException | TimeoutException e) {
            LOG.warn("restore Job {}: the log of pod {} could not be read to its end: {}", job, podName,
                    KubernetesApiFailure.rootCause(e).toString());
            output.unreadable("the log of pod " + podName + " could not be read: " + KubernetesApiFailure.rootCause(e));
        }
    }

    /** The exit code of the restore container, when it ended by itself. */
    Integer exitCode(Pod pod) {
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
}
