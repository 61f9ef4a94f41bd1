package jouvence.courses.pipeline;

import jouvence.JouvenceConfig;
import jouvence.courses.RestoreRequest;
import jouvence.courses.queue.Claim;
import jouvence.courses.queue.ClaimLostException;
import jouvence.courses.queue.RequestClaims;
import jouvence.courses.queue.RequestRepository;
import jouvence.courses.restore.RestoreFailedException;
import jouvence.courses.restore.RunnerReport;
import jouvence.courses.staging.InvalidArchiveException;
import jouvence.db.DatabaseFaults;
import jouvence.mail.Mail;
import jouvence.mail.Mails;
import jouvence.moodle.MoodleException;
import jouvence.moodle.MoodleSites.ClientUser;
import jouvence.moodle.MoodleSites;
import jouvence.moodle.SiteHealth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where every request ends: performed, failed for good, or queued again, always persisted, never left in progress;
 * and the mails that go with it. When the database itself does not answer, nothing is written: the lease sweep takes
 * the request back. A worker that lost its claim ends quietly: an event and a log line, no mail, the row
 * left to its new owner.
 */
public class Outcomes {

    private static final Logger LOG = LoggerFactory.getLogger(Outcomes.class);

    /** How a failure is handled. */
    public enum Verdict { FAIL, RETRY, SITE_DOWN }

    /** A failure, classified. */
    public record Classified(Verdict verdict, String code, String message, String siteId) {
    }

    private final JouvenceConfig config;
    private final RequestRepository requests;
    private final RequestClaims claims;
    private final MoodleSites sites;
    private final SiteHealth health;
    private final RetryPolicy retry;
    private final Mails mails;
    private final Clock clock;
    private final Claimer claimer;

    public Outcomes(JouvenceConfig config, RequestRepository requests, MoodleSites sites, SiteHealth health,
                    RetryPolicy retry, Mails mails, Claimer claimer, Clock clock) {
        this.config = config;
        this.requests = requests;
        this.claims = requests.claims();
        this.sites = sites;
        this.health = health;
        this.retry = retry;
        this.mails = mails;
        this.clock = clock;
        this.claimer = claimer;
    }

    /** Classifies a failure of {@code step}; plain Java, unit-tested. */
    public static Classified classify(String step, Throwable e) {
        if ("restore".equals(step) && !(e instanceof RestoreFailedException)) {
            // The restore command ran or may have run: a retry could create a second course.
            return new Classified(Verdict.FAIL, "interrupted", RequestRepository.INTERRUPTED_MESSAGE + " (" + e + ")", null);
        }
        if (e instanceof MoodleException m) {
            return switch (m.kind()) {
                case SITE_FAULT -> new Classified(Verdict.SITE_DOWN, m.code(), m.getMessage(), m.siteId());
                case TRANSIENT -> new Classified(Verdict.RETRY, m.code(), m.getMessage(), m.siteId());
                case PERMANENT -> new Classified(Verdict.FAIL, m.code(), m.getMessage(), m.siteId());
            };
        }
        if (e instanceof InvalidArchiveException a && InvalidArchiveException.EMPTY.equals(a.code())) {
            // The stored backup is gone (another backup in the same place, an admin): the next attempt makes another.
            return new Classified(Verdict.RETRY, a.code(), "the backup file was gone from the course server before its "
                    + "download: " + a.getMessage(), null);
        }
        if (e instanceof InvalidArchiveException a) {
            return new Classified(Verdict.FAIL, a.code(), "the downloaded file is not a usable Moodle backup: "
                    + a.getMessage(), null);
        }
        if (e instanceof RestoreFailedException f) {
            return new Classified(Verdict.FAIL, f.code(), f.getMessage(), null);
        }
        return new Classified(Verdict.RETRY, e.getClass().getSimpleName(), String.valueOf(e.getMessage()), null);
    }

    /**
     * Persists the failure of a claimed request and returns the mails to send. The server's gate, when the request
     * still holds it, is let go only once the outcome is written ({@code claimer.finished}): a server found down is
     * marked down before another claim can take its next request.
     */
    public List<Mail> failed(Work work, Throwable e) {
        List<Mail> out = new ArrayList<>();
        try {
            if (lostClaim(e)) {
                claimLost(work);
            } else if (DatabaseFaults.unreachable(e)) {
                leftToSweep(work, e);
            } else {
                persistFailure(work, e, out);
            }
        } catch (ClaimLostException lost) {
            claimLost(work); // found while persisting the failure: only a site's alert may have been added
        } catch (RuntimeException writeFailed) {
            if (!DatabaseFaults.unreachable(writeFailed)) {
                throw writeFailed;
            }
            out.clear(); // no outcome written: nothing to tell yet
            leftToSweep(work, writeFailed);
        } finally {
            claimer.finished(work);
        }
        return out;
    }

