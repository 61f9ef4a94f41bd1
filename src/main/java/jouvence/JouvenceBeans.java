package jouvence;

import jouvence.mail.Mails;
import jouvence.moodle.MoodleSites;
import jouvence.pipeline.Claimer;
import jouvence.pipeline.ClientSteps;
import jouvence.pipeline.CourseServerSteps;
import jouvence.pipeline.GateSignals;
import jouvence.pipeline.Outcomes;
import jouvence.pipeline.RetryPolicy;
import jouvence.pipeline.ServerGates;
import jouvence.pipeline.SiteHealth;
import jouvence.queue.RequestRepository;
import jouvence.restore.RestoreCommand;
import jouvence.staging.Staging;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;

/** Builds every bean from the typed configuration and binds it by name for the routes. */
public class JouvenceBeans implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        JouvenceConfig config = JouvenceConfig.from(key -> context.getPropertiesComponent().resolveProperty(key));
        Database database = Database.start(config.db());
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() throws Exception {
                database.close();
            }
        });

        RequestRepository requests = new RequestRepository(database.dataSource(), config.instanceId(),
                config.onlyOnePerRemoteCourse());
        MoodleSites sites = new MoodleSites(config);
        SiteHealth health = new SiteHealth(config, database.dataSource(), sites);
        Staging staging = new Staging(config.stagingDir(), config.stagingFilePermissions(), config.stagingDirPermissions(),
                java.time.Duration.ofDays(config.keepFailedDays()));
        RestoreCommand command = new RestoreCommand(config.restoreCommand(), config.restorePlaceholders(),
                config.restoreTimeout(), config.restoreCourseIdPattern(), config.restoreOutputTailLines(), staging.root());
        Claimer claimer = new Claimer(config, requests, new ServerGates(database.dataSource(), config.instanceId()),
                health);
        // Another replica let a server's gate go: look at the queue now (the routes' own "claim again" queue).
        context.addService(new ServiceSupport() {
            private GateSignals signals;
            private org.apache.camel.ProducerTemplate template;

            @Override
            protected void doStart() {
                template = context.createProducerTemplate();
                signals = GateSignals.listen(database.dataSource(), config.instanceId(),
                        () -> template.sendBody(routes.ClaimRouteBuilder.CLAIM_AGAIN, null));
            }

            @Override
            protected void doStop() throws Exception {
                signals.close();
                template.close();
            }
        });
        Mails mails = new Mails(config);
        // Graceful shutdown: no new claims as soon as stopping starts; once the routes have finished what they could
        // within camel.main.shutdown-timeout, what is left goes back to the queue instead of waiting for its lease.
        context.getManagementStrategy().addEventNotifier(new org.apache.camel.support.EventNotifierSupport() {
            @Override
            public void notify(org.apache.camel.spi.CamelEvent event) {
                if (event instanceof org.apache.camel.spi.CamelEvent.CamelContextStoppingEvent) {
                    claimer.stopClaiming();
                }
            }
        });
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                claimer.releaseAll();
            }
        });

        Registry registry = context.getRegistry();
        registry.bind("jouvenceConfig", config);
        registry.bind("jouvenceDb", database.dataSource());
        registry.bind("requests", requests);
        registry.bind("moodleSites", sites);
        registry.bind("siteHealth", health);
        registry.bind("staging", staging);
        registry.bind("claimer", claimer);
        registry.bind("courseServerSteps", new CourseServerSteps(config, requests, sites, staging));
        registry.bind("clientSteps", new ClientSteps(config, requests, sites, staging, command));
        registry.bind("outcomes", new Outcomes(config, requests, sites, health,
                new RetryPolicy(config.maxAttempts(), config.retryBaseDelay(), config.retryMaxDelay()), mails, claimer));
        IntakeApi intakeApi = new IntakeApi(config, requests, sites, health);
        registry.bind("intakeApi", intakeApi);
        registry.bind("csvImport", new CsvImport(config, requests, mails));
        registry.bind("adminApi", new AdminApi(config, requests, sites, intakeApi));

        // Web pages: sessions and login attempts in the queue's database, login with the new platform's Moodle.
        jouvence.web.WebSettings web = jouvence.web.WebSettings.from(key -> context.getPropertiesComponent()
                .resolveProperty(key));
        registry.bind("webSettings", web);
        jouvence.web.Sessions sessions = new jouvence.web.Sessions(database.dataSource(), web.sessionIdle());
        AdminApi adminApi = registry.lookupByNameAndType("adminApi", AdminApi.class);
        registry.bind("webApp", new jouvence.web.WebApp(sessions,
                new jouvence.web.LoginLimiter(database.dataSource(), web.loginAttempts(), web.loginWindow()),
                new jouvence.web.MoodleLogin(config, web.loginService()), web,
                new jouvence.web.TeacherPage(config, web, sites, requests, adminApi, sessions),
                new jouvence.web.AdminConsole(config, sites, requests, adminApi, intakeApi, health, sessions)));

        // Bridge to the Moodle block's queue table: its own small pool on the Moodle database, only when enabled.
        jouvence.bridge.BlockQueueBridge bridge = jouvence.bridge.BlockQueueBridge.create(config, requests);
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                bridge.close();
            }
        });
        registry.bind("blockQueueBridge", bridge);

        HealthCheckRegistry checks = HealthCheckRegistry.get(context);
        if (checks != null) {
            config.allSites().forEach(site -> {
                SiteHealthCheck check = new SiteHealthCheck(site.id(), health);
                check.setCamelContext(context);
                checks.register(check);
            });
        }
    }
}
