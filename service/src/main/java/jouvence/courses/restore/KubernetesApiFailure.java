package jouvence.courses.restore;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.util.stream.Collectors;

/**
 * A Kubernetes API call that failed, in words an administrator can act on: what was refused, in RBAC's words, and the
 * permissions Jouvence's Role must grant. Never the client's credentials.
 */
final class KubernetesApiFailure {

    private final String namespace;

    KubernetesApiFailure(String namespace) {
        this.namespace = namespace;
    }

    /** "Kubernetes refused to create jobs in namespace x (HTTP 403 …)": what was refused, in RBAC's words. */
    String describe(String action, KubernetesClientException e) {
        Status status = e.getStatus();
        String detail = status != null && status.getMessage() != null ? status.getMessage() : rootCause(e).toString();
        return describe(action, e.getCode(), detail);
    }

    String describe(String action, int code, String detail) {
        String where = action + " in namespace " + namespace;
        return switch (code) {
            case 0 -> "the Kubernetes API could not be reached to " + where + " (" + detail + ")";
            case 401 -> "Kubernetes did not accept Jouvence's credentials to " + where + " (HTTP 401: " + detail + ")";
            case 403 -> "Kubernetes refused to " + where + " (HTTP 403: " + detail + "); Jouvence's service account "
                    + "needs the Role jouvence-restore-jobs of k8s/base/role.yaml: "
                    + KubernetesRestoreJob.PERMISSIONS.stream()
                    .map(p -> String.join(", ", p.verbs().stream().sorted().toList()) + " " + p.resource())
                    .collect(Collectors.joining("; "));
            default -> "Kubernetes could not " + where + " (HTTP " + code + ": " + detail + ")";
        };
    }

    /** The call failed because the calling thread was interrupted. */
    static boolean interrupted(KubernetesClientException e) {
        return Thread.currentThread().isInterrupted() || rootCause(e) instanceof InterruptedException;
    }

    static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
