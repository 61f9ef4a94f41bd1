package jouvence.folders.cloud;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import jouvence.LogRecorder;
import jouvence.folders.FoldersConfig;
import jouvence.observe.MaskingEncoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import simulator.cloud.Flavour;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No credential of the cloud (app password, its Basic form, the OAuth client secret, codes, access and refresh tokens
 * of the system account and of participants) in any log line, with Camel and Apache HttpClient at DEBUG, nor in any
 * fault's message; and with HttpClient's header and wire logs forced on as well, none in what the masking encoder
 * writes.
 */
class CloudSecretsTest extends CloudClientTestBase {

    private static final Pattern ANY_BEARER = Pattern.compile("Bearer\\s+[0-9a-f]{16,}");
    private static final List<String> LOUD = List.of("org.apache.camel", "org.apache.hc", "jouvence");
    private final Map<String, Level> levels = new HashMap<>();

    @AfterEach
    void quiet() {
        levels.forEach((name, level) -> logger(name).setLevel(level));
    }

    private Logger logger(String name) {
        return (Logger) LoggerFactory.getLogger(name);
    }

    private void debug(String name) {
        levels.putIfAbsent(name, logger(name).getLevel());
        logger(name).setLevel(Level.DEBUG);
    }

    @Test
    void no_credential_in_logs_or_faults_with_camel_and_httpclient_at_debug() throws Exception {
        LogRecorder logs = LogRecorder.install();
        LOUD.forEach(this::debug);
        List<String> secrets = new ArrayList<>();
        List<String> faults = new ArrayList<>();
        exercise(secrets, faults);

        for (String secret : secrets) {
            assertEquals(List.of(), logs.linesContaining(secret), "a log line shows a secret");
            assertTrue(faults.stream().noneMatch(m -> m.contains(secret)), "a fault shows a secret: " + faults);
        }
        assertEquals(List.of(), logs.linesContaining("").stream().filter(l -> ANY_BEARER.matcher(l).find()).toList());
        assertTrue(faults.size() >= 4, faults.toString());
        assertFalse(logs.linesContaining("org.apache.hc").isEmpty() && logs.linesContaining("ex-").isEmpty(),
                "HttpClient did log at DEBUG");

        // an admin who turns the header and wire logs on still gets masked lines from the encoder
        debug("org.apache.hc.client5.http.headers");
        debug("org.apache.hc.client5.http.wire");
        int before = logs.linesContaining("").size();
        List<String> more = new ArrayList<>();
        exercise(more, new ArrayList<>());
        List<String> lines = logs.linesContaining("");
        List<String> wire = lines.subList(before, lines.size());
        assertTrue(wire.stream().anyMatch(l -> l.contains("Authorization: Basic")), "the header log is on");
        more.forEach(MaskingEncoder::addSecret); // as JouvenceBeans registers the configured ones
        for (String line : wire) {
            String masked = MaskingEncoder.mask(line);
            for (String secret : more) {
                assertFalse(masked.contains(secret), "unmasked secret in " + masked);
            }
            assertFalse(ANY_BEARER.matcher(masked).find(), masked);
        }
    }

    /** App password, OAuth (system and participant), failures; every secret used goes to {@code secrets}. */
    private void exercise(List<String> secrets, List<String> faults) throws Exception {
        start(Flavour.NEXTCLOUD);
        secrets.addAll(config(sim.url(), SYS_PW, "", 2, Duration.ofSeconds(5)).secrets());
        secrets.add(CLIENT_SECRET);
        CloudClient client = client();
        client.dav().ensureFolder("Moodle/Set/Team A");
        client.shares().create("Moodle/Set/Team A", "alice", 31);
        sim.failNextRequests(1, 503);
        faults.add(assertFault(() -> client.dav().ensureFolder("Moodle/Set/Team B")));
        CloudClient wrong = new CloudClient(camel, config(sim.url(), "Wrong-Password-123", "", 1, Duration.ofSeconds(5)),
                new RefreshTokenStore.InMemory(), Clock.systemUTC());
        secrets.add("Wrong-Password-123");
        secrets.add(FoldersConfig.basic(SYS, "Wrong-Password-123"));
        faults.add(assertFault(() -> wrong.shares().create("Moodle/Set/Team A", "bob", 31)));
        faults.add(assertFault(() -> wrong.dav().list("Moodle", Dav.Depth.ONE)));

        String code = authorise(client, SYS);
        secrets.add(code);
        TokenSet sys = client.oauth().exchange(code, REDIRECT);
        secrets.add(sys.accessToken());
        secrets.add(sys.refreshToken());
        RefreshTokenStore.InMemory store = new RefreshTokenStore.InMemory();
        CloudClient byToken = new CloudClient(camel, config(sim.url(), "", sys.refreshToken(), 2,
                Duration.ofSeconds(5)), store, Clock.systemUTC());
        byToken.dav().stat("Moodle");
        sim.expireAccessTokens();
        byToken.shares().list("Moodle/Set/Team A", false);
        secrets.add(store.load().orElseThrow());
        faults.add(assertFault(() -> client.oauth().exchange(code, REDIRECT))); // spent

        String aliceCode = authorise(client, "alice");
        secrets.add(aliceCode);
        TokenSet alice = client.oauth().exchange(aliceCode, REDIRECT);
        secrets.add(alice.accessToken());
        secrets.add(alice.refreshToken());
        Participant p = new Participant(alice.userId(), alice.accessToken());
        String mount = client.shares().sharedWith(p).get(0).fileTarget();
        assertTrue(client.dav().move(p, mount, "Lab").moved());
        sim.expireAccessTokens();
        faults.add(assertFault(() -> client.dav().list(p, "", Dav.Depth.ONE)));
        faults.add(assertFault(() -> client.oauth().refresh("0123456789abcdef0123456789abcdef")));
        secrets.add("0123456789abcdef0123456789abcdef");
        sim.close();
        camel.close();
    }

    private static String assertFault(Action a) {
        try {
            a.run();
        } catch (CloudFault f) {
            StringBuilder sb = new StringBuilder(f.getMessage()).append(' ').append(f.cloudMessage());
            for (Throwable t = f.getCause(); t != null; t = t.getCause()) {
                sb.append(' ').append(t);
            }
            return sb.toString();
        } catch (Exception e) {
            throw new AssertionError("not a CloudFault: " + e, e);
        }
        throw new AssertionError("no fault");
    }
}
