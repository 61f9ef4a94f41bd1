package jouvence.folders;

import jouvence.JouvenceConfig;
import jouvence.folders.api.FolderSetApi;
import jouvence.folders.cloud.CloudClient;
import jouvence.folders.cloud.RefreshTokenStore;
import jouvence.folders.moodle.CourseGroupsReader;
import jouvence.folders.reconcile.FolderOutcomes;
import jouvence.folders.reconcile.ReconcileSettings;
import jouvence.folders.reconcile.Reconciler;
import jouvence.folders.store.CloudHealthStore;
import jouvence.folders.store.FolderSetRepository;
import jouvence.mail.Mails;
import jouvence.moodle.MoodleSites;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;

import javax.sql.DataSource;
import java.time.Clock;

/**
 * The collaborative folders' beans, bound by name for their routes ({@code routes.folders}). The API's bean is always
 * bound (it answers "not enabled" when the folders are off); the rest only when {@code jouvence.folders.enabled}.
 */
public final class FolderBeans {

    /** The folder sets' own "look at the due sets again soon" queue: one pending ask is enough, never waited for. */
    public static final String CLAIM_AGAIN = "seda:foldersClaimAgain?size=1&discardWhenFull=true"
            + "&waitForTaskToComplete=Never";

    private FolderBeans() {
    }

    /** The participants' /folders page (foldersweb), or null while the folders are off. */
    public static jouvence.web.FoldersPage participantsPage(Registry registry, JouvenceConfig config,
                                                            jouvence.web.Sessions sessions, Clock clock) {
        FolderSetService service = registry.lookupByNameAndType("folderSetService", FolderSetService.class);
        CloudClient cloud = registry.lookupByNameAndType("folderCloud", CloudClient.class);
        return service == null ? null : new jouvence.web.FoldersPage(service, sessions, new CopyRenamer(cloud),
                cloud.oauth(), config.folders().oauthRedirectUri(), new jouvence.web.CloudAuthorisations(clock));
    }

    /** The plugin's activities read from the new Moodle's database, on a small pool of its own: only when enabled. */
    private static void bindBridge(CamelContext context, JouvenceConfig config, FolderSetService service)
            throws Exception {
        if (!config.folders().bridge().enabled()) {
            return;
        }
        com.zaxxer.hikari.HikariDataSource moodleDb = jouvence.courses.bridge.BridgeDatabase.pool(config.bridge(),
                "moodle-folders-bridge");
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                moodleDb.close();
            }
        });
        context.getRegistry().bind("folderBridge", new FolderBridge(
                new jouvence.folders.moodle.CollaborativeFolderActivities(moodleDb, config.bridge().tablePrefix()),
                service));
    }

    /** The cloud's probe, health check and gauges ({@code routes.folders.FolderHealthRouteBuilder} runs them). */
    private static void bindHealth(CamelContext context, FolderSetRepository sets, CloudClient cloud,
                                   CloudHealthStore health, String cloudUrl, Clock clock) {
        jouvence.folders.health.CloudProbe probe = new jouvence.folders.health.CloudProbe(cloud.dav(), health, clock);
        Registry registry = context.getRegistry();
        registry.bind("cloudProbe", probe);
        io.micrometer.core.instrument.MeterRegistry meters = registry.lookupByNameAndType(
                org.apache.camel.component.micrometer.MicrometerConstants.METRICS_REGISTRY_NAME,
                io.micrometer.core.instrument.MeterRegistry.class);
        if (meters != null) {
            registry.bind("folderMetrics", new jouvence.folders.health.FolderMetrics(meters, sets, probe));
        }
        org.apache.camel.health.HealthCheckRegistry checks = org.apache.camel.health.HealthCheckRegistry.get(context);
        if (checks != null) {
            jouvence.folders.health.CloudHealthCheck check = new jouvence.folders.health.CloudHealthCheck(probe,
                    cloudUrl);
            check.setCamelContext(context);
            checks.register(check);
        }
    }

    public static void bind(CamelContext context, JouvenceConfig config, DataSource db, MoodleSites sites, Mails mails,
                            Clock clock) throws Exception {
        Registry registry = context.getRegistry();
        if (!config.folders().enabled()) {
            registry.bind("folderSetApi", new FolderSetApi(false, null, config.apiMaxBodyBytes()));
            return;
        }
        FolderSetRepository sets = new FolderSetRepository(db, config.instanceId());
        CourseGroupsReader moodle = new CourseGroupsReader(sites.client(JouvenceConfig.CLIENT_ID),
                config.folders().teacherRoles());
        FolderSetService service = new FolderSetService(sets, moodle, config.folders().reconcile().shareMode(),
                config.folders().cloud().url(), config.folders().resetWait(), config.folders().reconcile().identity());
        registry.bind("folderSets", sets);
        registry.bind("folderSetService", service);
        registry.bind("folderSetApi", new FolderSetApi(true, service, config.apiMaxBodyBytes()));

        // The reconcile: the cloud's client as the system account (refused at start-up when not configured).
        FoldersConfig folders = config.folders();
        ReconcileSettings settings = folders.reconcile();
        // A refresh-token system account keeps its rotated tokens in the database, shared by the replicas (foldersops).
        RefreshTokenStore tokens = folders.cloud().authMode() == FoldersConfig.AuthMode.REFRESH_TOKEN
                ? new jouvence.folders.store.CloudTokenStore(db, folders.cloud().clientSecret(), config.instanceId())
                : new RefreshTokenStore.InMemory();
        CloudClient cloud = new CloudClient(context, folders.cloud(), tokens, clock);
        CloudHealthStore health = new CloudHealthStore(db);
        registry.bind("folderCloud", cloud);
        registry.bind("folderReconciler", new Reconciler(sets, moodle, cloud, health, settings, folders.root(),
                folders.permissions()));
        registry.bind("folderOutcomes", new FolderOutcomes(sets.claims(), health, settings, mails));
        registry.bind("folderItemErrorMails", new jouvence.folders.reconcile.ItemErrorMails(sets, mails)); // foldersadmin
        bindBridge(context, config, service); // foldersops
        bindHealth(context, sets, cloud, health, folders.cloud().url(), clock); // foldersops
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                sets.claims().releaseClaims(); // after the routes: what is left is due again for the other replicas
            }
        });
        if (!folders.reconcileEnabled()) {
            return; // sets are recorded, never reconciled (an operator's pause)
        }
        // A set made due (new, "sync") is looked at now, not at the next scheduled reconcile.
        jouvence.ClaimWakeUp.add(context, service::onQueued, CLAIM_AGAIN, () -> { });
    }
}
