package jouvence;

import jouvence.privatefiles.PrivateFilesRequest;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Private files against the two REAL Moodle sites of {@code ../shared/moodle-lab}: teacher1 logs in on Jouvence's
 * pages (the new platform's login/token.php, moodle_mobile_app), presses "Bring my private files", and their files on
 * the old site (block_my_external_privatefiles 3.0.0: nested folders, a non-ASCII name, 1 MiB) land in their private
 * files on the new site, byte for byte (the content hashes of both sites' mdl_files compared). Runs with
 * {@code -Djouvence.moodle-lab=<lab.env>}, as root, the lab reset before and after (take its flock).
 */
class RealMoodlePrivateFilesIT {

    private static RealMoodleLab lab;
    private static TestJouvence env;
    private static Main jouvence;
    private static int port;
    private static Path staging;

    @BeforeAll
    static void start() throws Exception {
        lab = RealMoodleLab.load(Path.of(System.getProperty("jouvence.moodle-lab", "/tmp/moodle-lab/lab.env")));
        lab.reset();
        env = TestJouvence.get();
        port = TestJouvence.freePort();
        Map<String, String> p = env.properties();
        p.put("jouvence.instance-id", "real-private-files-it");
        p.put("camel.server.port", Integer.toString(port));
        p.put("camel.management.port", Integer.toString(TestJouvence.freePort()));
        p.put("jouvence.servers", "old");
        p.put("jouvence.server.old.url", lab.get("SERVER_URL"));
        p.put("jouvence.server.old.token", lab.get("SERVER_TOKEN"));
        p.put("jouvence.server.old.private-files-token", lab.get("PRIVATEFILES_TOKEN"));
        p.put("jouvence.server.old.user-data-token", lab.get("USERDATA_TOKEN"));
        p.put("jouvence.client.url", lab.get("CLIENT_URL"));
        p.put("jouvence.client.token", lab.get("CLIENT_TOKEN"));
        p.put("jouvence.bridge.enabled", "false");
        p.put("jouvence.import.enabled", "false");
        staging = Files.createTempDirectory("jouvence-real-pf");
        p.put("jouvence.staging.dir", staging.toString());
        p.put("jouvence.private-files.enabled", "true");
        p.put("jouvence.private-files.claim.cron", "0/2 * * * * ?");
        p.put("jouvence.private-files.retry.base-delay", "2s");
        jouvence = Jouvence.create(null, p);
        jouvence.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (jouvence != null) {
            jouvence.stop();
        }
        if (staging != null) {
            TestJouvence.deleteTree(staging);
        }
        if (lab != null) {
            lab.reset();
        }
    }

    /** Both sites at their snapshot, no request recorded: each test starts from teacher1's five files on the old site. */
    @org.junit.jupiter.api.BeforeEach
    void fresh() throws Exception {
        lab.reset();
        try (Connection c = env.postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE private_files_request, private_files_item, private_files_event CASCADE");
        }
    }

    /** Private files of a user on one site: path → content hash (folders and the "." records left out). */
    private static Map<String, String> files(String db, String userId) throws Exception {
        Map<String, String> files = new TreeMap<>();
        for (Map<String, String> r : lab.rows(db, "SELECT filepath, filename, contenthash FROM mdl_files "
                + "WHERE component = 'user' AND filearea = 'private' AND userid = ? AND filename <> '.'",
                Long.parseLong(userId))) {
            files.put(r.get("filepath") + r.get("filename"), r.get("contenthash"));
        }
        return files;
    }

    @Test
    void teacher1sFilesAreCarriedFromTheOldSiteIntoTheirPrivateFilesOnTheNewOne() throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        String login = get(browser, "/login");
        HttpResponse<String> in = post(browser, "/login", "username", "teacher1", "password",
                lab.get("PASSWORD_TEACHER1"), "csrf", csrf(login));
        assertEquals(303, in.statusCode(), "teacher1 logs in with the new platform's password");
        String page = get(browser, "/private-files");
        assertTrue(page.contains("5 file(s), 1048724 bytes there."), "the old site's count and size: " + page);
        assertEquals(303, post(browser, "/private-files", "csrf", csrf(page), "server", "old").statusCode());
        String state = TestJouvence.poll(Duration.ofMinutes(2), RealMoodlePrivateFilesIT::state,
                s -> s != null && !s.equals("scheduled") && !s.equals("in-progress"));
        assertEquals("performed", state);
        Map<String, String> old = files("SERVER_DB", lab.get("SERVER_USER_TEACHER1_ID"));
        Map<String, String> now = files("CLIENT_DB", lab.get("CLIENT_USER_TEACHER1_ID"));
        assertEquals(5, old.size(), "the lab's five files: " + old.keySet());
        assertEquals(old, now, "every file, in its folder, with its name and its bytes");
        assertTrue(now.containsKey("/projets/été 2024/rapport.txt"));
        assertTrue(get(browser, "/private-files").contains("data-state=\"performed\""));

        // Again: every name is taken now. The real site would overwrite them; Jouvence lists the folders as teacher1
        // (core_files_get_files) and copies each under a free name, the first copies untouched.
        page = get(browser, "/private-files");
        assertEquals(303, post(browser, "/private-files", "csrf", csrf(page), "server", "old").statusCode());
        TestJouvence.poll(Duration.ofMinutes(2), RealMoodlePrivateFilesIT::performedCount, n -> n == 2);
        assertEquals(2, performedCount());
        Map<String, String> twice = files("CLIENT_DB", lab.get("CLIENT_USER_TEACHER1_ID"));
        assertEquals(10, twice.size(), "five originals and five renamed copies: " + twice.keySet());
        now.forEach((path, hash) -> assertEquals(hash, twice.get(path), "kept: " + path));
        assertEquals(old.get("/projets/été 2024/rapport.txt"), twice.get("/projets/été 2024/rapport (2).txt"));
        assertEquals(old.get("/notes/lecture 1.pdf"), twice.get("/notes/lecture 1 (2).pdf"));
    }

    @Test
    void overTheNewSitesQuotaTheFilesThatFitAreCopiedAndTheOthersNamed() throws Exception {
        Process cfg = new ProcessBuilder("runuser", "-u", "www-data", "--", "php",
                lab.get("CLIENT_DIRROOT") + "/admin/cli/cfg.php", "--name=userquota", "--set=10000")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertEquals(0, cfg.waitFor(), "$CFG->userquota = 10000 on the new site");
        try {
            HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                    .followRedirects(HttpClient.Redirect.NEVER).build();
            assertEquals(303, post(browser, "/login", "username", "teacher1", "password",
                    lab.get("PASSWORD_TEACHER1"), "csrf", csrf(get(browser, "/login"))).statusCode());
            String page = get(browser, "/private-files");
            assertEquals(303, post(browser, "/private-files", "csrf", csrf(page), "server", "old").statusCode());
            TestJouvence.poll(Duration.ofMinutes(2), RealMoodlePrivateFilesIT::performedCount, n -> n == 1);
            Map<String, String> now = files("CLIENT_DB", lab.get("CLIENT_USER_TEACHER1_ID"));
            assertEquals(4, now.size(), "the four small files fit: " + now.keySet());
            assertTrue(!now.containsKey("/data/random-1MiB.bin"), "the 1 MiB file does not");
            String shown = get(browser, "/private-files");
            assertTrue(shown.contains("Did not fit in your private files&#39; quota")
                    || shown.contains("Did not fit in your private files' quota"), shown);
            assertTrue(shown.contains("/data/random-1MiB.bin (1048576 bytes)"), shown);
        } finally {
            lab.reset(); // the quota back
        }
    }

    private static int performedCount() throws Exception {
        try (Connection c = env.postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT count(*) FROM private_files_request WHERE username = 'teacher1' "
                     + "AND state = 2")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static String state() throws Exception {
        try (Connection c = env.postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT state FROM private_files_request WHERE username = 'teacher1' "
                     + "ORDER BY id DESC")) {
            return rs.next() ? PrivateFilesRequest.word(rs.getInt(1)) : null;
        }
    }

    private static String get(HttpClient http, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Accept-Language", "en").GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static HttpResponse<String> post(HttpClient http, String path, String... fields) throws Exception {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < fields.length; i += 2) {
            body.append(body.length() == 0 ? "" : "&").append(URLEncoder.encode(fields[i], StandardCharsets.UTF_8))
                    .append('=').append(URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8));
        }
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String csrf(String html) {
        Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(html);
        assertTrue(m.find(), "a csrf field");
        return m.group(1);
    }
}
