package jouvence.folders.reconcile;

import jouvence.Props;
import jouvence.courses.pipeline.RetryPolicy;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * How folder sets are reconciled (jouvence.folders.on-leave, .identity, .claim.*, .retry.*), typed and checked at
 * start-up; documented in application.properties. The cloud's own settings are {@code jouvence.folders.FoldersConfig}.
 *
 * @param lease how long a claimed set is held before another replica may take it (its reconcile must end sooner)
 * @param batch the most sets one claim takes (the next claim follows at once when it took that many)
 * @param retry back-off of transient faults (the cloud unreachable, 5xx, time-outs; the new platform likewise)
 * @param shareMode   every member shared at reconcile, or only those who asked on the participants' page
 * @param parallelism how many shares of a reconcile are created at once (jouvence.folders.parallelism): a course of
 *                    thousands of participants costs one call per share, and a call's wait is the cloud's latency
 */
public record ReconcileSettings(OnLeave onLeave, Identity identity, Duration lease, int batch, RetryPolicy retry,
                                ShareMode shareMode, int parallelism) {

    public ReconcileSettings {
        if (lease.compareTo(Duration.ofSeconds(10)) < 0) {
            throw new IllegalArgumentException("jouvence.folders.claim.lease must be at least 10s, not " + lease);
        }
        if (batch < 1) {
            throw new IllegalArgumentException("jouvence.folders.claim.batch must be at least 1, not " + batch);
        }
        if (parallelism < 1 || parallelism > 32) {
            throw new IllegalArgumentException("jouvence.folders.parallelism must be between 1 and 32, not "
                    + parallelism);
        }
    }

    public static ReconcileSettings from(Function<String, Optional<String>> lookup) {
        Props p = new Props(lookup);
        int attempts = p.integer("jouvence.folders.retry.max-attempts");
        if (attempts < 1) {
            throw new IllegalArgumentException("jouvence.folders.retry.max-attempts must be at least 1");
        }
        return new ReconcileSettings(OnLeave.of(p.get("jouvence.folders.on-leave")),
                Identity.of(p.get("jouvence.folders.identity")), p.duration("jouvence.folders.claim.lease"),
                p.integer("jouvence.folders.claim.batch"), new RetryPolicy(attempts,
                p.duration("jouvence.folders.retry.base-delay"), p.duration("jouvence.folders.retry.max-delay")),
                ShareMode.of(p.get("jouvence.folders.share-mode")), p.integer("jouvence.folders.parallelism"));
    }
}
