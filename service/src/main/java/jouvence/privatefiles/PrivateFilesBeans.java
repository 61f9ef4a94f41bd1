package jouvence.privatefiles;

import jouvence.JouvenceConfig;
import jouvence.courses.staging.Staging;
import jouvence.mail.MailOutbox;
import jouvence.moodle.CamelHttpTransport;
import jouvence.moodle.MoodleDownloadCall;
import jouvence.moodle.MoodleSites;
import jouvence.privatefiles.api.PrivateFilesApi;
import jouvence.privatefiles.moodle.NewPlatform;
import jouvence.privatefiles.moodle.OldPlatform;
import jouvence.privatefiles.store.PrivateFilesClaims;
import jouvence.privatefiles.store.PrivateFilesRepository;
import jouvence.privatefiles.store.ServerStates;
import jouvence.privatefiles.work.PrivateFilesSteps;
import jouvence.privatefiles.work.Putter;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;

/** Wires the private files (issue 14): service, API, the claimed requests' steps, the page; called by JouvenceBeans. */
public final class PrivateFilesBeans {

    /** The claim looks at the queue now (a new request, a login resuming one). */
    public static final String CLAIM_AGAIN = "seda:privateFilesClaimAgain?size=1&discardWhenFull=true"
            + "&waitForTaskToComplete=Never";

    private PrivateFilesBeans() {
    }

    /** Binds everything; returns the service (its page needs it), or null when the capability is off. */
    public static PrivateFilesService bind(CamelContext context, JouvenceConfig config, DataSource db,
                                           MoodleSites sites, CamelHttpTransport http, MoodleDownloadCall downloads,
                                           MailOutbox outbox, Duration sessionIdle, Clock clock,
                                           jouvence.web.PersonTokens tokens) throws Exception {
        Registry registry = context.getRegistry();
        PrivateFilesConfig pf = config.privateFiles();
        if (!pf.enabled()) {
            registry.bind("privateFilesApi", new PrivateFilesApi(null));
            return null;
        }
        PrivateFilesRepository repository = new PrivateFilesRepository(db, config.instanceId());
        PrivateFilesClaims claims = new PrivateFilesClaims(repository, tokens);
        OldPlatform old = new OldPlatform(config::site, pf, config.userData().serverTokens(), http,
                config.callTimeout());
        PrivateFilesService service = new PrivateFilesService(true,
                pf.servers(new ArrayList<>(config.servers().keySet())), repository, claims, old);
        NewPlatform client = new NewPlatform(config.client(), http, http, config.callTimeout(), config.backupTimeout());
        Staging staging = new Staging(PrivateFilesSteps.stagingRoot(config.stagingDir()), "rw-------", "rwx------",
                Duration.ofDays(config.keepFailedDays()), clock);
        registry.bind("privateFilesService", service);
        registry.bind("privateFilesRepository", repository);
        registry.bind("privateFilesApi", new PrivateFilesApi(service));
        registry.bind("privateFilesSteps", new PrivateFilesSteps(pf, claims, old, downloads,
                new Putter(client, claims, pf.onConflict(), pf.maxBytes(), pf.lease()), staging,
                new ServerStates(db), new PrivateFilesMails(config.mail().admins(), config.mail().language()), outbox,
                sites.client(JouvenceConfig.CLIENT_ID), sessionIdle, clock));
        io.micrometer.core.instrument.MeterRegistry meters = registry.lookupByNameAndType(
                org.apache.camel.component.micrometer.MicrometerConstants.METRICS_REGISTRY_NAME,
                io.micrometer.core.instrument.MeterRegistry.class);
        registry.bind("privateFilesMetrics", meters == null ? new Object() {
            @SuppressWarnings("unused")
            public void refresh() {
                // no registry (a test without metrics)
            }
        } : new PrivateFilesMetrics(meters, repository));
        // the tokens held here go at stop: those requests wait for a login
        jouvence.ClaimWakeUp.add(context, service::onQueued, CLAIM_AGAIN, claims::releaseClaims);
        return service;
    }
}
