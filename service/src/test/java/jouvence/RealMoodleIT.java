package jouvence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import simulator.LocalJouvence;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole pipeline against the two REAL Moodle 4.4.3+ sites of {@code ../shared/moodle-lab} (the unmodified plugin on
 * the old platform), with the restore runner on the new platform's PHP. Opt-in: {@code mvn verify -Preal-moodle
 * -Djouvence.moodle-lab=/tmp/moodle-lab/lab.env} after the kit's {@code build.sh} (run as root: the runner runs as
 * {@code www-data} through {@code runuser}). The lab is reset to its snapshot first.
 */
class RealMoodleIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API_TOKEN = "real-moodle-it-token";
    private static final Set<String> FINAL = Set.of("performed", "error");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static Map<String, String> lab;
    private static EmbeddedPostgres postgres;
    private static GreenMail smtp;
    private static Main jouvence;
    private static String api;

    @BeforeAll
    static void start() throws Exception {
        lab = labEnv(Path.of(System.getProperty("jouvence.moodle-lab", "/tmp/moodle-lab/lab.env")));
        Process reset = new ProcessBuilder(lab.get("RESET_CMD")).inheritIO().start();
        assertEquals(0, reset.waitFor(), "the lab is reset to its snapshot");
        postgres = EmbeddedPostgres.start();
        smtp = new GreenMail(new ServerSetup(LocalJouvence.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        Path staging = Files.createTempDirectory("jouvence-real-staging");
        staging.toFile().setReadable(true, false);
        staging.toFile().setExecutable(true, false);
        int apiPort = LocalJouvence.freePort();
        Map<String, String> p = new HashMap<>();
        p.put("jouvence.db.url", postgres.getJdbcUrl("postgres", "postgres"));
        p.put("jouvence.db.username", "postgres");
        p.put("jouvence.api.token", API_TOKEN);
        p.put("camel.server.host", "127.0.0.1");
        p.put("camel.server.port", Integer.toString(apiPort));
        p.put("camel.management.host", "127.0.0.1");
        p.put("camel.management.port", Integer.toString(LocalJouvence.freePort()));
        p.put("camel.main.shutdown-timeout", "5");
        p.put("jouvence.servers", "old");
        p.put("jouvence.server.old.url", lab.get("SERVER_URL"));
        p.put("jouvence.server.old.token", lab.get("SERVER_TOKEN"));
        p.put("jouvence.client.url", lab.get("CLIENT_URL"));
        p.put("jouvence.client.token", lab.get("CLIENT_TOKEN"));
        p.put("jouvence.client.default-category-id", lab.get("CLIENT_CATEGORY_RESTORED_ID"));
        p.put("jouvence.client.enrol-role-id", lab.get("CLIENT_ROLE_EDITINGTEACHER_ID"));
        p.put("jouvence.restore.moodle-dir", lab.get("CLIENT_DIRROOT"));
        p.put("jouvence.restore.runner", Path.of("src", "main", "moodle", "jouvence-restore.php").toAbsolutePath()
                .toString());
        p.put("jouvence.restore.command", "runuser -u www-data -- php {runner} --moodle={moodle} --file={file} "
                + "--categoryid={categoryid} --users={withuserdata} --enrolments={enrolmentmode} "
                + "--requester={enrolrequester} --roleid={roleid}");
        p.put("jouvence.restore.timeout", "300s");
        p.put("jouvence.staging.dir", staging.toString());
        p.put("jouvence.import.dir", staging.resolveSibling(staging.getFileName() + "-import").toString());
        p.put("jouvence.claim.enabled", "false");
        p.put("jouvence.mail.smtp.host", "127.0.0.1");
        p.put("jouvence.mail.smtp.port", Integer.toString(smtp.getSmtp().getPort()));
        p.put("jouvence.mail.admins", "moodle-admins@univ.example");
        p.put("jouvence.mail.from", "jouvence@univ.example");
        jouvence = Jouvence.create(null, p);
        jouvence.start();
        api = "http://127.0.0.1:" + apiPort + "/api/v1";
    }

    @AfterAll
    static void stop() throws Exception {
        if (jouvence != null) {
            jouvence.stop();
        }
        if (smtp != null) {
            smtp.stop();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void courses_are_restored_from_the_real_old_platform_as_the_plugin_restores_them() throws Exception {
        long bio = create("{\"server\":\"old\",\"remoteCourseId\":" + lab.get("SERVER_COURSE_BIO101_ID")
                + ",\"requester\":\"teacher1\",\"withUserData\":false,\"enrolmentMode\":\"always\"}");
        long chem = create("{\"server\":\"old\",\"remoteCourseId\":" + lab.get("SERVER_COURSE_CHEM201_ID")
                + ",\"requester\":\"teacher1\",\"withUserData\":true,\"enrolmentMode\":\"never\"}");
        long math = create("{\"server\":\"old\",\"remoteCourseId\":" + lab.get("SERVER_COURSE_MATH999_ID")
                + ",\"requester\":\"teacher1\"}");
        call("POST", "/queue/run", "");
        JsonNode bioDone = awaitFinal(bio);
        JsonNode chemDone = awaitFinal(chem);
        JsonNode mathDone = awaitFinal(math);

        assertEquals("performed", bioDone.path("status").asText(), bioDone.toString());
        assertEquals("performed", chemDone.path("status").asText(), chemDone.toString());
        assertEquals("error", mathDone.path("status").asText(), "teacher1 does not teach course 5: " + mathDone);

        JsonNode bioCourse = clientCourse(bioDone.path("restoredCourseId").asLong());
        assertEquals("OLD-BIO101", bioCourse.path("shortname").asText(), "the backup's short name kept");
        JsonNode chemCourse = clientCourse(chemDone.path("restoredCourseId").asLong());
        assertEquals("OLD-CHEM201", chemCourse.path("shortname").asText());
        assertEquals(lab.get("CLIENT_CATEGORY_RESTORED_ID"), chemCourse.path("categoryid").asText());

        assertTrue(enrolled(bioCourse.path("id").asLong()).contains("teacher1"), "the requester is enrolled");
        List<String> chemUsers = enrolled(chemCourse.path("id").asLong());
        assertTrue(chemUsers.contains("teacher1"), "the requester is enrolled: " + chemUsers);
        assertTrue(chemUsers.contains("student1"), "with user data, the course's students come along: " + chemUsers);
        assertFalse(enrolled(bioCourse.path("id").asLong()).contains("student1"), "without user data, nobody else");
        for (JsonNode done : List.of(bioDone, chemDone)) {
            for (JsonNode w : done.path("warnings")) {
                assertFalse(w.asText().contains("does not pass"), "the runner honours every setting: " + w);
            }
            assertTrue(StreamSupport.stream(done.path("events").spliterator(), false).anyMatch(e ->
                    e.path("step").asText().equals("enrol") && e.path("message").asText().endsWith("by the restore runner")),
                    "enrolled by the runner, no web-service call: " + done.path("events"));
        }
    }

    // --- helpers ------------------------------------------------------------------------------------------------------

    private static long create(String body) throws Exception {
        JsonNode r = call("POST", "/restore-requests", body);
        assertTrue(r.has("id"), r.toString());
        return r.get("id").asLong();
    }

    private static JsonNode awaitFinal(long id) throws Exception {
        return TestJouvence.poll(Duration.ofMinutes(5), () -> call("GET", "/restore-requests/" + id, null),
                r -> FINAL.contains(r.path("status").asText()));
    }

    private static JsonNode call(String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(api + path))
                .header("Authorization", "Bearer " + API_TOKEN).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return JSON.readTree(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }

    /** A web-service call to the new platform with the lab's integration token. */
    private static JsonNode client(String function, Map<String, String> params) throws Exception {
        StringBuilder form = new StringBuilder("wstoken=" + lab.get("CLIENT_TOKEN") + "&moodlewsrestformat=json&wsfunction="
                + function);
        params.forEach((k, v) -> form.append('&').append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        HttpRequest request = HttpRequest.newBuilder(URI.create(lab.get("CLIENT_URL") + "/webservice/rest/server.php"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build();
        return JSON.readTree(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }

    private static JsonNode clientCourse(long id) throws Exception {
        JsonNode courses = client("core_course_get_courses_by_field", Map.of("field", "id", "value", Long.toString(id)))
                .path("courses");
        assertEquals(1, courses.size(), "course " + id + " exists on the new platform: " + courses);
        return courses.get(0);
    }

    private static List<String> enrolled(long courseId) throws Exception {
        JsonNode users = client("core_enrol_get_enrolled_users", Map.of("courseid", Long.toString(courseId)));
        assertTrue(users.isArray(), users.toString());
        return StreamSupport.stream(users.spliterator(), false).map(u -> u.path("username").asText()).toList();
    }

    /** The kit's lab.env: KEY=value lines, values optionally in single quotes. */
    private static Map<String, String> labEnv(Path file) throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            int eq = line.indexOf('=');
            if (line.isBlank() || line.startsWith("#") || eq < 0) {
                continue;
            }
            String value = line.substring(eq + 1);
            if (value.length() >= 2 && value.startsWith("'") && value.endsWith("'")) {
                value = value.substring(1, value.length() - 1);
            }
            env.put(line.substring(0, eq), value);
        }
        return env;
    }
}
