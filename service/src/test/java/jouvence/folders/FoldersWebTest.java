package jouvence.folders;

import com.fasterxml.jackson.databind.JsonNode;
import jouvence.LogRecorder;
import jouvence.TestJouvence;
import jouvence.folders.FoldersJouvence.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The participants' page over HTTP: a real Jouvence with jouvence.folders.share-mode=opt-in, the simulated new
 * platform (login, groups) and the simulated Nextcloud, over sockets. Who sees what, "Add to my cloud" then shared.
 */
class FoldersWebTest {

    private static final int COURSE = 10;
    private static final String SYS = "jouvence";
    private static CloudSimulator cloud;
    private static FoldersJouvence jouvence;

    @BeforeAll
    static void start() throws Exception {
        cloud = CloudSimulator.nextcloud().start();
        cloud.addUser(SYS, "Jouvence", "jouvence@univ.example").appPassword(SYS, "sys-app-password");
        for (String s : List.of("s1", "s2", "s3", "s4", "teacher1")) {
            cloud.addUser(s, s.toUpperCase(), s + "@univ.example");
        }
        int port = TestJouvence.freePort();
        String redirect = "http://127.0.0.1:" + port + "/folders/oauth";
        cloud.addOAuthClient("jouvence-web", "web-client-secret", redirect);
        jouvence = new FoldersJouvence(Map.of("jouvence.folders.cloud.url", cloud.url(),
                "jouvence.folders.cloud.user", SYS, "jouvence.folders.cloud.app-password", "sys-app-password",
                "jouvence.folders.cloud.read-timeout", "3s", "jouvence.folders.share-mode", "opt-in",
                "camel.server.port", Integer.toString(port), "jouvence.folders.cloud.oauth.client-id", "jouvence-web",
                "jouvence.folders.cloud.oauth.client-secret", "web-client-secret",
                "jouvence.folders.cloud.oauth.redirect-uri", redirect));
    }

    @AfterAll
    static void stop() throws Exception {
        jouvence.close();
        cloud.close();
    }

    @BeforeEach
    void course() throws Exception {
        jouvence.reset();
        jouvence.client.addCourse(COURSE, "BIO", "Biology 101", 3, "teacher1");
        SimulatedGroups g = jouvence.client.groups();
        for (String s : List.of("s1", "s2", "s3", "s4")) {
            jouvence.client.addUser(s, s.toUpperCase(), "Student");
            jouvence.client.password(s, "Pass-" + s);
            g.enrol(s, COURSE, "student");
        }
        int teamA = g.addGroup(COURSE, "Team A");
        int teamB = g.addGroup(COURSE, "Team B");
        g.addMember(teamA, "s1");
        g.addMember(teamA, "s2");
        g.addMember(teamB, "s3");
    }

    /** A browser: its own cookies, redirects not followed. */
    final class Browser {
        final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();

