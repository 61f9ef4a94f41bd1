package jouvence.folders.health;

import jouvence.folders.cloud.CloudFault;
import jouvence.folders.cloud.Dav;
import jouvence.folders.store.CloudHealthStore;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether the cloud answers the system account, probed on a timer (as the Moodles are) with one PROPFIND Depth 0 of
 * its files root: the health check and {@code jouvence_cloud_up} read the last result, so answering a probe of
 * Kubernetes never waits on the cloud. The reconciles' own verdict (the credentials refused: {@code cloud_health}, shared
 * by the replicas) is read with it; a probe that passes ends it, as the claim's own check does.
 */
public final class CloudProbe {

    /**
     * One probe's result.
     *
     * @param problem why it failed (the cloud's words, never a credential), null when it passed
     * @param markedDown why the reconciles hold the cloud down (the system account refused), null when they do not
     */
    public record Result(Instant at, boolean ok, String problem, String markedDown) {
        /** Up: the probe passed and no reconcile holds the cloud down. */
        public boolean up() {
            return ok && markedDown == null;
        }
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CloudProbe.class);

    private final Dav dav;
    private final CloudHealthStore health;
    private final Clock clock;
    private final AtomicReference<Result> last = new AtomicReference<>();

    public CloudProbe(Dav dav, CloudHealthStore health, Clock clock) {
        this.dav = dav;
        this.health = health;
        this.clock = clock;
    }

    /** Probes now; the result is kept for the health check and the gauge. */
    public Result probe() {
        String problem = null;
        try {
            dav.list("", Dav.Depth.ZERO);
        } catch (CloudFault f) {
            problem = f.kind() + ": " + f.getMessage();
        } catch (RuntimeException e) {
            problem = "the probe failed: " + e.getMessage();
        }
        String markedDown;
        try {
            if (problem == null && health.markUp()) { // as the claim's own check does: the reconciles go on
                LOG.info("the cloud accepts the system account again: folder sets are reconciled again");
            }
            markedDown = health.down().map(m -> m.isEmpty() ? "the system account was refused" : m).orElse(null);
        } catch (RuntimeException e) {
            markedDown = null; // the database's own check says so; the cloud's answer stands
        }
        Result r = new Result(clock.instant(), problem == null, problem, markedDown);
        last.set(r);
        return r;
    }

    /** The last result, empty before the first probe. */
    public Optional<Result> last() {
        return Optional.ofNullable(last.get());
    }
}
