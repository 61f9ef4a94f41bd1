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
        // s3, alone in a course of their own, switches cloud accounts (resetMovesTheShareToTheAccountConnectedSince)
        cloud.addUser("cloud-s3", "S3 in the cloud", "s3@univ.example");
        cloud.addUser("new-s3", "S3's new account", "s3.new@univ.example");
        jouvence.client.addCourse(OTHER_COURSE, "CHEM", "Chemistry 101", 3, "teacher1");
        jouvence.client.addUser("s3", "S3", "Student");
        jouvence.client.password("s3", "Pass-s3");
        g.enrol("s3", OTHER_COURSE, "student");
        g.addMember(g.addGroup(OTHER_COURSE, "Team C"), "s3");
        cloud.addUser("cloud-s4", "S4 in the cloud", "s4@univ.example");
        cloud.addUser("new-s4", "S4's new account", "s4.new@univ.example");
        jouvence.client.addCourse(THIRD_COURSE, "PHY", "Physics 101", 3, "teacher1");
        jouvence.client.addUser("s4", "S4", "Student");
        jouvence.client.password("s4", "Pass-s4");
        g.enrol("s4", THIRD_COURSE, "student");
        g.addMember(g.addGroup(THIRD_COURSE, "Team D"), "s4");
    }

    private static final int THIRD_COURSE = 12;

    private static final int OTHER_COURSE = 11;

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

    /** The shares the cloud has of one folder, with whom. */
    private static List<CloudSimulator.ShareInfo> sharesOf(long fileId) {
        return cloud.shares().stream().filter(x -> x.fileId() == fileId).toList();
    }

    /** Where the folder of this file id is in a cloud user's files (a share keeps the file id). */
    private static String mountOf(String user, long fileId) {
        return cloud.tree(user).stream().filter(e -> e.fileId() == fileId).map(CloudSimulator.Entry::path).findFirst()
                .orElse("(not in " + user + "'s files)");
    }

    /**
     * The plugin's reset exists for a lost or changed cloud account (its issue #13): a participant connected another
     * account after their folder was shared; Reset revokes the share made for the old account (only it), shares the
     * folder with the new one (the record follows, one per folder and user) and names the new copy as before.
     */
    @Test
    void resetMovesTheShareToTheAccountConnectedSinceAndNamesTheNewCopyAsBefore() throws Exception {
        Response created = jouvence.api("POST", "/api/v1/folder-sets", "{\"courseId\": " + OTHER_COURSE
                + ", \"name\": \"Field notes\", \"groupMode\": \"groups\"}");
        assertEquals(201, created.status(), created.body());
        long set = created.json().get("id").asLong();
        reconciled(set);
        long fileId = jouvence.count("SELECT file_id FROM cloud_folder WHERE folder_set_id = " + set
                + " AND kind = 'group'");
        Browser first = new Browser().login("s3");
        cloud.authorizeAs("cloud-s3");
        first.connect();
        CloudSimulator.ShareInfo old = FoldersJouvence.poll(Duration.ofSeconds(30), () -> sharesOf(fileId),
                l -> !l.isEmpty()).get(0);
        assertEquals("cloud-s3", old.shareWith());
        String row = FoldersJouvence.poll(Duration.ofSeconds(10), () -> row(first.folders(), set),
                r -> r.contains("data-state=\"shared\""));
        HttpResponse<String> named = first.post("/folders/name", "set", Long.toString(set), "share",
                Long.toString(old.id()), "name", "My notes", "csrf", csrf(row));
        assertEquals(303, named.statusCode(), named.body());
        assertEquals("/My notes", mountOf("cloud-s3", fileId), first.folders());

        // Later, s3 connects another cloud account: the page says Reset moves the folder to it; nothing moves yet.
        Browser later = new Browser().login("s3");
        cloud.authorizeAs("new-s3");
        String connected = later.connect();
        assertTrue(connected.contains("before, you had connected &quot;cloud-s3&quot;") && connected.contains(
                "Press Reset on a folder to share it with &quot;new-s3&quot; instead"), connected);
        assertEquals(List.of("cloud-s3"), sharesOf(fileId).stream().map(CloudSimulator.ShareInfo::shareWith).toList());

        cloud.clearCalls();
        HttpResponse<String> reset = later.post("/folders/reset", "set", Long.toString(set), "share",
                Long.toString(old.id()), "csrf", csrf(connected));
        assertEquals("/folders", reset.headers().firstValue("Location").orElseThrow(), reset.body());
        String page = later.folders();
        assertTrue(page.contains("The folder was shared with your cloud account &quot;cloud-s3&quot;: that share is "
                + "revoked, and the folder is now shared with &quot;new-s3&quot;, the account you connected. Your "
                + "copy is now called &quot;My notes&quot; in your cloud."), page);

        List<CloudSimulator.ShareInfo> now = sharesOf(fileId);
        assertEquals(List.of("new-s3"), now.stream().map(CloudSimulator.ShareInfo::shareWith).toList());
        assertTrue(now.get(0).id() != old.id(), "a new share");
        assertEquals(List.of("/ocs/v2.php/apps/files_sharing/api/v1/shares/" + old.id()), cloud.writeCalls().stream()
                .filter(c -> c.method().equals("DELETE")).map(CloudSimulator.Call::path).toList(),
                "only the old account's share is revoked");
        assertEquals("(not in cloud-s3's files)", mountOf("cloud-s3", fileId));
        assertEquals("/My notes", mountOf("new-s3", fileId), "the new copy named as the participant named the old");
        assertEquals(1, jouvence.count("SELECT count(*) FROM cloud_share s JOIN cloud_folder f ON f.id = s.folder_id "
                + "WHERE f.folder_set_id = " + set + " AND s.moodle_username = 's3'"), "one share per folder and user");
        assertEquals(1, jouvence.count("SELECT count(*) FROM cloud_share s JOIN cloud_folder f ON f.id = s.folder_id "
                + "WHERE f.folder_set_id = " + set + " AND s.moodle_username = 's3' AND s.state = 'shared' AND "
                + "s.cloud_user_id = 'new-s3' AND s.share_id = " + now.get(0).id()));
        assertEquals(1, jouvence.count("SELECT count(*) FROM folder_event WHERE folder_set_id = " + set + " AND step = "
                + "'share' AND message LIKE 'revoked share " + old.id() + " of cloud-s3%Reset%new-s3%'"),
                "the trail says it");
        assertTrue(row(page, set).contains("Shared with you as new-s3") && !row(page, set).contains(
                "account-mismatch"), row(page, set));

        // Nothing left to move: the next reconcile writes nothing, and Reset again changes nothing.
        cloud.clearCalls();
        assertEquals(202, jouvence.api("POST", "/api/v1/folder-sets/" + set + "/sync", null).status());
        reconciled(set);
        later.post("/folders/reset", "set", Long.toString(set), "share", Long.toString(now.get(0).id()), "csrf",
                csrf(page));
        assertTrue(later.folders().contains("The folder is still shared with you: nothing had to be made again."));
        assertEquals(List.of(), cloud.writeCalls().stream().filter(c -> !c.method().equals("MOVE")).toList());
        assertEquals(now, sharesOf(fileId));
    }

    /** The cloud cannot be reached when Reset asks the move: said as not done yet, and the move is made once it can. */
    @Test
    void aMoveTheCloudCouldNotMakeNowIsMadeByALaterReconcileOnce() throws Exception {
        Response created = jouvence.api("POST", "/api/v1/folder-sets", "{\"courseId\": " + THIRD_COURSE
                + ", \"name\": \"Lab book\", \"groupMode\": \"groups\"}");
        assertEquals(201, created.status(), created.body());
        long set = created.json().get("id").asLong();
        reconciled(set);
        long fileId = jouvence.count("SELECT file_id FROM cloud_folder WHERE folder_set_id = " + set
                + " AND kind = 'group'");
        cloud.authorizeAs("cloud-s4");
        new Browser().login("s4").connect();
        CloudSimulator.ShareInfo old = FoldersJouvence.poll(Duration.ofSeconds(30), () -> sharesOf(fileId),
                l -> !l.isEmpty()).get(0);
        FoldersJouvence.poll(Duration.ofSeconds(30), () -> reconciled(set).get("state").asText(), "ready"::equals);
        Browser later = new Browser().login("s4");
        cloud.authorizeAs("new-s4");
        String connected = later.connect();

        cloud.clearCalls();
        cloud.failNextRequests(1000, 503);
        try {
            later.post("/folders/reset", "set", Long.toString(set), "share", Long.toString(old.id()), "csrf",
                    csrf(connected));
        } finally {
            cloud.clearFaults();
        }
        String page = later.folders();
        assertTrue(page.contains("The folder is being shared with you again, but it is not done yet"), page);
        assertEquals(List.of(old), sharesOf(fileId), "nothing moved yet");
        assertEquals(1, jouvence.count("SELECT count(*) FROM cloud_share WHERE share_id = " + old.id()
                + " AND move_asked AND cloud_user_id = 'cloud-s4'"), "the move is still asked");
        JsonNode waiting = jouvence.api("GET", "/api/v1/folder-sets/" + set, null).json().get("shares").get(0);
        assertTrue(waiting.get("moveAsked").asBoolean(), "the API says so: " + waiting);

        assertEquals(202, jouvence.api("POST", "/api/v1/folder-sets/" + set + "/sync", null).status());
        List<CloudSimulator.ShareInfo> now = FoldersJouvence.poll(Duration.ofSeconds(30), () -> sharesOf(fileId),
                l -> l.size() == 1 && l.get(0).shareWith().equals("new-s4"));
        assertEquals(List.of("/ocs/v2.php/apps/files_sharing/api/v1/shares/" + old.id()), cloud.writeCalls().stream()
                .filter(c -> c.method().equals("DELETE") && c.status() < 300).map(CloudSimulator.Call::path).toList(),
                "the old share revoked once");
        // the record follows the cloud's answer (polled: the share exists in the cloud a moment before it is saved)
        assertEquals(1L, FoldersJouvence.poll(Duration.ofSeconds(10), () -> jouvence.count("SELECT count(*) FROM "
                + "cloud_share WHERE share_id = " + now.get(0).id() + " AND NOT move_asked AND cloud_user_id = "
                + "'new-s4' AND state = 'shared'"), n -> n == 1L));
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
