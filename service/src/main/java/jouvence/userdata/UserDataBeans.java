package jouvence.userdata;

import jouvence.JouvenceConfig;
import jouvence.JouvenceConfig.MoodleSite;
import jouvence.mail.Mails;
import jouvence.moodle.MoodleClient;
import jouvence.moodle.MoodleSites;
import jouvence.moodle.MoodleTransport;
import jouvence.moodle.SiteHealth;
import jouvence.userdata.api.UserDataApi;
import jouvence.userdata.moodle.NewPlatform;
import jouvence.userdata.moodle.OldPlatform;
import jouvence.userdata.store.UserDataRepository;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The user-data imports' beans (issue 14, part 2), bound by name for their routes ({@code routes.userdata}). The API's
 * bean is always bound (it answers "not enabled" while the capability is off); the rest only when
 * {@code jouvence.user-data.enabled}.
 */
public final class UserDataBeans {

    /** The imports' own "look at the queue again soon": one pending ask is enough, never waited for. */
    public static final String CLAIM_AGAIN = "seda:userDataClaimAgain?size=1&discardWhenFull=true"
            + "&waitForTaskToComplete=Never";

    private UserDataBeans() {
    }

    /**
     * The web login's hook: with jouvence.user-data.on-first-login, a person never imported before gets an import from
     * every server offering user data, under the username the new platform's site info gave at login.
     */
    public static java.util.function.Consumer<String> firstLoginHook(Registry registry) {
        UserDataService service = registry.lookupByNameAndType("userDataService", UserDataService.class);
        return service == null ? username -> { } : service::firstLogin;
    }

    /** The CSV import's lines of usernames, or null while the capability is off (such a file is then refused). */
    public static jouvence.courses.intake.CsvImport.UsernameLines csvLines(Registry registry) {
        UserDataService service = registry.lookupByNameAndType("userDataService", UserDataService.class);
        return service == null ? null : new UserDataCsv(service);
    }

    public static void bind(CamelContext context, JouvenceConfig config, DataSource db, MoodleSites sites,
                            MoodleTransport transport, SiteHealth health, Mails mails) throws Exception {
        Registry registry = context.getRegistry();
        UserDataConfig userData = config.userData();
        config.userData().notices().forEach(n -> LoggerFactory.getLogger(UserDataBeans.class).info(n));
        if (!userData.enabled()) {
            registry.bind("userDataApi", new UserDataApi(false, null, config.apiMaxBodyBytes()));
            return;
        }
        UserDataRepository repository = new UserDataRepository(db, config.instanceId());
        UserDataService service = new UserDataService(userData, repository);
        registry.bind("userDataService", service);
        registry.bind("userDataApi", new UserDataApi(true, service, config.apiMaxBodyBytes()));
        // Each server's user-data token is a client of its own (same URL and TLS rule as the site's).
        Map<String, MoodleClient> oldClients = new LinkedHashMap<>();
        userData.serverTokens().forEach((id, token) -> {
            MoodleSite site = config.site(id);
            oldClients.put(id, new MoodleClient(new MoodleSite(id, site.url(), token, 1, site.tlsVerify()), transport,
                    config.callTimeout()));
        });
        // The new Moodle's database (bridge settings, SELECT only), when configured: the account's times, the watch.
        com.zaxxer.hikari.HikariDataSource moodleDb = null;
        if (config.bridge().dbUrl() != null && !config.bridge().dbUrl().isBlank()) {
            com.zaxxer.hikari.HikariDataSource pool = jouvence.courses.bridge.BridgeDatabase.pool(config.bridge(),
                    "moodle-user-data");
            moodleDb = pool;
            context.addService(new ServiceSupport() {
                @Override
                protected void doStop() {
                    pool.close();
                }
            });
        }
        registry.bind("userDataImporter", new UserDataImporter(userData, repository,
                new OldPlatform(userData, oldClients::get),
                new NewPlatform(userData, sites.client(JouvenceConfig.CLIENT_ID), moodleDb == null ? null
                        : new jouvence.userdata.moodle.AccountTimes(moodleDb, config.bridge().tablePrefix()))));
        registry.bind("userDataOutcomes", new UserDataOutcomes(userData, repository, health, mails));
        registry.bind("userDataClaims", repository.claims());
        registry.bind("userDataRepository", repository);
        io.micrometer.core.instrument.MeterRegistry meters = registry.lookupByNameAndType(
                org.apache.camel.component.micrometer.MicrometerConstants.METRICS_REGISTRY_NAME,
                io.micrometer.core.instrument.MeterRegistry.class);
        if (meters != null) {
            registry.bind("userDataMetrics", new UserDataMetrics(meters, repository));
        }
        if (userData.watchNewUsers()) {
            if (moodleDb == null) {
                throw new IllegalArgumentException("jouvence.user-data.watch-new-users needs jouvence.bridge.db.url: "
                        + "new users are read from the new Moodle's database");
            }
            registry.bind("newUsersWatch", new NewUsersWatch(moodleDb, config.bridge().tablePrefix(), userData.auth(),
                    repository, service));
        }
        // at stop, what is left is due again for the other replicas
        jouvence.ClaimWakeUp.add(context, service::onQueued, CLAIM_AGAIN, repository.claims()::releaseClaims);
    }
}
