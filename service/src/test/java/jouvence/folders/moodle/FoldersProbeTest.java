package jouvence.folders.moodle;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jouvence.JouvenceConfig;
import jouvence.JouvenceConfigTest;
import jouvence.moodle.MoodleSites;
import jouvence.moodle.SiteHealth;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import simulator.MoodleSimulator;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The start-up probe of the new platform (SiteHealth, on Jouvence's real schema) requires the folders' functions of
 * the token's service only when jouvence.folders.enabled is on, and names the missing ones.
 */
class FoldersProbeTest {

    private static final String TOKEN = "folders-probe-token";
    private static EmbeddedPostgres postgres;
    private static MoodleSimulator client;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.start();
        Flyway.configure().dataSource(postgres.getPostgresDatabase()).locations("classpath:db/migration").load().migrate();
        client = MoodleSimulator.courseClient(TOKEN).start();
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        postgres.close();
    }

    private static SiteHealth.Probe probe(boolean folders) throws Exception {
        Map<String, String> m = JouvenceConfigTest.shipped();
        m.put("jouvence.client.url", client.url());
        m.put("jouvence.client.token", TOKEN);
        m.put("jouvence.folders.enabled", Boolean.toString(folders));
        JouvenceConfig config = JouvenceConfig.from(k -> Optional.ofNullable(m.get(k)));
        MoodleSites sites = new MoodleSites(config, new JdkTransport());
        return new SiteHealth(config, postgres.getPostgresDatabase(), sites, Clock.systemUTC()).probe(config.client());
    }

    @Test
    void theFoldersFunctionsAreRequiredOnlyWhenFoldersAreOn() throws Exception {
        client.reset();
        assertTrue(probe(false).ok(), "folders off: the restore's functions are enough");
        SiteHealth.Probe on = probe(true);
        assertFalse(on.ok());
        assertEquals("the token's service lacks core_enrol_get_enrolled_users, core_group_get_course_groups, "
                + "core_group_get_group_members, core_group_get_groupings", on.problem());
        MoodleSimulator.FOLDER_FUNCTIONS.forEach(client::addFunction);
        assertTrue(probe(true).ok(), "every function there: the client is up again");
    }
}
