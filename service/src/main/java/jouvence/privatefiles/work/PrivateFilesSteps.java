package jouvence.privatefiles.work;

import jouvence.JouvenceConfig;
import jouvence.mail.MailOutbox;
import jouvence.moodle.MoodleClient;
import jouvence.moodle.MoodleDownloadCall;
import jouvence.moodle.MoodleErrorAnswer;
import jouvence.moodle.MoodleException;
import jouvence.moodle.MoodleException.Kind;
import jouvence.privatefiles.PrivateFilesConfig;
import jouvence.privatefiles.PrivateFilesMails;
import jouvence.privatefiles.PrivateFilesRequest;
import jouvence.privatefiles.archive.PrivateZip;
import jouvence.privatefiles.archive.RefusedArchiveException;
import jouvence.privatefiles.archive.ZipContents;
import jouvence.privatefiles.archive.ZipStaging;
import jouvence.privatefiles.moodle.OldPlatform;
import jouvence.privatefiles.store.PrivateFilesClaims;
import jouvence.privatefiles.store.PrivateFilesClaims.Claim;
import jouvence.privatefiles.store.ServerStates;
import jouvence.courses.staging.Staging;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The stages of a claimed request, called by the routes of {@code routes.privatefiles}: ask the old platform for the
 * zip, stage and check it as it streams, put its files, and the outcome of any failure (retry, wait, error). The
 * staging copy is deleted at the end whatever happens.
 */
public class PrivateFilesSteps {

    private static final Logger LOG = LoggerFactory.getLogger(PrivateFilesSteps.class);
    public static final String CLAIM = "privateFilesClaim";
    static final String CONTENTS = "privateFilesContents";

    private final PrivateFilesConfig config;
    private final PrivateFilesClaims claims;
    private final OldPlatform old;
    private final MoodleDownloadCall downloads;
    private final Putter putter;
    private final Staging staging;
    private final ServerStates servers;
    private final PrivateFilesMails mails;
    private final MailOutbox outbox;
    private final MoodleClient integration;
    private final Duration sessionIdle;
    private final Clock clock;

    public PrivateFilesSteps(PrivateFilesConfig config, PrivateFilesClaims claims, OldPlatform old,
                             MoodleDownloadCall downloads, Putter putter, Staging staging, ServerStates servers,
                             PrivateFilesMails mails, MailOutbox outbox, MoodleClient integration, Duration sessionIdle,
                             Clock clock) {
        this.config = config;
        this.claims = claims;
        this.old = old;
        this.downloads = downloads;
        this.putter = putter;
        this.staging = staging;
        this.servers = servers;
        this.mails = mails;
        this.outbox = outbox;
        this.integration = integration;
        this.sessionIdle = sessionIdle;
        this.clock = clock;
    }

    public List<Claim> claimDue() {
        return claims.claimDue(config.lease(), config.batch(), clock.instant().minus(sessionIdle));
    }

    /** True when the claim took a full batch (claim again at once). */
    public boolean full(List<Claim> claimed) {
        return claimed.size() >= config.batch();
    }

    /** Exchange property: true when the zip is to be downloaded (false: nothing to copy, the request performed). */
    public static final String GO = "privateFilesGo";

    /** Asks for the zip; {@link #GO} false when there is nothing to copy (the request is then performed). */
    public void ask(Exchange exchange) throws MoodleException {
        exchange.setProperty(GO, false);
        Claim claim = exchange.getMessage().getBody(Claim.class);
        exchange.setProperty(CLAIM, claim);
        PrivateFilesRequest r = claim.request();
        claims.event(claim, "zip", "info", "asking " + r.serverId() + " for the private files of " + r.username());
        Optional<OldPlatform.ZipLocation> zip = old.zip(r.serverId(), r.username());
        servers.up(r.serverId());
        if (zip.isEmpty()) {
            String summary = "You have no private files on " + r.serverId() + ": nothing to copy.";
            claims.event(claim, "zip", "ok", summary);
            end(claim, PrivateFilesRequest.PERFORMED, summary, null);
            return;
        }
        downloads.request(exchange, old.blockSite(r.serverId()), OldPlatform.DOWNLOAD_PATH + zip.get().relativePath(),
                old.downloadForm(r.serverId()));
        exchange.setProperty(GO, true);
    }

    /** Streams the answer to the staging folder (at most max-bytes) and checks the zip. */
    public void stage(Exchange exchange) throws Exception {
        Claim claim = exchange.getProperty(CLAIM, Claim.class);
        Path zip = staging.dir(claim.id()).resolve("private-files.zip");
        try (MoodleClient.Download d = downloads.response(exchange)) {
            if (d.status() != 200 || d.contentType().startsWith("application/json") || d.contentLength() == 0) {
                byte[] head = d.body().readNBytes(2048);
                MoodleErrorAnswer e = MoodleErrorAnswer.read(head, 0, head.length);
                throw new MoodleException(claim.request().serverId(), e.isError() && e.field("errorcode") != null
                        ? e.field("errorcode") : "http-" + d.status(), Kind.TRANSIENT, claim.request().serverId()
                        + ": the private files' zip could not be downloaded (HTTP " + d.status() + ", "
                        + (e.isError() ? e.field("error") : head.length == 0 ? "empty answer" : "not a zip") + ")");
            }
            long size = ZipStaging.write(d.body(), zip, config.maxBytes());
            ZipContents contents = PrivateZip.check(zip, config.maxBytes());
            exchange.setProperty(CONTENTS, contents);
            claims.event(claim, "stage", "ok", "zip of " + size + " bytes: " + contents.files().size() + " files, "
                    + contents.folders().size() + " folders, " + contents.totalBytes() + " bytes unpacked");
        }
    }

