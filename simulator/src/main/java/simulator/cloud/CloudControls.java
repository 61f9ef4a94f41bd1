package simulator.cloud;

import java.time.Duration;

/**
 * The injected faults of a simulated cloud.
 * {@link CloudSimulator} extends it (as the Moodle simulator extends {@code SiteControls}); these public methods are
 * part of its API.
 */
abstract class CloudControls {

    final CloudState state;
    final CloudFaults faults = new CloudFaults();

    CloudControls(CloudState state) {
        this.state = state;
    }

    /** The file id at {@code path} as the user sees it, or null ({@link CloudSimulator#fileId}). */
    abstract Long fileId(String user, String path);

    // ------------------------------------------------------------------ faults

    /** The next {@code n} requests (any method) get HTTP {@code status} from the web server in front, unprocessed. */
    public void failNextRequests(int n, int status) {
        faults.failNext(null, n, status);
    }

    /** The next {@code n} requests with this method get HTTP {@code status}, unprocessed. */
    public void failNextRequests(String method, int n, int status) {
        faults.failNext(method, n, status);
    }

    /** The next {@code n} requests are held {@code each} before being answered (a client's time-out fires first). */
    public void stallNextRequests(int n, Duration each) {
        faults.stallNext(n, each);
    }

    /** Time every request waits before being answered (benchmarks: 5 ms). */
    public void latency(Duration perCall) {
        faults.latency(perCall);
    }

    /** The user's app passwords and tokens are refused (401) while {@code refused}; null user: everyone's. */
    public void refuseCredentials(String user, boolean refused) {
        faults.refuseCredentials(user, refused);
    }

    /** Locks (423) or unlocks the node at {@code path} of the user's storage; the lock follows the node. */
    public void lock(String user, String path, boolean locked) {
        Long id = fileId(user, path);
        if (id == null) {
            throw new IllegalArgumentException("no " + path + " for " + user);
        }
        faults.lock(id, locked);
    }

    /** The share API switched off by the admin ({@code shareapi_enabled=no}). */
    public void disableSharing(boolean disabled) {
        faults.sharingDisabled(disabled);
    }

    /**
     * Shares with this recipient are refused by policy (403) with {@code message}, or the flavour's "only share with
     * group members" message when empty; null lifts the refusal.
     */
    public void refuseSharesWith(String recipient, String message) {
        faults.refuseSharesWith(recipient, message);
    }

    /** Permissions the server grants at most (e.g. 15 when resharing is off); the answer shows the clamped value. */
    public void maxSharePermissions(int mask) {
        faults.maxSharePermissions(mask);
    }

    /** Clears every fault; data, users, tokens and recorded calls are kept. */
    public void clearFaults() {
        faults.clear();
    }
}
