package jouvence.folders;

import jouvence.JouvenceConfigTest;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.CamelContextHelper;
import org.apache.camel.util.SensitiveUtils;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** jouvence.folders.* read from the shipped application.properties plus overrides. */
class FoldersConfigTest {

    private static FoldersConfig config(Map<String, String> m) {
        return FoldersConfig.from(k -> Optional.ofNullable(m.get(k)));
    }

    private static String refused(String key, String value) throws Exception {
        Map<String, String> m = JouvenceConfigTest.shipped();
        if (value == null) {
            m.remove(key);
        } else {
            m.put(key, value);
        }
        return assertThrows(IllegalArgumentException.class, () -> config(m)).getMessage();
    }

    @Test
    void the_shipped_defaults_are_complete_typed_and_not_configured() throws Exception {
        FoldersConfig c = config(JouvenceConfigTest.shipped());
        assertEquals("Moodle", c.root());
        assertEquals(31, c.permissions());
        FoldersConfig.Cloud cloud = c.cloud();
        assertEquals("", cloud.url());
        assertTrue(cloud.tlsVerify());
        assertEquals(Duration.ofSeconds(10), cloud.connectTimeout());
        assertEquals(Duration.ofSeconds(60), cloud.readTimeout());
        assertEquals(2, cloud.ocsVersion());
        assertEquals(32L * 1024 * 1024, cloud.maxAnswerBytes());
        assertEquals(FoldersConfig.AuthMode.NONE, cloud.authMode());
        assertEquals(List.of(), cloud.secrets());
        assertTrue(assertThrows(IllegalArgumentException.class, cloud::requireUsable).getMessage()
                .startsWith("jouvence.folders.cloud.url is empty"));
    }

