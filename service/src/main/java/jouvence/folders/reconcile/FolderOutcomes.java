package jouvence.folders.reconcile;

import jouvence.folders.FolderSet;
import jouvence.folders.cloud.CloudFault;
import jouvence.folders.moodle.FolderSetInputException;
import jouvence.folders.store.CloudHealthStore;
import jouvence.folders.store.FolderClaim;
import jouvence.folders.store.FolderClaimLostException;
import jouvence.folders.store.FolderSetClaims;
import jouvence.mail.Mail;
import jouvence.mail.Mails;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a failed reconcile comes to, as the restores' failures do: the system account's credentials refused → the
 * cloud marked down (the admins mailed once, by the replica that flips it), the set waits without spending an
 * attempt; anything transient (the cloud or the new platform unreachable, 5xx, time-outs) → retried with back-off,
 * failed once the attempts are spent; the course or grouping gone from the new platform → failed at once.
 */
public class FolderOutcomes {

    private static final Logger LOG = LoggerFactory.getLogger(FolderOutcomes.class);

    private final FolderSetClaims claims;
    private final CloudHealthStore health;
    private final ReconcileSettings settings;
    private final Mails mails;

    public FolderOutcomes(FolderSetClaims claims, CloudHealthStore health, ReconcileSettings settings, Mails mails) {
        this.claims = claims;
        this.health = health;
        this.settings = settings;
        this.mails = mails;
    }

    /** Records the failure on the set; returns the mails to send (the cloud-down alert, once per outage). */
    public List<Mail> failed(FolderClaim claim, Exception e) {
        try {
            return record(claim, e);
        } catch (FolderClaimLostException lost) {
            LOG.info("folder set {}: {}", claim.id(), lost.getMessage());
            return List.of();
        }
    }

    private List<Mail> record(FolderClaim claim, Exception e) {
        if (e instanceof FolderClaimLostException) {
            LOG.info("folder set {}: {}", claim.id(), e.getMessage());
            return List.of();
        }
        if (e instanceof CloudFault f && f.kind() == CloudFault.Kind.CLOUD_DOWN) {
            boolean flipped = health.markDown(f.getMessage());
            Duration wait = settings.retry().base();
            claims.event(claim, "reconcile", "waiting", "the cloud refuses the system account: " + f.getMessage()
                    + "; waiting, no attempt spent");
            claims.retryLater(claim, f.getMessage(), wait, false);
            if (flipped) {
                LOG.warn("the cloud refuses the system account: folder sets wait until it accepts it again ({})",
                        f.getMessage());
                return mails.cloudDown(f.getMessage());
            }
            return List.of();
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof FolderSetInputException) {
            claims.event(claim, "reconcile", "error", message);
            claims.fail(claim, message);
            return List.of();
        }
        if (!(e instanceof CloudFault) && !(e instanceof jouvence.moodle.MoodleException)) {
            LOG.warn("folder set {}: reconcile failed", claim.id(), e); // not foreseen: with its stack trace
        }
        Optional<Duration> delay = settings.retry().delayAfter(claim.set().attempts() + 1);
        if (delay.isEmpty()) {
            claims.event(claim, "reconcile", "error", message + " (attempt " + (claim.set().attempts() + 1)
                    + ", the last)");
            FolderSet failed = claims.fail(claim, message);
            LOG.warn("folder set {} failed after {} attempts: {}", failed.id(), failed.attempts(), message);
            return List.of();
        }
        claims.event(claim, "reconcile", "retry", message + "; tried again in " + delay.get());
        claims.retryLater(claim, message, delay.get(), true);
        return List.of();
    }
}
