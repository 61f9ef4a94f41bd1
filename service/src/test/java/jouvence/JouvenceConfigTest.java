package jouvence;

import jouvence.db.Database;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The typed configuration, read from the shipped application.properties plus overrides. */
public class JouvenceConfigTest {

    /** The shipped application.properties, as a map a test may change. */
    public static Map<String, String> shipped() throws Exception {
        Properties p = new Properties();
        try (InputStream in = JouvenceConfig.class.getResourceAsStream("/application.properties")) {
            p.load(in);
        }
        Map<String, String> m = new HashMap<>();
        p.forEach((k, v) -> m.put((String) k, (String) v));
        return m;
    }

    private static JouvenceConfig config(Map<String, String> m) {
        return JouvenceConfig.from(k -> Optional.ofNullable(m.get(k)));
    }

    /** The start-up error of the shipped configuration with this key set to this value (null: removed). */
    private static String refused(String key, String value) throws Exception {
        Map<String, String> m = shipped();
        if (value == null) {
            m.remove(key);
        } else {
            m.put(key, value);
        }
        return assertThrows(IllegalArgumentException.class, () -> config(m)).getMessage();
    }

    @Test
    void without_a_database_url_the_service_refuses_to_start_and_says_what_to_set() throws Exception {
        for (String empty : new String[] {"", "  "}) {
            Map<String, String> m = shipped();
            m.put("jouvence.db.url", empty);
            JouvenceConfig.Database db = config(m).db();
            String message = assertThrows(IllegalArgumentException.class, () -> Database.start(db)).getMessage();
            assertTrue(message.startsWith("jouvence.db.url is empty"), message);
            assertTrue(message.contains("JOUVENCE_DB_URL") && message.contains("jouvence-demo.jar try"), message);
        }
    }

    @Test
    void the_shipped_defaults_are_complete_and_typed() throws Exception {
        JouvenceConfig c = config(shipped());
        assertEquals(1, c.servers().get("old").concurrency());
        assertTrue(c.servers().get("old").tlsVerify(), "TLS verification stays on unless an admin turns it off");
        assertEquals(2, c.restoreParallelism());
        assertTrue(c.restoreCourseIdPattern().matcher("restored course id: 12").find());
    }

    @Test
    void a_second_server_needs_only_its_url_and_token_and_may_override_the_defaults() throws Exception {
        Map<String, String> m = shipped();
        m.put("jouvence.servers", "old, archive-2019");
        m.put("jouvence.server.archive-2019.url", " https://moodle2019.univ.example/ ");
        m.put("jouvence.server.archive-2019.token", "t");
        m.put("jouvence.server.archive-2019.tls-verify", "false");
        JouvenceConfig c = config(m);
        assertEquals("https://moodle2019.univ.example", c.site("archive-2019").url());
        assertFalse(c.site("archive-2019").tlsVerify());
        assertEquals(1, c.site("archive-2019").concurrency());
    }

