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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admins' console for folder sets over HTTP (as WebTest does for the requests): the list with state and items in
 * error, a set's folders, shares and trail, "reconcile now" behind the console's CSRF and admin checks, en/fr; and no
 * such pages (nor link) when the folders are off.
 */
class FolderSetConsoleTest {

    private static final String SYS = "jouvence";
    private static CloudSimulator cloud;
    private static FoldersJouvence jouvence;

    @BeforeAll
    static void start() throws Exception {
        cloud = CloudSimulator.nextcloud().start();
        cloud.addUser(SYS, "Jouvence", "jouvence@univ.example").appPassword(SYS, "sys-app-password");
        for (String s : List.of("s1", "s2", "s3")) {
            cloud.addUser(s, s.toUpperCase(), s + "@univ.example");
        }
        jouvence = new FoldersJouvence(Map.of("jouvence.folders.cloud.url", cloud.url(),
                "jouvence.folders.cloud.user", SYS, "jouvence.folders.cloud.app-password", "sys-app-password"));
    }

    @AfterAll
    static void stop() throws Exception {
        jouvence.close();
        cloud.close();
    }

    /** A browser on one Jouvence's port: its own cookies, redirects not followed. */
    static final class Browser {
        final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        final int port;

        Browser(int port) {
            this.port = port;
        }

