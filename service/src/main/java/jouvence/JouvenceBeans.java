package jouvence;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jouvence.courses.CourseDirectory;
import jouvence.courses.RestoreService;
import jouvence.courses.api.AdminApi;
import jouvence.courses.api.IntakeApi;
import jouvence.courses.intake.CsvImport;
import jouvence.courses.pipeline.ArchiveSharing;
import jouvence.courses.pipeline.Claimer;
import jouvence.courses.pipeline.ClientSteps;
import jouvence.courses.pipeline.CourseServerSteps;
import jouvence.courses.pipeline.GateSignals;
import jouvence.courses.pipeline.Outcomes;
import jouvence.courses.pipeline.RestoreRecovery;
import jouvence.courses.pipeline.RetryPolicy;
import jouvence.courses.pipeline.ServerGates;
import jouvence.courses.queue.RequestRepository;
import jouvence.courses.restore.KubernetesRestoreJob;
import jouvence.courses.restore.RestoreCommand;
import jouvence.courses.restore.RestoreDriver;
import jouvence.courses.restore.RestoreTemplate;
import jouvence.courses.restore.RestoreWorkers;
import jouvence.courses.staging.Staging;
import jouvence.db.Database;
import jouvence.db.Schedulers;
import jouvence.mail.MailOutbox;
import jouvence.mail.Mails;
import jouvence.moodle.CamelHttpTransport;
import jouvence.moodle.MoodleDownloadCall;
import jouvence.moodle.MoodleSites;
import jouvence.moodle.SiteHealth;
import jouvence.observe.DatabaseCheck;
import jouvence.observe.HealthChecks;
import jouvence.observe.MaskingEncoder;
import jouvence.observe.Metrics;
import jouvence.observe.RequestMdc;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.SimpleEventNotifierSupport;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Builds every bean from the typed configuration and binds it by name for the routes. */
public class JouvenceBeans implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        JouvenceConfig config = JouvenceConfig.from(key -> context.getPropertiesComponent().resolveProperty(key));
        config.secrets().forEach(MaskingEncoder::addSecret);
        context.getPropertiesComponent().resolveProperty("jouvence.mail.smtp.password").ifPresent(MaskingEncoder::addSecret);
        config.folders().cloud().secrets()
                .forEach(MaskingEncoder::addSecret); // the cloud's app password, client secret, refresh token, Basic forms
        context.getCamelContextExtension().addInterceptStrategy(new RequestMdc());
        Clock clock = Clock.systemUTC(); // the one clock of every decision taken on time in Java
        context.getRegistry().bind("clock", clock);
        Database database = Database.start(config.db());
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() throws Exception {
                database.close();
            }
        });

        RequestRepository requests = new RequestRepository(database.dataSource(), config.instanceId(),
                config.onlyOnePerRemoteCourse());
        // The Moodles over camel-http endpoints (camel.component.http.*: pool, proxy, TLS; time limits per call).
        CamelHttpTransport moodleHttp = new CamelHttpTransport(context, config.connectTimeout(), config.maxAnswerBytes(),
                config.allSites());
        MoodleSites sites = new MoodleSites(config, moodleHttp);
        SiteHealth health = new SiteHealth(config, database.dataSource(), sites, clock);
        Staging staging = new Staging(config.stagingDir(), config.stagingFilePermissions(), config.stagingDirPermissions(),
                java.time.Duration.ofDays(config.keepFailedDays()), clock);
        RestoreDriver driver = restoreDriver(config, staging.root());
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                driver.close();
            }
        });
        RestoreRecovery recovery = new RestoreRecovery(requests.claims(), driver, staging);
        context.getRegistry().bind("restoreRecovery", recovery);
        Claimer claimer = new Claimer(config, requests.claims(), new ServerGates(database.dataSource(), config.instanceId()),
                health, recovery, new jouvence.courses.pipeline.Replicas(database.dataSource(), config.instanceId()));
        // Another replica let a server's gate go: look at the queue now (the routes' own "claim again" queue); not on a
        // replica whose claims are off (jouvence.claim.enabled=false), which looks at the queue only when asked.
        if (config.claimEnabled()) {
            listenForFreedGates(context, database, config);
        }
        Mails mails = new Mails(config);
        MailOutbox outbox = new MailOutbox(database.dataSource(), config.instanceId(), config.mail().enabled(),
                config.mail().outbox());
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
            protected void doStop() throws Exception {
                // A database that does not answer within seconds will not before the pod is killed: the sweep will
                // requeue what this replica held when the leases end (the worker is a daemon: it never holds the JVM).
                try {
                    CompletableFuture.runAsync(claimer::releaseAll).get(5, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    LoggerFactory.getLogger(JouvenceBeans.class).warn("the database did not answer within 5 s:"
                            + " the requests this replica still holds go back to the queue when their leases end");
                }
            }
        });

        // Quartz: "quartz" fires once per cluster (on the queue's database), "quartz-local" on every replica.
        context.addComponent(Schedulers.CLUSTERED, Schedulers.clustered(database.dataSource(), config.instanceId(),
                config.clusterCheckin().toMillis()));
        context.addComponent(Schedulers.LOCAL, Schedulers.local());

        Registry registry = context.getRegistry();
        // Jouvence's meters go to the registry Camel's Prometheus endpoint scrapes (created here when Camel has none yet).
        MeterRegistry meters = registry.lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME, MeterRegistry.class);
        if (meters == null) {
            meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            registry.bind(MicrometerConstants.METRICS_REGISTRY_NAME, meters);
        }
        List<String> siteIds = config.allSites().stream().map(JouvenceConfig.MoodleSite::id).toList();
        registry.bind("metrics", new Metrics(meters, requests, health, siteIds, outbox));
        registry.bind("mailOutbox", outbox);
        registry.bind("jouvenceConfig", config);
        registry.bind("jouvenceDb", database.dataSource());
        registry.bind("requests", requests);
        registry.bind("moodleSites", sites);
        registry.bind("siteHealth", health);
        registry.bind("staging", staging);
        registry.bind("claimer", claimer);
        MoodleDownloadCall downloads = new MoodleDownloadCall(sites, moodleHttp, config.readIdleTimeout(),
                config.backupTimeout());
        registry.bind("moodleDownloadCall", downloads);
        // Stopping: a download in progress is dropped at once (retried later), never waited for (a silent server).
        context.getManagementStrategy().addEventNotifier(new SimpleEventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                if (event instanceof CamelEvent.CamelContextStoppingEvent) {
                    downloads.abortAll("the download was stopped because Jouvence is stopping");
                }
            }
        });
        registry.bind("courseServerSteps", new CourseServerSteps(requests.claims(), sites, staging,
                new ArchiveSharing(config.shareArchives(), claimer, requests.claims(), staging, sites)));
        registry.bind("clientSteps", new ClientSteps(config, requests.claims(), sites, staging, driver));
        registry.bind("outcomes", new Outcomes(config, requests, sites, health,
                new RetryPolicy(config.maxAttempts(), config.retryBaseDelay(), config.retryMaxDelay()), mails, claimer,
                clock));
        RestoreService service = new RestoreService(config, requests, sites);
        CourseDirectory directory = new CourseDirectory(config, sites, health);
        registry.bind("restoreService", service);
        if (config.claimEnabled()) {
            // A request queued anywhere (API, pages, CSV, bridge, an admin's retry) is looked at now, not at the next
            // claim run (the routes' own "claim again" queue: never blocks, one pending look is enough).
            context.addService(new ServiceSupport() {
                private org.apache.camel.ProducerTemplate template;

                @Override
                protected void doStart() {
                    template = context.createProducerTemplate();
                    service.onQueued(() -> template.sendBody(routes.Endpoints.CLAIM_AGAIN, null));
                }

                @Override
                protected void doStop() throws Exception {
                    service.onQueued(() -> { });
                    template.close();
                }
            });
        }
        IntakeApi intakeApi = new IntakeApi(config, service, directory);
        registry.bind("intakeApi", intakeApi);
        CsvImport csvImport = new CsvImport(config, service, mails, clock);
        registry.bind("csvImport", csvImport);
        registry.bind("adminApi", new AdminApi(service, intakeApi));
        // Collaborative folders (issue 13): their service, API and reconcile.
        jouvence.folders.FolderBeans.bind(context, config, database.dataSource(), sites, mails, clock);
        // Profile and preferences (issue 14): their service, API, queue and watch.
        jouvence.userdata.UserDataBeans.bind(context, config, database.dataSource(), sites, moodleHttp, health, mails);
        csvImport.usernames(jouvence.userdata.UserDataBeans.csvLines(registry)); // a CSV of usernames: user data

        // Web pages: sessions and login attempts in the queue's database, login with the new platform's Moodle.
        jouvence.web.WebSettings web = jouvence.web.WebSettings.from(key -> context.getPropertiesComponent()
                .resolveProperty(key));
        registry.bind("webSettings", web);
        // The people's own Moodle tokens: in this replica's memory only, never in the database (issue 14).
        jouvence.web.PersonTokens personTokens = new jouvence.web.PersonTokens();
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                personTokens.clear();
            }
        });
        jouvence.web.Sessions sessions = new jouvence.web.Sessions(database.dataSource(), web.sessionIdle(), clock,
                personTokens);
        jouvence.web.MoodleLogin login = new jouvence.web.MoodleLogin(config, web.loginService(), moodleHttp);
        registry.bind("moodleLogin", login);
        registry.bind("webApp", new jouvence.web.WebApp(sessions,
                new jouvence.web.LoginLimiter(database.dataSource(), web.loginAttempts(), web.loginWindow(), clock),
                login, web,
                new jouvence.web.TeacherPage(config, web, service, directory, sessions, clock),
                new jouvence.web.AdminConsole(config, service, directory, sessions, outbox,
                        registry.lookupByNameAndType("folderSetService", jouvence.folders.FolderSetService.class)))
                .folders(jouvence.folders.FolderBeans.participantsPage(registry, config, sessions, clock))
                .onLogin(jouvence.userdata.UserDataBeans.firstLoginHook(registry))
                .userData(new jouvence.web.AdminUserDataView(registry.lookupByNameAndType("userDataService",
                        jouvence.userdata.UserDataService.class), sessions)));
        // Private files (issue 14): their queue, steps, API and page.
        jouvence.privatefiles.PrivateFilesService privateFiles = jouvence.privatefiles.PrivateFilesBeans.bind(context,
                config, database.dataSource(), sites, moodleHttp, downloads, outbox, web.sessionIdle(), clock,
                personTokens);
        registry.lookupByNameAndType("webApp", jouvence.web.WebApp.class).privateFiles(privateFiles == null ? null
                : new jouvence.web.PrivateFilesPage(privateFiles, sessions)).adminPrivateFiles(privateFiles == null
                ? null : new jouvence.web.AdminPrivateFilesView(privateFiles));

        // Bridge to the Moodle block's queue table: its own small pool on the Moodle database, only when enabled (its
        // routes are built only then: nothing connects to Moodle otherwise).
        var bridgeDb = jouvence.courses.bridge.BridgeDatabase.open(config.bridge());
        if (bridgeDb.isPresent()) {
            com.zaxxer.hikari.HikariDataSource moodleDb = bridgeDb.get();
            context.addService(new ServiceSupport() {
                @Override
                protected void doStop() {
                    moodleDb.close();
                }
            });
            registry.bind("moodleDb", moodleDb);
            jouvence.courses.queue.BlockWriteBacks writeBacks = new jouvence.courses.queue.BlockWriteBacks(requests);
            registry.bind("blockWriteBacks", writeBacks);
            registry.bind("bridgeIntake", new jouvence.courses.bridge.RowIntake(config, requests, service, clock));
            registry.bind("bridgeWriteBack", new jouvence.courses.bridge.WriteBackRule(config, writeBacks, clock));
        }

        DatabaseCheck databaseCheck = new DatabaseCheck(database.checkDataSource(), config.db().checkTimeout(), clock);
        registry.bind("databaseCheck", databaseCheck);
        HealthCheckRegistry checks = HealthCheckRegistry.get(context);
        if (checks != null) {
            List<AbstractHealthCheck> ours = new ArrayList<>();
            config.allSites().forEach(site -> ours.add(new HealthChecks.Site(site.id(), health,
                    config.moodlesInReadiness())));
            ours.add(new HealthChecks.Database(databaseCheck, config.db().checkInterval()));
            ours.forEach(check -> {
                check.setCamelContext(context);
                checks.register(check);
            });
        }
    }

    /**
     * The restore driver of jouvence.restore.driver, with the command template, timeout and output rules every driver
     * shares; the Kubernetes driver's Job template is read and checked here, at start-up.
     */
    static RestoreDriver restoreDriver(JouvenceConfig config, java.nio.file.Path workDir) {
        RestoreDriver.Settings restore = new RestoreDriver.Settings(
                new RestoreTemplate(config.restoreCommand(), config.restorePlaceholders()), config.restoreTimeout(),
                config.restoreCourseIdPattern(), config.restoreOutputTailLines());
        return switch (config.restoreDriver()) {
            case PROCESS -> config.restoreWorkerCommand().isEmpty() ? new RestoreCommand(restore, workDir)
                    : new RestoreWorkers(new RestoreDriver.Settings(new RestoreTemplate(config.restoreWorkerCommand(),
                    config.restorePlaceholders()), config.restoreTimeout(), config.restoreCourseIdPattern(),
                    config.restoreOutputTailLines()), config.restorePlaceholders().get("roleid"), workDir,
                    workDir.resolve("restore-workers.log"));
            case KUBERNETES -> KubernetesRestoreJob.connect(config.restoreJob().template(),
                    config.restoreJob().namespace(), config.restoreJob().container(), restore);
        };
    }

    private static void listenForFreedGates(CamelContext context, Database database, JouvenceConfig config)
            throws Exception {
        context.addService(new ServiceSupport() {
            private GateSignals signals;
            private org.apache.camel.ProducerTemplate template;

            @Override
            protected void doStart() {
                template = context.createProducerTemplate();
                signals = GateSignals.listen(database.dataSource(), config.instanceId(),
                        () -> template.sendBody(routes.Endpoints.CLAIM_AGAIN, null));
            }

            @Override
            protected void doStop() throws Exception {
                signals.close();
                template.close();
            }
        });
    }
}
