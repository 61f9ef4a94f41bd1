package jouvence.folders.cloud;

import jouvence.folders.cloud.CloudFault.Kind;
import jouvence.folders.cloud.CloudFault.Reason;
import jouvence.folders.cloud.Dav.Depth;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import simulator.cloud.Flavour;

import com.sun.net.httpserver.HttpServer;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** OAuth 2: the participants' code flow, and a system account logged in by a refresh token, refreshed single-flight. */
class CloudOAuthTest extends CloudClientTestBase {

    private static final String TOKEN_PATH = "/index.php/apps/oauth2/api/v1/token";

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void a_participant_authorises_and_the_code_gives_their_tokens_and_user_id(Flavour f) throws Exception {
        start(f);
        CloudClient client = client();
        String url = client.oauth().authorizeUrl("state-42", REDIRECT);
        assertEquals(sim.url() + "/index.php/apps/oauth2/authorize?response_type=code&client_id=jouvence-client-id"
                + "&redirect_uri=https%3A%2F%2Fjouvence.univ.example%2Ffolders%2Foauth&state=state-42", url);
        String code = authorise(client, "alice");
        Instant before = Instant.now();
        TokenSet t = client.oauth().exchange(code, REDIRECT);
        assertEquals("alice", t.userId());
        assertTrue(t.expiresAt().isAfter(before.plus(Duration.ofMinutes(59))), t.toString());
        assertTrue(t.expiresAt().isBefore(Instant.now().plus(Duration.ofHours(1))), t.toString());
        assertEquals("alice", client.oauth().whoAmI(t.accessToken()));
        assertTrue(!t.toString().contains(t.accessToken()) && !t.toString().contains(t.refreshToken()));

        // a code is spent once; a participant's refusal is theirs, not the cloud's
        CloudFault spent = fault(Reason.NOT_AUTHORISED, () -> client.oauth().exchange(code, REDIRECT));
        assertEquals(Kind.ITEM, spent.kind());
        TokenSet next = client.oauth().refresh(t.refreshToken());
        assertEquals("alice", next.userId());
        assertNotEquals(t.refreshToken(), next.refreshToken());
        fault(Reason.NOT_AUTHORISED, () -> client.oauth().refresh(t.refreshToken())); // rotated away
        fault(Reason.NOT_AUTHORISED, () -> client.oauth().whoAmI(t.accessToken()));
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void a_wrong_client_secret_is_a_misconfiguration(Flavour f) throws Exception {
        start(f);
        CloudClient client = client();
        String code = authorise(client, "alice");
        CloudClient wrong = new CloudClient(camel, new jouvence.folders.FoldersConfig.Cloud(sim.url(), SYS, SYS_PW,
                CLIENT_ID, "not-the-secret", "", true, Duration.ofSeconds(5), Duration.ofSeconds(5), 2, 65536),
                new RefreshTokenStore.InMemory(), Clock.systemUTC());
        CloudFault f1 = fault(Reason.MISCONFIGURED, () -> wrong.oauth().exchange(code, REDIRECT));
        assertTrue(f1.getMessage().contains("client-secret"), f1.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void many_threads_share_one_refresh_and_the_rotated_token_is_kept(Flavour f) throws Exception {
        start(f);
        sim.mkdirs(SYS, "Moodle");
        String initial = client().oauth().exchange(authorise(client(), SYS), REDIRECT).refreshToken();
        RefreshTokenStore.InMemory store = new RefreshTokenStore.InMemory();
        CloudClient client = new CloudClient(camel, config(sim.url(), "", initial, 2, Duration.ofSeconds(20)), store,
                Clock.systemUTC());
        sim.clearCalls();
        int n = 8;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Long>> results = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Callable<Long> call = () -> {
                    go.await();
                    return client.dav().stat("Moodle").orElseThrow().fileId();
                };
                results.add(pool.submit(call));
            }
            go.countDown();
            for (Future<Long> r : results) {
                assertEquals(sim.fileId(SYS, "Moodle"), r.get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, sim.calls().stream().filter(c -> c.path().equals(TOKEN_PATH)).count(), sim.calls().toString());
        assertEquals(n, calls("PROPFIND"));
        String rotated = store.load().orElseThrow();
        assertNotEquals(initial, rotated);
        // the configured token is spent; a client that starts again takes the stored one (its access token refused
        // by then: refreshed with the kept refresh token, not the spent configured one)
        sim.expireAccessTokens();
        CloudClient restarted = new CloudClient(camel, config(sim.url(), "", initial, 2, Duration.ofSeconds(20)),
                store, Clock.systemUTC());
        assertTrue(restarted.dav().stat("Moodle").isPresent());
        assertNotEquals(rotated, store.load().orElseThrow());
        CloudClient stale = new CloudClient(camel, config(sim.url(), "", initial, 2, Duration.ofSeconds(20)),
                new RefreshTokenStore.InMemory(), Clock.systemUTC());
        CloudFault spent = fault(Reason.CREDENTIALS, () -> stale.dav().stat("Moodle"));
        assertEquals(Kind.CLOUD_DOWN, spent.kind());
        assertTrue(spent.getMessage().contains("jouvence.folders.cloud.oauth.refresh-token"), spent.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void an_access_token_refused_early_is_refreshed_once_and_the_call_made_again(Flavour f) throws Exception {
        start(f);
        sim.mkdirs(SYS, "Moodle/Set");
        String initial = client().oauth().exchange(authorise(client(), SYS), REDIRECT).refreshToken();
        RefreshTokenStore.InMemory store = new RefreshTokenStore.InMemory();
        CloudClient client = new CloudClient(camel, config(sim.url(), "", initial, 2, Duration.ofSeconds(20)), store,
                Clock.systemUTC());
        client.shares().create("Moodle/Set", "alice", 31);
        sim.expireAccessTokens();
        sim.clearCalls();
        assertEquals(1, client.shares().list("Moodle/Set", false).size());
        assertEquals(List.of("GET 401", "POST 200", "GET 200"), sim.calls().stream()
                .map(c -> c.method() + " " + c.status()).toList());

        // the system account logged out (its tokens refused): the cloud is down for us, after one refresh attempt
        sim.refuseCredentials(SYS, true);
        sim.expireAccessTokens();
        CloudFault down = fault(Reason.CREDENTIALS, () -> client.dav().list("Moodle", Depth.ONE));
        assertEquals(Kind.CLOUD_DOWN, down.kind());
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void a_refresh_token_of_another_account_is_refused(Flavour f) throws Exception {
        start(f);
        String alices = client().oauth().exchange(authorise(client(), "alice"), REDIRECT).refreshToken();
        CloudClient client = new CloudClient(camel, config(sim.url(), "", alices, 2, Duration.ofSeconds(20)),
                new RefreshTokenStore.InMemory(), Clock.systemUTC());
        CloudFault wrong = fault(Reason.MISCONFIGURED, () -> client.dav().list("", Depth.ZERO));
        assertTrue(wrong.getMessage().contains("alice's, not the system account's"), wrong.getMessage());
        assertEquals(0, calls("PROPFIND"));
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void without_user_id_in_the_token_answer_the_user_is_asked_from_cloud_user(Flavour f) throws Exception {
        start(f);
        // a front that forwards every call to the simulated cloud and drops user_id from the token endpoint's answers
        HttpServer front = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        HttpClient http = HttpClient.newHttpClient();
        front.createContext("/", ex -> {
            try (ex) {
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.url() + ex.getRequestURI()))
                        .method(ex.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(
                                ex.getRequestBody().readAllBytes()));
                for (String h : List.of("Authorization", "Content-Type", "OCS-APIRequest", "Accept")) {
                    String v = ex.getRequestHeaders().getFirst(h);
                    if (v != null) {
                        b.header(h, v);
                    }
                }
                HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                String body = r.body().replaceAll(",\\s*\"user_id\"\\s*:\\s*\"[^\"]*\"", "");
                ex.getResponseHeaders().set("Content-Type", r.headers().firstValue("Content-Type").orElse("text/plain"));
                byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                ex.sendResponseHeaders(r.statusCode(), bytes.length == 0 ? -1 : bytes.length);
                ex.getResponseBody().write(bytes);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        front.start();
        try {
            String url = "http://127.0.0.1:" + front.getAddress().getPort();
            CloudClient client = new CloudClient(camel, config(url, SYS_PW, "", 2, Duration.ofSeconds(20)),
                    new RefreshTokenStore.InMemory(), Clock.systemUTC());
            String code = authorise(client(), "bob");
            sim.clearCalls();
            TokenSet t = client.oauth().exchange(code, REDIRECT);
            assertEquals("bob", t.userId());
            assertEquals(List.of("POST " + TOKEN_PATH, "GET /ocs/v2.php/cloud/user"), sim.calls().stream()
                    .map(c -> c.method() + " " + c.path()).toList());
        } finally {
            front.stop(0);
        }
    }
}