    @Test
    void mistakes_are_named_at_start_up() throws Exception {
        Map<String, String> m = shipped();
        m.remove("jouvence.restore.timeout");
        assertEquals("missing property jouvence.restore.timeout",
                assertThrows(IllegalArgumentException.class, () -> config(m)).getMessage());
        Map<String, String> bad = shipped();
        bad.put("jouvence.claim.lease", "five minutes");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> config(bad)).getMessage()
                .contains("jouvence.claim.lease"));
        Map<String, String> url = shipped();
        url.put("jouvence.server.old.url", "moodle.univ.example");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> config(url)).getMessage()
                .contains("not an http(s) URL"));
        Map<String, String> id = shipped();
        id.put("jouvence.servers", "Old Moodle");
        assertThrows(IllegalArgumentException.class, () -> config(id));
    }

    @Test
    void tokens_never_show_in_the_printed_configuration() throws Exception {
        Map<String, String> m = shipped();
        m.put("jouvence.server.old.token", "SECRET123");
        m.put("jouvence.client.token", "SECRET456");
        m.put("jouvence.api.token", "SECRET789");
        m.put("jouvence.db.password", "SECRET000");
        String printed = config(m).toString();
        for (String secret : new String[]{"SECRET123", "SECRET456", "SECRET789", "SECRET000"}) {
            assertFalse(printed.contains(secret), printed);
        }
    }

    @Test
    void the_log_format_is_read_from_the_admins_file_before_the_embedded_default() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("jouvence", ".properties");
        try {
            java.nio.file.Files.writeString(file, "jouvence.log.format = json\n");
            org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("jouvence.log.format") == null
                    && System.getenv("JOUVENCE_LOG_FORMAT") == null, "the environment sets the format itself");
            assertEquals("json", Jouvence.logFormat(file.toString()));
            java.nio.file.Files.writeString(file, "jouvence.api.token = x\n");
            assertEquals("text", Jouvence.logFormat(file.toString()), "the embedded default");
            assertEquals("text", Jouvence.logFormat(null));
        } finally {
            java.nio.file.Files.delete(file);
        }
    }

    @Test
    void the_restore_driver_is_a_process_by_default_or_a_kubernetes_job() throws Exception {
        JouvenceConfig shipped = config(shipped());
        assertEquals(JouvenceConfig.RestoreDriverKind.PROCESS, shipped.restoreDriver());
        assertEquals(new JouvenceConfig.KubernetesJob(java.nio.file.Path.of("/etc/jouvence/restore-job.yaml"), "", ""),
                shipped.restoreJob());

        Map<String, String> m = shipped();
        m.put("jouvence.restore.driver", " Kubernetes ");
        m.put("jouvence.restore.kubernetes.job-template", "/srv/restore.yaml");
        m.put("jouvence.restore.kubernetes.namespace", "moodle");
        m.put("jouvence.restore.kubernetes.container", "restore");
        JouvenceConfig c = config(m);
        assertEquals(JouvenceConfig.RestoreDriverKind.KUBERNETES, c.restoreDriver());
        assertEquals(new JouvenceConfig.KubernetesJob(java.nio.file.Path.of("/srv/restore.yaml"), "moodle", "restore"),
                c.restoreJob());

        assertEquals("jouvence.restore.driver must be process or kubernetes, not 'docker'",
                refused("jouvence.restore.driver", "docker"));
        assertTrue(refused("jouvence.restore.kubernetes.namespace", "Moodle_Prod")
                .startsWith("jouvence.restore.kubernetes.namespace: 'Moodle_Prod' is not a Kubernetes namespace name"));
        assertTrue(refused("jouvence.restore.kubernetes.container", "php fpm")
                .startsWith("jouvence.restore.kubernetes.container: 'php fpm' is not a container name"));
        assertEquals("missing property jouvence.restore.kubernetes.job-template",
                refused("jouvence.restore.kubernetes.job-template", null));
    }

    @Test
    void the_switch_builds_the_configured_driver_and_checks_the_job_template_at_start_up(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        try (var driver = JouvenceBeans.restoreDriver(config(shipped()), tmp)) {
            assertTrue(driver instanceof jouvence.courses.restore.RestoreCommand, driver.getClass().getName());
        }
        Map<String, String> m = shipped();
        m.put("jouvence.restore.driver", "kubernetes");
        m.put("jouvence.restore.kubernetes.job-template", tmp.resolve("restore-job.yaml").toString());
        m.put("jouvence.restore.kubernetes.namespace", "moodle");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JouvenceBeans.restoreDriver(config(m), tmp));
        assertTrue(e.getMessage().startsWith("the restore Job template " + tmp.resolve("restore-job.yaml")
                + " cannot be read"), e.getMessage());

        java.nio.file.Files.writeString(tmp.resolve("restore-job.yaml"), """
                apiVersion: batch/v1
                kind: Job
                spec:
                  template:
                    spec:
                      containers:
                        - name: restore
                          image: registry.example.org/moodle:4.4
                """);
        try (var driver = JouvenceBeans.restoreDriver(config(m), tmp)) { // builds a client; calls nothing yet
            var job = assertInstanceOf(jouvence.courses.restore.KubernetesRestoreJob.class, driver);
            assertEquals("moodle", job.namespace());
            assertEquals(config(m).restoreCommand(), job.template());
        }
    }
}