    private static boolean lostClaim(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ClaimLostException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The database did not answer: nothing can be written, and a guess would be wrong (a restore that ended is not
     * partial). The worker stops; its lease is no longer renewed, and once it has run out the sweep takes the request
     * back as after a crash: queued again, or, during a restore, resumed at the finish from what the restore left.
     */
    private void leftToSweep(Work work, Throwable e) {
        LOG.warn("request {}: the database did not answer during {} ({}): nothing written; the lease sweep takes the "
                + "request back once its lease ({}) has run out", work.claim().id(), work.step(), e.getMessage(),
                config.lease());
    }

    /** The request was swept (and maybe claimed again, here too): the row is its new owner's now. */
    private void claimLost(Work work) {
        Claim claim = work.claim();
        requests.event(claim.id(), work.step(), "info", null, "claim lost: " + requests.instance() + " stopped its "
                + "worker (claim version " + claim.version() + "); the request is in other hands");
        LOG.warn("request {}: claim lost during {} (version {}): this worker stops, nothing written", claim.id(),
                work.step(), claim.version());
    }

    private void persistFailure(Work work, Throwable e, List<Mail> out) {
        String step = work.step();
        Classified c = classify(step, e);
        Claim claim = work.claim();
        RestoreRequest r = work.request();
        switch (c.verdict()) {
            case SITE_DOWN -> {
                // Down first: whoever sees the request waiting sees its site down, and no claim takes the site's
                // next request in between.
                boolean flipped = health.markDown(c.siteId(), c.code(), c.message());
                if (flipped) {
                    out.addAll(mails.siteDown(c.siteId(), c.message())); // the site's alert, not the request's
                }
                r = claims.retryLater(claim, step, c.code(), c.message(), Duration.ZERO, false);
                requests.event(r.id(), step, "waiting", work.elapsed(), c.message());
                LOG.warn("request {} waits: {}", r.id(), c.message());
            }
            case RETRY -> {
                int failures = r.attempts(); // this claim's attempt included
                Optional<Duration> delay = retry.delayAfter(failures);
                if (delay.isPresent()) {
                    r = claims.retryLater(claim, step, c.code(), c.message(), delay.get(), true);
                    requests.event(r.id(), step, "retry", work.elapsed(), c.message() + "; attempt " + failures
                            + " of " + retry.maxAttempts() + ", next in " + delay.get());
                    LOG.warn("request {} will be retried in {}: {}", r.id(), delay.get(), c.message());
                } else {
                    r = claims.failed(claim, step, c.code(), "gave up after " + failures + " attempts: "
                            + c.message());
                    out.addAll(failureMails(r, step, work));
                }
            }
            case FAIL -> {
                r = claims.failed(claim, step, c.code(), c.message());
                out.addAll(failureMails(r, step, work));
            }
        }
    }

    private List<Mail> failureMails(RestoreRequest r, String step, Work work) {
        requests.event(r.id(), step, "error", work.elapsed(), r.lastErrorMessage());
        LOG.error("request {} failed at {}: {}", r.id(), step, r.lastErrorMessage());
        return failureMails(r);
    }

    /** Failure mails for a request already marked error (also used by the sweep). */
    public List<Mail> failureMails(RestoreRequest r) {
        return mails.failure(r, requesterEmail(r), serverLabel(r));
    }

    public List<Mail> successMails(RestoreRequest r) {
        return successMails(r, null);
    }

    /** @param runner what the restore runner said (it gives the requester's address: no call for it), or null */
    private List<Mail> successMails(RestoreRequest r, RunnerReport runner) {
        String email = runner != null && runner.email() != null ? runner.email() : requesterEmail(r);
        return mails.success(r, email, sites.courseUrl(r.restoredCourseId()), serverLabel(r));
    }

    /** The digest of the requests that failed in the last 24 hours. */
    public List<Mail> digestMails() {
        return mails.digest(requests.failedSince(clock.instant().minus(Duration.ofDays(1))));
    }

    /** Alerts for the sites a probe found newly unusable (the replica whose probe flipped the state sends them). */
    public List<Mail> siteDownMails(List<SiteHealth.Probe> probes) {
        List<Mail> out = new ArrayList<>();
        probes.stream().filter(SiteHealth.Probe::wentDown).forEach(p -> out.addAll(mails.siteDown(p.siteId(), p.problem())));
        return out;
    }

    private String serverLabel(RestoreRequest r) {
        return mails.serverLabel(r.serverId(), config.servers().containsKey(r.serverId())
                ? config.servers().get(r.serverId()).url() : "?");
    }

    /**
     * The requester's address on the new platform, or null when unknown (the admins are told) or when no mail is
     * sent at all (no call for nothing).
     */
    private String requesterEmail(RestoreRequest r) {
        if (r.requester() == null || !config.mail().enabled()) {
            return null;
        }
        try {
            return sites.clientUser(r.requester()).map(ClientUser::email).filter(m -> m.contains("@")).orElse(null);
        } catch (MoodleException e) {
            LOG.warn("request {}: cannot look up the requester's address: {}", r.id(), e.getMessage());
            return null;
        }
    }

    /** A performed request leaves this instance. */
    public List<Mail> performed(Work work) {
        claimer.finished(work);
        return successMails(work.request(), work.runner());
    }
}
