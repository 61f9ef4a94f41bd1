package jouvence.folders;

import com.fasterxml.jackson.databind.JsonNode;
import jouvence.TestJouvence;
import jouvence.folders.FoldersJouvence.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import simulator.SimulatedGroups;
import simulator.cloud.CloudSimulator;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static jouvence.folders.FoldersWebTest.csrf;
import static jouvence.folders.FoldersWebTest.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * jouvence.folders.identity=oauth end to end: a real Jouvence on the real PostgreSQL, the simulated new platform and
 * the simulated Nextcloud over sockets. The participants' cloud accounts are not their Moodle usernames: a participant
 * is shared only once they connected their cloud on /folders, and then as the account they authorised.
 */
class FoldersOauthIdentityTest {

    private static final int COURSE = 10;
    private static final String SYS = "jouvence";
    private static CloudSimulator cloud;
    private static FoldersJouvence jouvence;

    @BeforeAll
    static void start() throws Exception {
        cloud = CloudSimulator.nextcloud().start();
        cloud.addUser(SYS, "Jouvence", "jouvence@univ.example").appPassword(SYS, "sys-app-password");
        // the cloud knows the students under other ids than Moodle's (s1, s2 are no cloud users at all)
        cloud.addUser("cloud-s1", "S1 in the cloud", "s1@univ.example");
        cloud.addUser("other-s1", "S1's other account", "s1.other@univ.example");
        int port = TestJouvence.freePort();
        String redirect = "http://127.0.0.1:" + port + "/folders/oauth";
        cloud.addOAuthClient("jouvence-web", "web-client-secret", redirect);
        jouvence = new FoldersJouvence(Map.of("jouvence.folders.cloud.url", cloud.url(),
                "jouvence.folders.cloud.user", SYS, "jouvence.folders.cloud.app-password", "sys-app-password",
                "jouvence.folders.cloud.read-timeout", "3s", "jouvence.folders.identity", "oauth",
                "camel.server.port", Integer.toString(port), "jouvence.folders.cloud.oauth.client-id", "jouvence-web",
                "jouvence.folders.cloud.oauth.client-secret", "web-client-secret",
                "jouvence.folders.cloud.oauth.redirect-uri", redirect));
        jouvence.reset();
        jouvence.client.addCourse(COURSE, "BIO", "Biology 101", 3, "teacher1");
        SimulatedGroups g = jouvence.client.groups();
        for (String s : List.of("s1", "s2")) {
            jouvence.client.addUser(s, s.toUpperCase(), "Student");
            jouvence.client.password(s, "Pass-" + s);
            g.enrol(s, COURSE, "student");
        }
        int team = g.addGroup(COURSE, "Team A");
        g.addMember(team, "s1");
        g.addMember(team, "s2");
    }

    @AfterAll
    static void stop() throws Exception {
        if (jouvence != null) {
            jouvence.close();
        }
        cloud.close();
    }

    /** A browser: its own cookies, redirects not followed. */
    static final class Browser {
        final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();

