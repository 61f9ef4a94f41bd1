package jouvence.userdata;

import jouvence.mail.Mail;
import jouvence.mail.Mails;
import jouvence.moodle.MoodleException;
import jouvence.moodle.SiteHealth;
import jouvence.userdata.moodle.UserDataException;
import jouvence.userdata.store.UserDataClaims;
import jouvence.userdata.store.UserDataClaims.Claim;
import jouvence.userdata.store.UserDataRepository;
import org.apache.camel.CamelExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * What a failed import becomes, with jouvence.moodle's classification: a user missing on either side, an auth
 * mismatch or a permanent refusal → error; a site fault (bad token, function missing from the service) → waiting
 * without spending an attempt, the admins told once per outage (the health row {@code <site>:user-data}, apart from the
 * site's own: restores go on); a transient fault (unreachable, time-out, 5xx)
 * → retried with back-off, then error. Nothing stays "in progress": any other exception is an error in words.
 * The admins' digest of errors is {@link #digest()}: one mail per run of the claim, not one per person.
 */
public final class UserDataOutcomes {

    private static final Logger LOG = LoggerFactory.getLogger(UserDataOutcomes.class);

    private final UserDataConfig config;
    private final UserDataRepository repository;
    private final SiteHealth health;
    private final Mails mails;

    public UserDataOutcomes(UserDataConfig config, UserDataRepository repository, SiteHealth health, Mails mails) {
        this.config = config;
        this.repository = repository;
        this.health = health;
        this.mails = mails;
    }

    /** The health row of the site a failure came from. */
    static String healthId(MoodleException e) {
        return e.siteId() + ":user-data"; // never the site's own row: restores go on with their token
    }

    /** @return the mails to queue (the admins' site-down alert, once per outage) */
    public List<Mail> failed(Claim claim, Throwable thrown) {
        Throwable e = thrown;
        while (e instanceof CamelExecutionException || e instanceof org.apache.camel.RuntimeCamelException) {
            if (e.getCause() == null) {
                break;
            }
            e = e.getCause();
        }
        List<Mail> out = new ArrayList<>();
        UserDataClaims claims = repository.claims();
        try {
            if (e instanceof UserDataException u) {
                claims.fail(claim, u.getMessage(), List.of());
                claims.event(claim, "outcome", "error", u.getMessage());
            } else if (e instanceof MoodleException m) {
                switch (m.kind()) {
                    case SITE_FAULT -> {
                        if (health.markDown(healthId(m), m.code(), m.getMessage())) {
                            out.addAll(mails.siteDown(healthId(m), m.getMessage()));
                        }
                        claims.retryLater(claim, m.getMessage(), config.retryMaxDelay(), false);
                        claims.event(claim, "outcome", "waiting", m.getMessage() + "; tried again in "
                                + config.retryMaxDelay() + ", no attempt spent");
                    }
                    case TRANSIENT -> {
                        int attempts = claim.row().attempts() + 1;
                        if (attempts < config.maxAttempts()) {
                            claims.retryLater(claim, m.getMessage(), config.delayAfter(attempts), true);
                            claims.event(claim, "outcome", "retry", m.getMessage() + "; attempt " + attempts + " of "
                                    + config.maxAttempts() + ", next in " + config.delayAfter(attempts));
                        } else {
                            claims.fail(claim, "gave up after " + attempts + " attempts: " + m.getMessage(), List.of());
                            claims.event(claim, "outcome", "error", m.getMessage());
                        }
                    }
                    default -> {
                        claims.fail(claim, m.getMessage(), List.of());
                        claims.event(claim, "outcome", "error", m.getMessage());
                    }
                }
            } else {
                String message = "unexpected failure: " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage());
                LOG.warn("user-data import {}: {}", claim.id(), message, e);
                claims.fail(claim, message, List.of());
                claims.event(claim, "outcome", "error", message);
            }
        } catch (UserDataClaims.ClaimLostException lost) {
            LOG.warn("user-data import {}: claim lost, nothing written", claim.id());
        }
        return out;
    }

    /** A success from a site ends its outage (the next fault is told again). */
    public void siteAnswered(Claim claim) {
        health.markUp(claim.row().server() + ":user-data");
        health.markUp(jouvence.JouvenceConfig.CLIENT_ID + ":user-data");
    }

    /** The admins' digest of the errors no digest told yet: one mail each, or none. */
    public List<Mail> digest() {
        List<UserDataImport> errors = repository.takeUnmailedErrors();
        if (errors.isEmpty()) {
            return List.of();
        }
        List<String> lines = errors.stream().map(i -> "#" + i.id() + " " + i.username() + " (" + i.server() + "): "
                + i.lastError()).toList();
        return mails.userDataErrors(lines);
    }
}