    /** The participants' page: Reset's wait, and identity=oauth's needs (the participants authorise through it). */
    @Test
    void reset_waits_between_1s_and_2m_and_oauth_identity_needs_the_oauth_client_and_its_redirect() throws Exception {
        assertEquals(Duration.ofSeconds(20), config(JouvenceConfigTest.shipped()).resetWait());
        assertTrue(refused("jouvence.folders.reset-wait", "0s").startsWith("jouvence.folders.reset-wait must be "
                + "between 1s and 2m"));
        assertTrue(refused("jouvence.folders.reset-wait", "5m").startsWith("jouvence.folders.reset-wait"));
        Map<String, String> m = JouvenceConfigTest.shipped();
        m.put("jouvence.folders.identity", "oauth");
        assertEquals(jouvence.folders.reconcile.Identity.OAUTH, config(m).reconcile().identity(),
                "nothing is required while the folders are off");
        m.put("jouvence.folders.enabled", "true");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> config(m)).getMessage().startsWith(
                "jouvence.folders.identity=oauth needs jouvence.folders.cloud.oauth.client-id, .client-secret and "
                        + ".redirect-uri"));
        m.put("jouvence.folders.cloud.oauth.client-id", "jouvence-web");
        m.put("jouvence.folders.cloud.oauth.client-secret", "web-client-secret");
        assertThrows(IllegalArgumentException.class, () -> config(m), "still no redirect URI");
        m.put("jouvence.folders.cloud.oauth.redirect-uri", "https://jouvence.univ.example/folders/oauth");
        assertEquals(jouvence.folders.reconcile.Identity.OAUTH, config(m).reconcile().identity());
    }

    /** foldersops: the plugin's activities' intake. */
    @Test
    void the_bridge_is_off_by_default_and_needs_the_folders_and_a_positive_interval() throws Exception {
        FoldersConfig.Bridge bridge = config(JouvenceConfigTest.shipped()).bridge();
        assertEquals(new FoldersConfig.Bridge(false, 300_000), bridge);
        assertTrue(refused("jouvence.folders.bridge.enabled", "true")
                .startsWith("jouvence.folders.bridge.enabled needs jouvence.folders.enabled"));
        assertTrue(refused("jouvence.folders.bridge.poll-interval", "0")
                .startsWith("jouvence.folders.bridge.poll-interval must be a positive"));
    }

    @Test
    void a_usable_cloud_and_its_secrets_never_printed() throws Exception {
        Map<String, String> m = JouvenceConfigTest.shipped();
        m.put("jouvence.folders.cloud.url", " https://cloud.univ.example/nextcloud/ ");
        m.put("jouvence.folders.cloud.user", "jouvence");
        m.put("jouvence.folders.cloud.app-password", "Abcde-Fghij-Klmno-Pqrst-Uvwxy");
        m.put("jouvence.folders.cloud.oauth.client-id", "client id");
        m.put("jouvence.folders.cloud.oauth.client-secret", "Secret&Value=42");
        m.put("jouvence.folders.root", "/Moodle/Courses/");
        m.put("jouvence.folders.cloud.ocs-version", "1");
        FoldersConfig c = config(m);
        assertEquals("Moodle/Courses", c.root());
        FoldersConfig.Cloud cloud = c.cloud();
        assertEquals("https://cloud.univ.example/nextcloud", cloud.url());
        assertEquals(1, cloud.ocsVersion());
        assertEquals(FoldersConfig.AuthMode.APP_PASSWORD, cloud.authMode());
        cloud.requireUsable();
        assertEquals(List.of("Abcde-Fghij-Klmno-Pqrst-Uvwxy", "Secret&Value=42",
                FoldersConfig.basic("jouvence", "Abcde-Fghij-Klmno-Pqrst-Uvwxy"),
                FoldersConfig.basic("client+id", "Secret%26Value%3D42")), cloud.secrets());
        assertFalse(cloud.toString().contains("Abcde") || cloud.toString().contains("Secret"), cloud.toString());
        // camel-main's own masking knows these keys as secrets, app-password through the shipped extra keyword
        assertTrue(SensitiveUtils.containsSensitive("jouvence.folders.cloud.oauth.client-secret"));
        assertTrue(SensitiveUtils.containsSensitive("jouvence.folders.cloud.oauth.refresh-token"));
        assertFalse(SensitiveUtils.containsSensitive("jouvence.folders.cloud.app-password"));
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.getCamelContextExtension().setAdditionalSensitiveKeywords(
                    m.get("camel.main.additional-sensitive-keywords"));
            assertTrue(CamelContextHelper.containsSensitive(camel, "jouvence.folders.cloud.app-password"));
        }
    }

    @Test
    void bad_values_are_refused_naming_the_key() throws Exception {
        assertTrue(refused("jouvence.folders.cloud.url", "cloud.univ.example").contains("not an http(s) URL"));
        assertTrue(refused("jouvence.folders.cloud.ocs-version", "3").startsWith("jouvence.folders.cloud.ocs-version"));
        assertTrue(refused("jouvence.folders.permissions", "32").startsWith("jouvence.folders.permissions"));
        assertTrue(refused("jouvence.folders.permissions", "0").startsWith("jouvence.folders.permissions"));
        assertTrue(refused("jouvence.folders.root", "/").startsWith("jouvence.folders.root"));
        assertTrue(refused("jouvence.folders.root", "Moodle/../x").startsWith("jouvence.folders.root"));
        assertTrue(refused("jouvence.folders.cloud.read-timeout", "soon").startsWith("jouvence.folders.cloud.read-timeout"));
        assertTrue(refused("jouvence.folders.cloud.max-answer-bytes", "0").startsWith("jouvence.folders.cloud.max-answer"));
        assertEquals("missing property jouvence.folders.cloud.tls-verify", refused("jouvence.folders.cloud.tls-verify",
                null));

        Map<String, String> both = JouvenceConfigTest.shipped();
        both.put("jouvence.folders.cloud.app-password", "app-password-1");
        both.put("jouvence.folders.cloud.oauth.refresh-token", "refresh-token-1");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> config(both)).getMessage()
                .contains("set only one"));

        Map<String, String> noClient = JouvenceConfigTest.shipped();
        noClient.put("jouvence.folders.cloud.url", "https://cloud.univ.example");
        noClient.put("jouvence.folders.cloud.user", "jouvence");
        noClient.put("jouvence.folders.cloud.oauth.refresh-token", "refresh-token-1");
        String m = assertThrows(IllegalArgumentException.class, () -> config(noClient).cloud().requireUsable())
                .getMessage();
        assertTrue(m.contains("oauth.client-id"), m);
        noClient.remove("jouvence.folders.cloud.oauth.refresh-token");
        noClient.put("jouvence.folders.cloud.oauth.refresh-token", "");
        m = assertThrows(IllegalArgumentException.class, () -> config(noClient).cloud().requireUsable()).getMessage();
        assertTrue(m.contains("no credentials"), m);
    }
}
