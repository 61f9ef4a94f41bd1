package jouvence.check;

import ch.qos.logback.classic.Level;
import jouvence.Jouvence;
import jouvence.JouvenceConfig;
import jouvence.cli.Usage;
import jouvence.moodle.CamelHttpTransport;
import jouvence.moodle.MoodleSites;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code jouvence check}: whether a configuration would work, without changing anything anywhere. It starts a Camel
 * context with Jouvence's properties but no route, no bean of the service and no server (camel-http needs a started
 * context, and {@code camel.component.http.*} — proxy, TLS — must be the service's), then asks each part once:
 * the database and its schema, the Moodles, the restore command, the staging folder, SMTP, the bridge, the cloud.
 * No migration, no queue row, no mail, no Moodle write, no file left.
 */
public final class CheckCommand {

    private CheckCommand() {
    }

    /** What a check must not start: the service's HTTP servers, metrics and health registry. */
    static final Map<String, String> NOTHING_STARTED = Map.of(
            "camel.server.enabled", "false",
            "camel.management.enabled", "false",
            "camel.metrics.enabled", "false",
            "camel.health.enabled", "false");

    /**
     * Checks and prints the report to {@code out}.
     *
     * @param overrides properties over every file (tests)
     * @return 0 every item ok (or skipped), 1 an item failed, 2 the configuration itself is refused
     */
    public static int run(String configFile, Map<String, String> overrides, PrintStream out) {
        Map<String, String> properties = new HashMap<>(overrides);
        properties.putAll(NOTHING_STARTED);
        Main main = Jouvence.configured(configFile, properties);
        try {
            main.start();
            CamelContext camel = main.getCamelContext();
            JouvenceConfig config;
            try {
                config = JouvenceConfig.from(key -> camel.getPropertiesComponent().resolveProperty(key));
            } catch (IllegalArgumentException refused) {
                System.err.println("jouvence: configuration refused: " + refused.getMessage());
                return Usage.USAGE_ERROR;
            }
            CheckReport report = check(camel, config);
            report.print(out);
            return report.anyFailed() ? Usage.FAILED : Usage.OK;
        } catch (Exception e) {
            System.err.println("jouvence: the check could not run: " + e);
            return Usage.FAILED;
        } finally {
            main.stop();
        }
    }

    static CheckReport check(CamelContext camel, JouvenceConfig config) {
        List<String> secrets = new ArrayList<>(config.secrets());
        camel.getPropertiesComponent().resolveProperty("jouvence.mail.smtp.password").ifPresent(secrets::add);
        secrets.addAll(config.folders().cloud().secrets()); // foldersops: the cloud's lines never show them
        CheckReport report = new CheckReport(secrets);
        DatabaseItems.check(config.db(), report);
        CamelHttpTransport http = new CamelHttpTransport(camel, config.connectTimeout(), config.maxAnswerBytes(),
                config.allSites());
        MoodleSites moodleSites = new MoodleSites(config, http);
        new MoodleItems(config, moodleSites, report).check();
        UserDataItems.check(config, http, moodleSites, report); // issue 14: profile and preferences
        String runAs = RestoreItems.check(config, report).orElse(null);
        StagingItems.check(config, runAs, report);
        MailAndBridgeItems.smtp(config, key -> camel.getPropertiesComponent().resolveProperty(key).orElse(""), report);
        var moodleDb = MailAndBridgeItems.bridge(config, report);
        try {
            MailAndBridgeItems.roles(config, moodleDb, report);
        } finally {
            moodleDb.ifPresent(com.zaxxer.hikari.HikariDataSource::close);
        }
        CloudItems.check(camel, config.folders(), report); // foldersops
        PrivateFilesItems.check(config, http, report); // issue 14
        return report;
    }

    /** The report is the output: Camel's and the pools' start-up lines are not (warnings still are). */
    public static void quietLogging() {
        if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext logback) {
            logback.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
            logback.getLogger("org.apache.camel").setLevel(Level.WARN);
        }
    }
}