        HttpResponse<String> get(String path) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("Accept-Language", "en").GET().build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String path, String... fields) throws Exception {
            StringBuilder body = new StringBuilder();
            for (int i = 0; i < fields.length; i += 2) {
                body.append(body.length() == 0 ? "" : "&").append(URLEncoder.encode(fields[i], StandardCharsets.UTF_8))
                        .append('=').append(URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8));
            }
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("Accept-Language", "en").header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        Browser login(String username, String password) throws Exception {
            HttpResponse<String> r = post("/login", "username", username, "password", password, "csrf",
                    csrf(get("/login").body()));
            assertEquals(303, r.statusCode(), r.body());
            return this;
        }
    }

    static String csrf(String html) {
        Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(html);
        assertTrue(m.find(), "no csrf field in " + html);
        return m.group(1);
    }

    private JsonNode set(long id) throws Exception {
        return jouvence.api("GET", "/api/v1/folder-sets/" + id, null).json();
    }

    private long partialSet() throws Exception {
        jouvence.reset();
        jouvence.client.addCourse(10, "BIO", "Biology 101", 3, "teacher1");
        SimulatedGroups g = jouvence.client.groups();
        for (String s : List.of("s1", "s2", "s3")) {
            jouvence.client.addUser(s, s.toUpperCase(), "Student");
            g.enrol(s, 10, "student");
        }
        int a = g.addGroup(10, "Team A");
        int b = g.addGroup(10, "Team B");
        g.addMember(a, "s1");
        g.addMember(a, "s2");
        g.addMember(b, "s3");
        cloud.refuseSharesWith("s2", "Sharing is only allowed with group members");
        Response r = jouvence.api("POST", "/api/v1/folder-sets", "{\"courseId\": 10, \"name\": \"Lab & reports\", "
                + "\"groupMode\": \"groups\"}");
        assertEquals(201, r.status(), r.body());
        long id = r.json().get("id").asLong();
        JsonNode s = FoldersJouvence.poll(Duration.ofSeconds(30), () -> set(id),
                n -> Set.of("ready", "partial", "failed").contains(n.get("state").asText()));
        assertEquals("partial", s.get("state").asText(), s.toPrettyString());
        return id;
    }

    @Test
    void adminsSeeTheSetsTheirItemsInErrorAndTrailAndReconcileNow() throws Exception {
        long id = partialSet();
        Browser admin = new Browser(jouvence.apiPort).login("admin", "Admin1!");

        String console = admin.get("/admin").body();
        assertTrue(console.contains("id=\"folders-admin-link\" href=\"/admin/folders\"")
                || console.contains("href=\"/admin/folders\" id=\"folders-admin-link\""), console);

        HttpResponse<String> list = admin.get("/admin/folders");
        assertEquals(200, list.statusCode(), list.body());
        assertTrue(list.body().contains("data-set=\"" + id + "\" data-state=\"partial\" data-errors=\"1\""),
                list.body());
        assertTrue(list.body().contains("Lab &amp; reports"), "escaped: " + list.body());
        assertTrue(admin.get("/admin/folders?state=partial&course=10").body().contains("data-set=\"" + id + "\""));
        assertTrue(admin.get("/admin/folders?state=ready").body().contains("id=\"no-sets\""));
        String bad = admin.get("/admin/folders?state=bogus&course=x").body();
        assertTrue(bad.contains("Unknown state \"bogus\"") || bad.contains("Unknown state &quot;bogus&quot;"), bad);

        String detail = admin.get("/admin/folders/" + id).body();
        assertTrue(detail.contains("Team A") && detail.contains("Team B"), "the group folders: " + detail);
        assertTrue(detail.contains("data-user=\"s2\" data-state=\"error\""), detail);
        assertTrue(detail.contains("Sharing is only allowed with group members"), "the cloud's words: " + detail);
        assertTrue(detail.contains("data-user=\"s1\" data-state=\"shared\""), detail);
        assertTrue(detail.contains("admins-mail"), "the trail: " + detail);
        assertTrue(detail.contains("id=\"reconcile-now\""), detail);
        assertTrue(admin.get("/admin/folders/" + id + "?lang=fr").body().contains("Réconcilier maintenant"));
        admin.get("/admin/folders?lang=en");

        // "Reconcile now": refused without the CSRF token (nothing asked), then done with it.
        long asked = jouvence.count("SELECT count(*) FROM folder_event WHERE folder_set_id = " + id
                + " AND step = 'sync'");
        assertEquals(403, admin.post("/admin/folders/" + id + "/sync", "csrf", "forged").statusCode());
        assertEquals(asked, jouvence.count("SELECT count(*) FROM folder_event WHERE folder_set_id = " + id
                + " AND step = 'sync'"));
        cloud.refuseSharesWith("s2", null);
        HttpResponse<String> sync = admin.post("/admin/folders/" + id + "/sync", "csrf", csrf(detail));
        assertEquals(303, sync.statusCode(), sync.body());
        assertEquals("/admin/folders/" + id, sync.headers().firstValue("Location").orElseThrow());
        assertTrue(admin.get("/admin/folders/" + id).body().contains("is being reconciled now"));
        JsonNode done = FoldersJouvence.poll(Duration.ofSeconds(30), () -> set(id),
                n -> "ready".equals(n.get("state").asText()));
        assertEquals("ready", done.get("state").asText(), done.toPrettyString());
        assertTrue(done.get("events").toString().contains("reconcile asked by web:admin"), done.toPrettyString());
        assertTrue(admin.get("/admin/folders").body().contains("data-set=\"" + id + "\" data-state=\"ready\" "
                + "data-errors=\"0\""));

        assertEquals(404, admin.get("/admin/folders/999999999").statusCode());
        assertEquals(303, admin.post("/admin/folders/999999999/sync", "csrf", csrf(detail)).statusCode());
        jouvence.api("DELETE", "/api/v1/folder-sets/" + id, null);
        String stopped = admin.get("/admin/folders/" + id).body();
        assertFalse(stopped.contains("id=\"reconcile-now\""), "no button that can only fail: " + stopped);
    }

    @Test
    void notForTeachers() throws Exception {
        long id = partialSet();
        Browser teacher = new Browser(jouvence.apiPort).login("teacher1", "Teacher1!");
        assertEquals(403, teacher.get("/admin/folders").statusCode());
        assertEquals(403, teacher.get("/admin/folders/" + id).statusCode());
        String csrf = csrf(teacher.get("/restore").body());
        assertEquals(403, teacher.post("/admin/folders/" + id + "/sync", "csrf", csrf).statusCode());
        assertFalse(set(id).get("events").toString().contains("reconcile asked by web:teacher1"));
    }

    @Test
    void noPagesNorLinkWhenTheFoldersAreOff() throws Exception {
        TestJouvence off = TestJouvence.get(); // the shared Jouvence keeps the folders off
        Browser admin = new Browser(off.apiPort).login("admin", "Admin1!");
        assertFalse(admin.get("/admin").body().contains("folders-admin-link"));
        assertEquals(404, admin.get("/admin/folders").statusCode());
        assertEquals(404, admin.get("/admin/folders/1").statusCode());
    }
}