        HttpResponse<String> get(String path) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path
                    : "http://127.0.0.1:" + jouvence.apiPort + path)).header("Accept-Language", "en").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String path, String... fields) throws Exception {
            StringBuilder body = new StringBuilder();
            for (int i = 0; i < fields.length; i += 2) {
                body.append(body.length() == 0 ? "" : "&").append(URLEncoder.encode(fields[i], StandardCharsets.UTF_8))
                        .append('=').append(URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8));
            }
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + jouvence.apiPort + path))
                    .header("Accept-Language", "en").header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        Browser login(String username) throws Exception {
            assertEquals(303, post("/login", "username", username, "password", "Pass-" + username, "csrf",
                    csrf(get("/login").body())).statusCode());
            return this;
        }

        String folders() throws Exception {
            return get("/folders").body();
        }

        /** "Connect my cloud": through the cloud's authorisation and back to /folders. */
        String connect() throws Exception {
            HttpResponse<String> r = post("/folders/connect", "csrf", csrf(folders()));
            assertEquals(303, r.statusCode(), r.body());
            assertTrue(r.headers().firstValue("Location").orElseThrow().startsWith(cloud.url()
                    + "/index.php/apps/oauth2/authorize?"), r.headers().toString());
            for (int i = 0; i < 5 && (r.statusCode() == 303 || r.statusCode() == 302); i++) {
                r = get(r.headers().firstValue("Location").orElseThrow());
            }
            assertEquals(200, r.statusCode(), r.body());
            return r.body();
        }
    }

    private JsonNode reconciled(long id) throws Exception {
        JsonNode s = FoldersJouvence.poll(Duration.ofSeconds(30), () -> jouvence.api("GET", "/api/v1/folder-sets/"
                + id, null).json(), n -> Set.of("ready", "partial", "failed").contains(n.get("state").asText())
                && n.get("lastReconciledAt") != null && !n.get("lastReconciledAt").isNull());
        return s;
    }

    private static Map<String, String> shareStates(JsonNode set) {
        Map<String, String> out = new java.util.TreeMap<>();
        set.get("shares").forEach(s -> out.put(s.get("moodleUsername").asText(), s.get("state").asText()
                + (s.get("cloudUserId").isNull() ? "" : " " + s.get("cloudUserId").asText())));
        return out;
    }

    @Test
    void aParticipantIsSharedOnlyOnceTheyConnectTheirCloudAndThenAsThatAccount() throws Exception {
        Response created = jouvence.api("POST", "/api/v1/folder-sets", "{\"courseId\": 10, \"name\": \"Lab reports\", "
                + "\"groupMode\": \"groups\"}");
        assertEquals(201, created.status(), created.body());
        long set = created.json().get("id").asLong();
        JsonNode first = reconciled(set);
        assertEquals("ready", first.get("state").asText(), "waiting for people is not an error: " + first);
        assertEquals(Map.of("s1", "awaiting-connect", "s2", "awaiting-connect"), shareStates(first));
        assertEquals(List.of(), cloud.shares(), "nobody connected: nobody shared");

        Browser s1 = new Browser().login("s1");
        String row = row(s1.folders(), set);
        assertTrue(row.contains("data-state=\"connect\"") && row.contains("Waiting for you to connect your cloud")
                && row.contains("class=\"connect-cloud\""), row);
        assertEquals(403, s1.post("/folders/connect").statusCode(), "no CSRF token: refused");

        cloud.authorizeAs("cloud-s1");
        String back = s1.connect();
        assertTrue(back.contains("Your cloud account &quot;cloud-s1&quot; is connected. The folders that waited for "
                + "it are being shared with it now."), back);
        List<CloudSimulator.ShareInfo> shared = FoldersJouvence.poll(Duration.ofSeconds(30), cloud::shares,
                l -> !l.isEmpty());
        assertEquals(List.of("cloud-s1"), shared.stream().map(CloudSimulator.ShareInfo::shareWith).toList(),
                "shared with the account s1 authorised, at once");
        assertEquals(Map.of("s1", "shared cloud-s1", "s2", "awaiting-connect"), FoldersJouvence.poll(
                Duration.ofSeconds(30), () -> shareStates(reconciled(set)), m -> m.get("s1").startsWith("shared")));
        assertEquals(1, jouvence.count("SELECT count(*) FROM cloud_account WHERE moodle_username = 's1' AND "
                + "cloud_user_id = 'cloud-s1' AND authorised_at > now() - interval '5 minutes'"));
        String sharedRow = FoldersJouvence.poll(Duration.ofSeconds(10), () -> row(s1.folders(), set),
                r -> r.contains("data-state=\"shared\""));
        assertTrue(sharedRow.contains("Shared with you as cloud-s1") && !sharedRow.contains("account-mismatch"),
                sharedRow);

        // Nothing changed: a reconcile makes no write.
        cloud.clearCalls();
        assertEquals(202, jouvence.api("POST", "/api/v1/folder-sets/" + set + "/sync", null).status());
        FoldersJouvence.poll(Duration.ofSeconds(30), () -> jouvence.api("GET", "/api/v1/folder-sets/" + set, null)
                .json(), n -> (n.get("nextAttemptAt") == null || n.get("nextAttemptAt").isNull())
                && Set.of("ready", "partial").contains(n.get("state").asText())); // settled, not merely claimed
        assertEquals(List.of(), cloud.writeCalls(), "s2 still waits: no call for them, no write at all");

        // A later authorisation as another cloud account: recorded, said, and the page warns; the share stays.
        Browser again = new Browser().login("s1");
        cloud.authorizeAs("other-s1");
        String other = again.connect();
        assertTrue(other.contains("Your cloud account &quot;other-s1&quot; is connected.")
                && other.contains("before, you had connected &quot;cloud-s1&quot;"), other);
        assertTrue(row(other, set).contains("you last authorised Jouvence as &quot;other-s1&quot;, but this folder is "
                + "shared with &quot;cloud-s1&quot;"), row(other, set));
        assertEquals(1, jouvence.count("SELECT count(*) FROM cloud_account WHERE moodle_username = 's1' AND "
                + "cloud_user_id = 'other-s1' AND previous_cloud_user_id = 'cloud-s1'"));
        assertEquals(List.of("cloud-s1"), cloud.shares().stream().map(CloudSimulator.ShareInfo::shareWith).toList());

        // The tokens the cloud issued are nowhere in the database.
        for (String token : cloud.issuedTokens()) {
            assertEquals(0, jouvence.count("SELECT count(*) FROM cloud_account WHERE cloud_user_id LIKE '%" + token
                    + "%' OR previous_cloud_user_id LIKE '%" + token + "%'"), "a token recorded");
        }
        assertFalse(jouvence.count("SELECT count(*) FROM information_schema.columns WHERE table_name = "
                + "'cloud_account' AND column_name LIKE '%token%'") > 0, "no token column");
    }
}
