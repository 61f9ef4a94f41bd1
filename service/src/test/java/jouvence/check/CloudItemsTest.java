package jouvence.check;

import jouvence.folders.FoldersConfig;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import simulator.cloud.CloudSimulator;

import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code jouvence check}'s cloud lines against the simulated Nextcloud over sockets: the system account, the OCS API
 * and the OAuth client, each OK or FAILED with what to fix, and nothing written (no call but reads and one refused
 * token request).
 */
class CloudItemsTest {

    private static final String SYS = "jouvence";
    private static final String PASSWORD = "Sys-App-Password-77";
    private static final String CLIENT_SECRET = "Client-Secret-0099";
    private CloudSimulator cloud;
    private CamelContext camel;

    @BeforeEach
    void start() throws Exception {
        cloud = CloudSimulator.nextcloud().addUser(SYS, "Jouvence", "j@univ.example").appPassword(SYS, PASSWORD)
                .addOAuthClient("jouvence-client", CLIENT_SECRET, "https://jouvence.example/folders/oauth").start();
        camel = new DefaultCamelContext();
        camel.start();
    }

    @AfterEach
    void stop() throws Exception {
        camel.close();
        cloud.close();
    }

    private static FoldersConfig folders(Map<String, String> changes) throws Exception {
        Properties defaults = new Properties();
        try (InputStream in = CloudItemsTest.class.getResourceAsStream("/application.properties")) {
            defaults.load(in);
        }
        Map<String, String> p = new HashMap<>();
        defaults.forEach((k, v) -> p.put((String) k, ((String) v).strip()));
        p.putAll(changes);
        return FoldersConfig.from(k -> Optional.ofNullable(p.get(k)));
    }

    private Map<String, String> good() {
        return new HashMap<>(Map.of("jouvence.folders.enabled", "true", "jouvence.folders.cloud.url", cloud.url(),
                "jouvence.folders.cloud.user", SYS, "jouvence.folders.cloud.app-password", PASSWORD,
                "jouvence.folders.cloud.oauth.client-id", "jouvence-client",
                "jouvence.folders.cloud.oauth.client-secret", CLIENT_SECRET));
    }

    private CheckReport check(Map<String, String> changes) throws Exception {
        FoldersConfig f = folders(changes);
        CheckReport report = new CheckReport(f.cloud().secrets());
        CloudItems.check(camel, f, report);
        return report;
    }

    private static CheckReport.Item item(CheckReport r, String subject) {
        return r.items().stream().filter(i -> i.subject().equals(subject)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + subject + " in " + r.items()));
    }

    @Test
    void aGoodCloudIsOkAndNothingIsWritten() throws Exception {
        CheckReport r = check(good());
        assertFalse(r.anyFailed(), r.items().toString());
        assertEquals(CheckReport.Outcome.OK, item(r, CloudItems.ACCOUNT).outcome());
        assertTrue(item(r, CloudItems.OCS).detail().contains("does not exist yet"), r.items().toString());
        assertEquals(CheckReport.Outcome.OK, item(r, CloudItems.OAUTH).outcome());
        assertEquals(List.of("POST /index.php/apps/oauth2/api/v1/token 400"), cloud.writeCalls().stream()
                .map(c -> c.method() + " " + c.path() + " " + c.status()).toList(),
                "read-only: the one 'write' is the token request the cloud refused (nothing issued)");
    }

    @Test
    void aWrongPasswordAndAWrongClientSecretFailTheirLines() throws Exception {
        Map<String, String> bad = good();
        bad.put("jouvence.folders.cloud.app-password", "not-the-password");
        bad.put("jouvence.folders.cloud.oauth.client-secret", "not-the-secret");
        CheckReport r = check(bad);
        CheckReport.Item account = item(r, CloudItems.ACCOUNT);
        assertEquals(CheckReport.Outcome.FAILED, account.outcome());
        assertTrue(account.detail().contains(".app-password"), account.detail());
        CheckReport.Item oauth = item(r, CloudItems.OAUTH);
        assertEquals(CheckReport.Outcome.FAILED, oauth.outcome());
        assertTrue(oauth.detail().contains("client-secret"), oauth.detail());
        r.items().forEach(i -> assertFalse(i.line().contains("not-the-password") || i.line().contains("not-the-secret"),
                i.line()));
    }

    @Test
    void offFoldersAndARefreshTokenAccountAreSkippedWithTheReason() throws Exception {
        CheckReport off = check(Map.of());
        assertEquals(CheckReport.Outcome.SKIPPED, item(off, "cloud").outcome());

        Map<String, String> oauth = good();
        oauth.remove("jouvence.folders.cloud.app-password");
        oauth.put("jouvence.folders.cloud.oauth.refresh-token", "some-refresh-token");
        CheckReport r = check(oauth);
        assertEquals(CheckReport.Outcome.SKIPPED, item(r, CloudItems.ACCOUNT).outcome());
        assertTrue(item(r, CloudItems.ACCOUNT).detail().contains("would spend"));
        assertEquals(CheckReport.Outcome.OK, item(r, CloudItems.OAUTH).outcome());
        assertEquals(0, cloud.calls().stream().filter(c -> c.method().equals("PROPFIND")).count());
    }
}