    /**
     * Puts the files with the person's token, taken from this replica's memory; without it (session ended, logged out,
     * replica restarted) the request waits for their next login.
     */
    public void put(Exchange exchange) throws Exception {
        Claim claim = exchange.getProperty(CLAIM, Claim.class);
        ZipContents contents = exchange.getProperty(CONTENTS, ZipContents.class);
        try {
            Optional<String> token = claims.personToken(claim, clock.instant().minus(sessionIdle));
            if (token.isEmpty()) {
                waitForLogin(claim);
                return;
            }
            Path dir = staging.dir(claim.id());
            putter.put(claim, token.get(), dir.resolve("private-files.zip"), contents, dir);
            List<String[]> items = claims.items(claim.id());
            String summary = Summary.of(items, contents.emptyFolders());
            claims.event(claim, "put", Summary.quotaHit(items) ? "warning" : "ok", summary);
            end(claim, PrivateFilesRequest.PERFORMED, summary, null);
        } finally {
            staging.delete(claim.id());
        }
    }

    private void waitForLogin(Claim claim) {
        String why = "your session on Jouvence ended before your files could be put: log in again to finish";
        claims.event(claim, "put", "waiting", why);
        claims.waitForLogin(claim, why, clock.instant().minus(sessionIdle));
    }

    /** Any failure of a stage: retried, waiting, or the request's end in error. */
    public void failed(Exchange exchange) {
        Claim claim = exchange.getProperty(CLAIM, Claim.class);
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (claim == null) {
            LOG.warn("private files: a failure without a claim: {}", String.valueOf(e));
            return;
        }
        try {
            outcome(claim, e);
        } catch (PrivateFilesClaims.ClaimLostException lost) {
            LOG.info("private files: request {}: claim lost, another replica has it", claim.id());
        } finally {
            staging.delete(claim.id());
        }
    }

    private void outcome(Claim claim, Exception e) {
        if (e instanceof PrivateFilesClaims.ClaimLostException) {
            return;
        }
        PrivateFilesRequest r = claim.request();
        if (e instanceof RefusedArchiveException) {
            claims.event(claim, "stage", "error", e.getMessage());
            end(claim, PrivateFilesRequest.ERROR, e.getMessage(), e.getMessage());
            return;
        }
        if (e instanceof MoodleException m && JouvenceConfig.CLIENT_ID.equals(m.siteId())
                && "invalidtoken".equals(m.code())) {
            waitForLogin(claim);
            return;
        }
        if (e instanceof MoodleException m && m.kind() == Kind.SITE_FAULT) {
            claims.event(claim, "zip", "waiting", m.getMessage());
            if (!JouvenceConfig.CLIENT_ID.equals(m.siteId()) && servers.down(r.serverId(), m.getMessage())) {
                mails.serverDown(r.serverId(), m.getMessage()).forEach(outbox::enqueue);
            }
            claims.retryLater(claim, m.getMessage(), config.retry().base(), false);
            return;
        }
        if (e instanceof MoodleException m && m.kind() == Kind.PERMANENT) {
            String why = "invalidparameter".equals(m.code()) && !JouvenceConfig.CLIENT_ID.equals(m.siteId())
                    ? "You have no account named " + r.username() + " on " + r.serverId() + " (" + m.getMessage() + ")."
                    : m.getMessage();
            claims.event(claim, "work", "error", why);
            end(claim, PrivateFilesRequest.ERROR, why, why);
            return;
        }
        String message = e == null ? "unknown failure" : e instanceof MoodleException ? e.getMessage()
                : e.getClass().getSimpleName() + ": " + e.getMessage();
        Optional<Duration> delay = config.retry().delayAfter(r.attempts() + 1);
        if (delay.isPresent()) {
            claims.event(claim, "work", "retry", message + " (retried in " + delay.get() + ")");
            claims.retryLater(claim, message, delay.get(), true);
        } else {
            claims.event(claim, "work", "error", message + " (attempts spent)");
            end(claim, PrivateFilesRequest.ERROR, message, message);
        }
    }

    private void end(Claim claim, int state, String summary, String error) {
        PrivateFilesRequest r = claims.finish(claim, state, summary, error);
        String email = emailOf(r.username());
        if (email == null) {
            claims.eventAfter(r.id(), "mail", "info", "no e-mail address known for " + r.username() + ": not mailed");
            return;
        }
        outbox.enqueue(mails.toPerson(email, r.lang(), old.siteName(r.serverId()),
                state == PrivateFilesRequest.PERFORMED, summary));
    }

    private String emailOf(String username) {
        try {
            var users = integration.call("core_user_get_users_by_field", Map.of("field", "username",
                    "values[0]", username));
            String email = users.path(0).path("email").asText("");
            return email.isBlank() ? null : email;
        } catch (MoodleException | RuntimeException e) {
            return null;
        }
    }

    /** The staging folder of this capability. */
    public static Path stagingRoot(Path stagingDir) {
        return stagingDir.resolve("private-files");
    }

}