        HttpResponse<String> get(String path) throws Exception {
            return http.send(HttpRequest.newBuilder(uri(path)).header("Accept-Language", "en").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String path, String... fields) throws Exception {
            StringBuilder body = new StringBuilder();
            for (int i = 0; i < fields.length; i += 2) {
                body.append(body.length() == 0 ? "" : "&").append(URLEncoder.encode(fields[i], StandardCharsets.UTF_8))
                        .append('=').append(URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8));
            }
            return http.send(HttpRequest.newBuilder(uri(path)).header("Accept-Language", "en")
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        Browser login(String username, String password) throws Exception {
            HttpResponse<String> r = post("/login", "username", username, "password", password, "csrf",
                    csrf(get("/login").body()));
            assertEquals(303, r.statusCode(), r.body());
            return this;
        }

        String folders() throws Exception {
            HttpResponse<String> r = get("/folders");
            assertEquals(200, r.statusCode(), r.body());
            return r.body();
        }
    }

    private static URI uri(String path) {
        return URI.create(path.startsWith("http") ? path : "http://127.0.0.1:" + jouvence.apiPort + path);
    }

    static String csrf(String html) {
        Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(html);
        assertTrue(m.find(), "no csrf field in " + html);
        return m.group(1);
    }

    /** The table row of a set on /folders (there is one per set here). */
    static String row(String html, long set) {
        Matcher m = Pattern.compile("<tr class=\"folder\" data-set=\"" + set + "\".*?</tr>", Pattern.DOTALL)
                .matcher(html);
        assertTrue(m.find(), "no row of set " + set + " in " + html);
        return m.group();
    }

    private long create(String name, boolean teacherAccess) throws Exception {
        Response r = jouvence.api("POST", "/api/v1/folder-sets", "{\"courseId\": 10, \"name\": \"" + name
                + "\", \"groupMode\": \"groups\", \"teacherAccess\": " + teacherAccess + "}");
        assertEquals(201, r.status(), r.body());
        long id = r.json().get("id").asLong();
        settled(id);
        return id;
    }

    private JsonNode settled(long id) throws Exception {
        JsonNode s = FoldersJouvence.poll(Duration.ofSeconds(30), () -> jouvence.api("GET", "/api/v1/folder-sets/"
                + id, null).json(), n -> Set.of("ready", "partial", "failed").contains(n.get("state").asText()));
        assertEquals("ready", s.get("state").asText(), s.toPrettyString());
        return s;
    }

    /** Who has a share of one of the set's folders (the cloud is shared by every test: set ids are never reused). */
    /** Shares under the set's own folder: the segment after the course's (an id alone may also be the course's). */
    private List<String> sharedWith(long set) {
        return cloud.shares().stream().filter(s -> {
            List<String> segments = List.of(s.path().split("/"));
            int course = segments.indexOf(segments.stream().filter(g -> g.endsWith(" (id " + COURSE + ")"))
                    .findFirst().orElse(""));
            return course >= 0 && course + 1 < segments.size()
                    && segments.get(course + 1).endsWith(" (id " + set + ")");
        }).map(CloudSimulator.ShareInfo::shareWith).sorted().toList();
    }

    @Test
    void eachUserSeesTheirOwnFoldersAndNobodyIsSharedBeforeAsking() throws Exception {
        long noTeachers = create("Lab reports", false);
        long withTeachers = create("Essays", true);
        assertEquals(List.of(), sharedWith(noTeachers), "opt-in: the folders are made, nobody is shared yet");
        assertEquals(List.of(), sharedWith(withTeachers));

        String s1 = new Browser().login("s1", "Pass-s1").folders();
        String lab = row(s1, noTeachers);
        assertTrue(lab.contains("data-state=\"not-added\"") && lab.contains("Team A (id ")
                && lab.contains("class=\"add-to-cloud\""), lab);
        assertTrue(row(s1, withTeachers).contains("Team A (id "), s1);

        String s4 = new Browser().login("s4", "Pass-s4").folders();
        assertTrue(row(s4, noTeachers).contains("data-situation=\"no-group\"")
                && row(s4, noTeachers).contains("You are not in any group of this activity"), s4);
        assertFalse(s4.contains("add-to-cloud"), "nothing to add for someone in no group");

        String teacher = new Browser().login("teacher1", "Teacher1!").folders();
        assertTrue(row(teacher, noTeachers).contains("Teachers are not allowed into this activity"), teacher);
        String essays = row(teacher, withTeachers);
        assertTrue(essays.contains("Essays (id " + withTeachers + ")") && essays.contains("data-state=\"not-added\""),
                essays);
    }

    @Test
    void theHeaderLinksToTheFoldersOnceLoggedInInEnglishAndFrench() throws Exception {
        Browser anonymous = new Browser();
        assertFalse(anonymous.get("/login").body().contains("folders-link"), "not before login");
        Browser s1 = new Browser().login("s1", "Pass-s1");
        for (String page : List.of("/folders", "/restore")) {
            String html = s1.get(page).body();
            assertTrue(html.contains("<a href=\"/folders\" id=\"folders-link\">Your collaborative folders</a>"),
                    page + ": " + html);
        }
        String french = s1.get("/restore?lang=fr").body();
        assertTrue(french.contains("<a href=\"/folders\" id=\"folders-link\">Vos dossiers collaboratifs</a>"), french);
    }

    @Test
    void addToMyCloudSharesOnlyThatParticipantAtOnceAndThePageSaysAsWhom() throws Exception {
        long set = create("Lab reports", false);
        Browser s1 = new Browser().login("s1", "Pass-s1");
        String page = s1.folders();

        assertEquals(403, s1.post("/folders/add", "set", Long.toString(set)).statusCode(), "no CSRF token: refused");
        assertEquals(403, s1.post("/folders/add", "set", Long.toString(set), "csrf", "forged").statusCode());
        assertEquals(List.of(), sharedWith(set));

        HttpResponse<String> added = s1.post("/folders/add", "set", Long.toString(set), "csrf", csrf(page));
        assertEquals(303, added.statusCode(), added.body());
        assertEquals("/folders", added.headers().firstValue("Location").orElseThrow());
        assertTrue(s1.folders().contains("the folder is being shared with you"), "the flash says it");
        FoldersJouvence.poll(Duration.ofSeconds(30), () -> sharedWith(set), w -> !w.isEmpty());
        assertEquals(List.of("s1"), sharedWith(set), "only the one who asked");

        String row = FoldersJouvence.poll(Duration.ofSeconds(30), () -> row(s1.folders(), set),
                r -> r.contains("data-state=\"shared\""));
        assertTrue(row.contains("Shared with you as s1") && row.contains(cloud.url()
                + "/index.php/apps/files/?dir=/Team%20A%20%28id%20") && !row.contains("add-to-cloud"), row);
        assertTrue(row(new Browser().login("s2", "Pass-s2").folders(), set).contains("data-state=\"not-added\""),
                "s2 has not asked");
    }

    /** s1 asks for the set's folder and waits until it is shared; returns their page's row. */
    private String sharedWithS1(Browser s1, long set) throws Exception {
        assertEquals(303, s1.post("/folders/add", "set", Long.toString(set), "csrf", csrf(s1.folders())).statusCode());
        return FoldersJouvence.poll(Duration.ofSeconds(30), () -> row(s1.folders(), set),
                r -> r.contains("data-state=\"shared\""));
    }

    /** Where the folder of this file id is mounted in s1's files (a share keeps the file id). */
    private static String mountOf(long fileId) {
        return cloud.tree("s1").stream().filter(e -> e.fileId() == fileId).map(CloudSimulator.Entry::path).findFirst()
                .orElse("(not in s1's files)");
    }

    static String field(String html, String name) {
        Matcher m = Pattern.compile("name=\"" + name + "\" value=\"([^\"]+)\"").matcher(html);
        assertTrue(m.find(), "no field " + name + " in " + html);
        return m.group(1);
    }

    /** Follows redirects (through the cloud's authorisation and back) until a page of Jouvence answers 200. */
    private static HttpResponse<String> follow(Browser b, HttpResponse<String> r) throws Exception {
        for (int i = 0; i < 5 && (r.statusCode() == 303 || r.statusCode() == 302); i++) {
            r = b.get(r.headers().firstValue("Location").orElseThrow());
        }
        return r;
    }

    @Test
    void namingTheCopyGoesThroughTheCloudsAuthorisationThenRenamesOnlyTheMountAndATakenNameIsSaidInWords()
            throws Exception {
        LogRecorder logs = LogRecorder.install();
        long set = create("Lab reports", false);
        Browser s1 = new Browser().login("s1", "Pass-s1");
        String row = sharedWithS1(s1, set);
        String share = field(row, "share");
        long fileId = jouvence.count("SELECT file_id FROM cloud_folder WHERE folder_set_id = " + set
                + " AND kind = 'group'");
        assertTrue(mountOf(fileId).startsWith("/Team A (id "), mountOf(fileId));
        cloud.mkdirs("s1", "Taken");
        cloud.authorizeAs("s1");
        // The page's forms may lead to the cloud's authorisation (browsers apply CSP form-action to the redirect after a
        // POST): its origin, and only it, is allowed beside this site.
        String csp = s1.get("/folders").headers().firstValue("Content-Security-Policy").orElseThrow();
        assertTrue(csp.contains("form-action 'self' " + cloud.url() + ";"), csp);
        assertTrue(s1.get("/restore").headers().firstValue("Content-Security-Policy").orElseThrow()
                .contains("form-action 'self';"), "other pages: this site only");

        HttpResponse<String> asked = s1.post("/folders/name", "set", Long.toString(set), "share", share, "name",
                "My lab", "csrf", csrf(row));
        assertEquals(303, asked.statusCode(), asked.body());
        String authorize = asked.headers().firstValue("Location").orElseThrow();
        assertTrue(authorize.startsWith(cloud.url() + "/index.php/apps/oauth2/authorize?") && authorize.contains(
                "state="), authorize);
        String page = follow(s1, asked).body();
        assertTrue(page.contains("Your copy is now called &quot;My lab&quot; in your cloud."), page);
        assertEquals("/My lab", mountOf(fileId), "the share's mount renamed, in place");
        assertTrue(row(page, set).contains(cloud.url() + "/index.php/apps/files/?dir=/My%20lab"), row(page, set));

        // The authorisation is kept in the session: a second name needs no trip to the cloud.
        HttpResponse<String> taken = s1.post("/folders/name", "set", Long.toString(set), "share", share, "name",
                "Taken", "csrf", csrf(page));
        assertEquals("/folders", taken.headers().firstValue("Location").orElseThrow());
        String after = s1.folders();
        assertTrue(after.contains("You already have something called &quot;Taken&quot; in your cloud: choose another "
                + "name."), after);
        assertEquals("/My lab", mountOf(fileId), "the copy stays as it was");
        assertTrue(cloud.tree("s1").stream().anyMatch(e -> e.path().equals("/Taken")), "their own folder untouched");

        for (String bad : List.of("a:b", "../up", "x/y", "it's", "")) {
            s1.post("/folders/name", "set", Long.toString(set), "share", share, "name", bad, "csrf", csrf(after));
            String refused = s1.folders();
            assertTrue(refused.contains("That name cannot be used: the name"), bad + ": " + refused);
        }
        assertEquals("/My lab", mountOf(fileId), "nothing renamed");

        // An answer of the cloud that this session did not ask for is refused (the state is bound to the session).
        HttpResponse<String> forged = s1.get("/folders/oauth?code=stolen&state=made-up");
        assertEquals(303, forged.statusCode());
        assertTrue(s1.folders().contains("This cloud authorisation was not asked from this session"), "forged state");

        // Another session authorising as another cloud account: said in words, and warned on the page afterwards.
        Browser again = new Browser().login("s1", "Pass-s1");
        cloud.authorizeAs("s2");
        String other = follow(again, again.post("/folders/name", "set", Long.toString(set), "share", share, "name",
                "Elsewhere", "csrf", csrf(again.folders()))).body();
        assertTrue(other.contains("You authorised Jouvence as &quot;s2&quot;, but this folder is shared with "
                + "&quot;s1&quot;"), other);
        assertTrue(row(again.folders(), set).contains("you last authorised Jouvence as &quot;s2&quot;"), "warned");
        assertEquals("/My lab", mountOf(fileId), "nothing renamed");


        List<String> tokens = cloud.issuedTokens();
        assertFalse(tokens.isEmpty());
        for (String token : tokens) {
            assertEquals(0, jouvence.count(everyTextColumnContaining(token)), "a token in the database");
            assertEquals(List.of(), logs.linesContaining(token), "a token in the logs");
        }
    }

    /** The cloud (its admin, or the participant unsharing it from themselves) deletes a share: real OCS, over HTTP. */
    private static void deleteShareInTheCloud(long shareId) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(cloud.url()
                + "/ocs/v2.php/apps/files_sharing/api/v1/shares/" + shareId)).header("OCS-APIRequest", "true")
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString((SYS
                        + ":sys-app-password").getBytes(StandardCharsets.UTF_8))).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
    }

    private static List<Long> sharesOfS1(long fileId) {
        return cloud.shares().stream().filter(x -> x.shareWith().equals("s1") && x.fileId() == fileId)
                .map(CloudSimulator.ShareInfo::id).toList();
    }

    @Test
    void resetMakesAGoneShareAgainAndPutsTheCopysNameBackAsTheParticipant() throws Exception {
        long set = create("Lab reports", false);
        Browser s1 = new Browser().login("s1", "Pass-s1");
        String row = sharedWithS1(s1, set);
        String share = field(row, "share");
        assertTrue(row.contains("class=\"reset-share\""), "Reset is offered for a folder shared with you: " + row);
        assertFalse(row(new Browser().login("s2", "Pass-s2").folders(), set).contains("reset-share"),
                "not for a folder not shared yet");
        long fileId = jouvence.count("SELECT file_id FROM cloud_folder WHERE folder_set_id = " + set
                + " AND kind = 'group'");
        cloud.authorizeAs("s1");
        String named = follow(s1, s1.post("/folders/name", "set", Long.toString(set), "share", share, "name",
                "Reset lab", "csrf", csrf(row))).body();
        assertTrue(named.contains("Your copy is now called &quot;Reset lab&quot;"), named);
        assertEquals(List.of(Long.parseLong(share)), sharesOfS1(fileId));

        // Reset while everything is in place: nothing is made again, the name stays.
        assertEquals(403, s1.post("/folders/reset", "set", Long.toString(set), "share", share).statusCode(),
                "no CSRF token: refused");
        HttpResponse<String> same = s1.post("/folders/reset", "set", Long.toString(set), "share", share, "csrf",
                csrf(named));
        assertEquals("/folders", same.headers().firstValue("Location").orElseThrow());
        String unchanged = s1.folders();
        assertTrue(unchanged.contains("The folder is still shared with you: nothing had to be made again. Your copy "
                + "is now called &quot;Reset lab&quot; in your cloud."), unchanged);
        assertEquals(List.of(Long.parseLong(share)), sharesOfS1(fileId), "no second share");
        assertEquals("/Reset lab", mountOf(fileId));

        // The share is deleted in the cloud: Reset makes it again (the reconcile's way) and renames the new mount.
        deleteShareInTheCloud(Long.parseLong(share));
        assertEquals("(not in s1's files)", mountOf(fileId));
        s1.post("/folders/reset", "set", Long.toString(set), "share", share, "csrf", csrf(unchanged));
        String again = s1.folders();
        assertTrue(again.contains("The folder was gone from your cloud: it is shared with you again. Your copy is now "
                + "called &quot;Reset lab&quot; in your cloud."), again);
        List<Long> now = sharesOfS1(fileId);
        assertEquals(1, now.size(), now.toString());
        assertFalse(now.contains(Long.parseLong(share)), "a new share");
        assertEquals("/Reset lab", mountOf(fileId), "the new mount renamed back to the chosen name");
        assertTrue(row(again, set).contains("name=\"share\" value=\"" + now.get(0) + "\""), "the page has the new share");

        // In a session without the cloud's authorisation, the rename goes through it and the outcome says both.
        deleteShareInTheCloud(now.get(0));
        Browser fresh = new Browser().login("s1", "Pass-s1");
        HttpResponse<String> asked = fresh.post("/folders/reset", "set", Long.toString(set), "share",
                Long.toString(now.get(0)), "csrf", csrf(fresh.folders()));
        assertTrue(asked.headers().firstValue("Location").orElseThrow().startsWith(cloud.url()
                + "/index.php/apps/oauth2/authorize?"), asked.headers().toString());
        String back = follow(fresh, asked).body();
        assertTrue(back.contains("The folder was gone from your cloud: it is shared with you again. Your copy is now "
                + "called &quot;Reset lab&quot; in your cloud."), back);
        assertEquals(1, sharesOfS1(fileId).size());
        assertEquals("/Reset lab", mountOf(fileId));

        // Someone else's share, or none: refused in words, nothing done.
        Browser s2 = new Browser().login("s2", "Pass-s2");
        s2.post("/folders/reset", "set", Long.toString(set), "share", Long.toString(sharesOfS1(fileId).get(0)), "csrf",
                csrf(s2.folders()));
        assertTrue(s2.folders().contains("This folder is not shared with you yet"), "not s2's share");
        assertEquals(1, sharesOfS1(fileId).size());
    }

    /** identity=username (here): who authorised as another account changes nothing of the share, Reset included. */
    @Test
    void withIdentityUsernameResetNeverMovesTheShareToAnotherAuthorisedAccount() throws Exception {
        long set = create("Lab reports", false);
        Browser s1 = new Browser().login("s1", "Pass-s1");
        String share = field(sharedWithS1(s1, set), "share");
        long fileId = jouvence.count("SELECT file_id FROM cloud_folder WHERE folder_set_id = " + set
                + " AND kind = 'group'");
        Browser other = new Browser().login("s1", "Pass-s1");
        cloud.authorizeAs("s2");
        follow(other, other.post("/folders/name", "set", Long.toString(set), "share", share, "name", "Elsewhere",
                "csrf", csrf(other.folders())));
        assertEquals(1, jouvence.count("SELECT count(*) FROM cloud_account WHERE moodle_username = 's1' AND "
                + "cloud_user_id = 's2'"), "the account s1 authorised as is recorded");
        cloud.clearCalls();
        other.post("/folders/reset", "set", Long.toString(set), "share", share, "csrf", csrf(other.folders()));
        String page = other.folders();
        assertTrue(page.contains("The folder is still shared with you: nothing had to be made again."), page);
        assertEquals(List.of(Long.parseLong(share)), sharesOfS1(fileId), "the share stays with s1");
        assertEquals(List.of("s1"), sharedWith(set));
        assertEquals(List.of(), cloud.writeCalls().stream().filter(c -> !c.method().equals("MOVE")).toList(),
                "nothing revoked, nothing shared");
        assertEquals(0, jouvence.count("SELECT count(*) FROM cloud_share WHERE move_asked"));
    }

    @Test
    void resetSaysInWordsWhenTheCloudRefusesTheShareAgainOrCannotBeReachedNow() throws Exception {
        long set = create("Lab reports", false);
        Browser s1 = new Browser().login("s1", "Pass-s1");
        String row = sharedWithS1(s1, set);
        String share = field(row, "share");
        long fileId = jouvence.count("SELECT file_id FROM cloud_folder WHERE folder_set_id = " + set
                + " AND kind = 'group'");
        deleteShareInTheCloud(Long.parseLong(share));

        cloud.refuseSharesWith("s1", "Sharing with s1 is not allowed by policy");
        try {
            s1.post("/folders/reset", "set", Long.toString(set), "share", share, "csrf", csrf(row));
        } finally {
            cloud.refuseSharesWith("s1", null);
        }
        String refused = s1.folders();
        assertTrue(refused.contains("The folder could not be shared with you again: ")
                && refused.contains("Sharing with s1 is not allowed by policy"), refused);
        assertEquals(List.of(), sharesOfS1(fileId));
        assertTrue(row(refused, set).contains("data-state=\"error\""), "the page says it too: " + row(refused, set));

        // The share in error is no longer "yours" to reset; Add is not offered either: the next reconcile tries again.
        assertFalse(row(refused, set).contains("reset-share"), row(refused, set));
        assertEquals(0, jouvence.count("SELECT count(*) FROM cloud_share s JOIN cloud_folder f ON f.id = s.folder_id "
                + "WHERE f.folder_set_id = " + set + " AND s.state = 'shared'"));
    }

    @Test
    void resetWhileTheCloudCannotBeReachedSaysTheShareIsOnItsWay() throws Exception {
        long set = create("Lab reports", false);
        Browser s1 = new Browser().login("s1", "Pass-s1");
        String row = sharedWithS1(s1, set);
        String share = field(row, "share");
        deleteShareInTheCloud(Long.parseLong(share));
        cloud.failNextRequests(1000, 503);
        try {
            s1.post("/folders/reset", "set", Long.toString(set), "share", share, "csrf", csrf(row));
        } finally {
            cloud.clearFaults();
        }
        String page = s1.folders();
        assertTrue(page.contains("The folder is being shared with you again, but it is not done yet"), page);
        assertEquals("waiting", jouvence.api("GET", "/api/v1/folder-sets/" + set, null).json().get("state").asText(),
                "retried later, with back-off");
    }

    /** One query over every text column of every table of the schema, counting the rows holding {@code s}. */
    private static String everyTextColumnContaining(String s) throws Exception {
        List<String> parts = new java.util.ArrayList<>();
        try (var c = jouvence.db().getConnection(); var st = c.createStatement(); var rs = st.executeQuery(
                "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' "
                        + "AND data_type IN ('text', 'character varying', 'bytea')")) {
            while (rs.next()) {
                parts.add("SELECT count(*) AS n FROM \"" + rs.getString(1) + "\" WHERE \"" + rs.getString(2)
                        + "\"::text LIKE '%" + s.replace("'", "''") + "%'");
            }
        }
        return "SELECT sum(n) FROM (" + String.join(" UNION ALL ", parts) + ") x";
    }

    @Test
    void aTeacherCreatesASetForACourseTheyTeachAndOnlyThat() throws Exception {
        Browser teacher = new Browser().login("teacher1", "Teacher1!");
        String page = teacher.folders();
        assertTrue(page.contains("id=\"new-set\""), page);
        HttpResponse<String> r = teacher.post("/folders/sets", "course", "10", "name", "Field notes", "mode", "groups",
                "grouping", "", "teachers", "1", "csrf", csrf(page));
        assertEquals(303, r.statusCode(), r.body());
        String after = teacher.folders();
        assertTrue(after.contains("&quot;Field notes&quot; is recorded"), after);
        assertEquals(1, jouvence.count("SELECT count(*) FROM folder_set WHERE name = 'Field notes' AND origin = 'page' "
                + "AND created_by = 'teacher1' AND teacher_access AND group_mode = 'groups'"));
        long id = jouvence.count("SELECT id FROM folder_set WHERE name = 'Field notes'");
        settled(id);
        assertTrue(teacher.folders().contains("<tr class=\"taught-set\" data-set=\"" + id + "\" data-state=\"ready\""),
                "listed with its state");

        Browser s1 = new Browser().login("s1", "Pass-s1");
        String s1Page = s1.folders();
        assertFalse(s1Page.contains("class=\"taught-set\""), "s1 teaches nothing");
        s1.post("/folders/sets", "course", "10", "name", "Mine", "mode", "groups", "grouping", "", "csrf", csrf(s1Page));
        assertTrue(s1.folders().contains("Nothing was created: courseId: you do not teach course 10"), "refused");
        teacher.post("/folders/sets", "course", "10", "name", "a:b", "mode", "groups", "grouping", "", "csrf",
                csrf(after));
        assertTrue(teacher.folders().contains("Nothing was created: name:"), "a bad name is refused naming the field");
        teacher.post("/folders/sets", "course", "10", "name", "X", "mode", "both", "grouping", "", "csrf", csrf(after));
        assertTrue(teacher.folders().contains("Nothing was created: groupMode: none or groups"));
        assertEquals(1, jouvence.count("SELECT count(*) FROM folder_set"), "nothing else recorded");
    }

    @Test
    void addingASetThatGivesYouNothingIsRefusedInWords() throws Exception {
        long set = create("Lab reports", false);
        Browser s4 = new Browser().login("s4", "Pass-s4");
        String csrf = csrf(s4.folders());
        HttpResponse<String> r = s4.post("/folders/add", "set", Long.toString(set), "csrf", csrf);
        assertEquals(303, r.statusCode());
        assertTrue(s4.folders().contains("The folder could not be added: set: it gives you no folder"), "in words");
        HttpResponse<String> bad = s4.post("/folders/add", "set", "x1", "csrf", csrf);
        assertEquals(303, bad.statusCode());
        assertTrue(s4.folders().contains("The form does not name a folder set"));
        assertEquals(0, jouvence.count("SELECT count(*) FROM folder_opt_in"), "nothing recorded");
        assertEquals(List.of(), sharedWith(set));
    }
}
