package jouvence.folders.reconcile;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reconcile's settings: the embedded defaults, and each wrong value refused naming its property. */
class ReconcileSettingsTest {

    private static Map<String, String> defaults() throws Exception {
        Properties p = new Properties();
        try (InputStream in = ReconcileSettingsTest.class.getResourceAsStream("/application.properties")) {
            p.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
        }
        Map<String, String> m = new HashMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
        return m;
    }

    private static ReconcileSettings read(Map<String, String> m) {
        return ReconcileSettings.from(k -> Optional.ofNullable(m.get(k)));
    }

    @Test
    void theDefaultsKeepSharesUseUsernamesAndBackOffFromAMinuteDoubling() throws Exception {
        ReconcileSettings s = read(defaults());
        assertEquals(OnLeave.KEEP, s.onLeave());
        assertEquals(Identity.USERNAME, s.identity());
        assertEquals(Duration.ofMinutes(10), s.lease());
        assertEquals(20, s.batch());
        assertEquals(4, s.parallelism());
        assertEquals(Optional.of(Duration.ofMinutes(1)), s.retry().delayAfter(1));
        assertEquals(Optional.of(Duration.ofMinutes(1024)), s.retry().delayAfter(11)); // 1 min doubled ten times
        assertEquals(Optional.empty(), s.retry().delayAfter(12));
    }

    @Test
    void wrongValuesAreRefusedNamingTheProperty() throws Exception {
        for (Map.Entry<String, String> bad : Map.of("jouvence.folders.on-leave", "delete",
                "jouvence.folders.identity", "ldap", "jouvence.folders.claim.lease", "1s",
                "jouvence.folders.claim.batch", "0", "jouvence.folders.retry.max-attempts", "0",
                "jouvence.folders.parallelism", "0").entrySet()) {
            Map<String, String> m = defaults();
            m.put(bad.getKey(), bad.getValue());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(m), bad.toString());
            assertTrue(e.getMessage().contains(bad.getKey()), e.getMessage());
        }
        Map<String, String> tooMany = defaults();
        tooMany.put("jouvence.folders.parallelism", "33");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> read(tooMany)).getMessage()
                .contains("jouvence.folders.parallelism must be between 1 and 32, not 33"));
        Map<String, String> unknown = defaults();
        unknown.put("jouvence.folders.identity", "ldap");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> read(unknown)).getMessage()
                .contains("jouvence.folders.identity must be username, email or oauth, not 'ldap'"));
        Map<String, String> oauth = defaults();
        oauth.put("jouvence.folders.identity", " OAuth ");
        assertEquals(Identity.OAUTH, read(oauth).identity(), "the participant's own authorisation");
    }
}
