package simulator.cloud;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What tests inject into a simulated cloud: failing and stalled requests, latency, refused credentials, locked nodes,
 * sharing switched off or refused by policy, clamped share permissions. Thread-safe (own monitor).
 */
final class CloudFaults {

    private record Failure(String method, int status) {
    }

    private final Deque<Failure> failures = new ArrayDeque<>();
    private int stallsLeft;
    private Duration stall = Duration.ZERO;
    private long epoch;
    private Duration latency = Duration.ZERO;
    private boolean refuseAll;
    private final Set<String> refusedUsers = new HashSet<>();
    private final Set<Long> lockedNodes = new HashSet<>();
    private boolean sharingDisabled;
    private final Map<String, String> refusedRecipients = new HashMap<>();
    private int maxSharePermissions = 31;

    synchronized void clear() {
        failures.clear();
        stallsLeft = 0;
        stall = Duration.ZERO;
        epoch++;
        notifyAll();
        latency = Duration.ZERO;
        refuseAll = false;
        refusedUsers.clear();
        lockedNodes.clear();
        sharingDisabled = false;
        refusedRecipients.clear();
        maxSharePermissions = 31;
    }

    synchronized void failNext(String method, int n, int status) {
        for (int i = 0; i < n; i++) {
            failures.add(new Failure(method, status));
        }
    }

    /** The status this request must fail with, or null; counts the failure down. */
    synchronized Integer takeFailure(String method) {
        for (var it = failures.iterator(); it.hasNext(); ) {
            Failure f = it.next();
            if (f.method() == null || f.method().equalsIgnoreCase(method)) {
                it.remove();
                return f.status();
            }
        }
        return null;
    }

    synchronized void stallNext(int n, Duration each) {
        stallsLeft = n;
        stall = each;
    }

    /** Holds a stalled request for its duration (or until the faults are cleared), then lets it be answered. */
    void maybeStall() {
        Duration d;
        long myEpoch;
        synchronized (this) {
            if (stallsLeft <= 0) {
                return;
            }
            stallsLeft--;
            d = stall;
            myEpoch = epoch;
        }
        long until = System.nanoTime() + d.toNanos();
        synchronized (this) {
            long left;
            while (epoch == myEpoch && (left = until - System.nanoTime()) > 0) {
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    synchronized void latency(Duration d) {
        latency = d == null ? Duration.ZERO : d;
    }

    synchronized Duration latency() {
        return latency;
    }

    synchronized void refuseCredentials(String user, boolean refuse) {
        if (user == null) {
            refuseAll = refuse;
        } else if (refuse) {
            refusedUsers.add(user);
        } else {
            refusedUsers.remove(user);
        }
    }

    synchronized boolean credentialsRefused(String user) {
        return refuseAll || refusedUsers.contains(user);
    }

    synchronized void lock(long fileId, boolean locked) {
        if (locked) {
            lockedNodes.add(fileId);
        } else {
            lockedNodes.remove(fileId);
        }
    }

    synchronized boolean locked(Node n) {
        return n != null && lockedNodes.contains(n.id);
    }

    synchronized void sharingDisabled(boolean disabled) {
        sharingDisabled = disabled;
    }

    synchronized boolean sharingDisabled() {
        return sharingDisabled;
    }

    synchronized void refuseSharesWith(String recipient, String message) {
        if (message == null) {
            refusedRecipients.remove(recipient);
        } else {
            refusedRecipients.put(recipient, message);
        }
    }

    synchronized String shareRefusal(String recipient) {
        return refusedRecipients.get(recipient);
    }

    synchronized void maxSharePermissions(int mask) {
        maxSharePermissions = mask;
    }

    synchronized int maxSharePermissions() {
        return maxSharePermissions;
    }
}
