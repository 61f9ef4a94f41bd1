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
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Profile fields and preferences carried over between the two REAL Moodle 4.4.3+ sites of {@code ../shared/moodle-lab}
 * (its second lab, {@code -Djouvence.moodle-lab=/tmp/moodle-lab2/lab.env}): teacher1's fields, the custom profile field
 * {@code matricule} (both sites define it) and preferences read with the old platform's user-data token
 * ({@code jouvence_userdata}) and written with the integration token; {@code timeformat} reported as not defined by
 * the new Moodle; a value changed on the new platform kept at the next import. The lab is reset before and after.
 */
class RealMoodleUserDataIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API_TOKEN = "real-moodle-user-data-it-token";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static RealMoodleLab lab;
    private static EmbeddedPostgres postgres;
    private static GreenMail smtp;
    private static Main jouvence;
    private static Path staging;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        lab = RealMoodleLab.load(Path.of(System.getProperty("jouvence.moodle-lab", "/tmp/moodle-lab2/lab.env")));
        lab.reset();
        postgres = EmbeddedPostgres.start();
        smtp = new GreenMail(new ServerSetup(LocalJouvence.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        staging = Files.createTempDirectory("jouvence-userdata-it-staging");
        int port = LocalJouvence.freePort();
        Map<String, String> p = new HashMap<>();
        p.put("jouvence.instance-id", "real-moodle-user-data-it");
        p.put("jouvence.db.url", postgres.getJdbcUrl("postgres", "postgres"));
        p.put("jouvence.db.username", "postgres");
        p.put("jouvence.api.token", API_TOKEN);
        p.put("camel.server.host", "127.0.0.1");
        p.put("camel.server.port", Integer.toString(port));
        p.put("camel.management.host", "127.0.0.1");
        p.put("camel.management.port", Integer.toString(LocalJouvence.freePort()));
        p.put("camel.main.shutdown-timeout", "5");
        p.put("jouvence.servers", "old");
        p.put("jouvence.server.old.url", lab.get("SERVER_URL"));
        p.put("jouvence.server.old.token", lab.get("SERVER_TOKEN"));
        p.put("jouvence.server.old.user-data-token", lab.get("USERDATA_TOKEN"));
        p.put("jouvence.client.url", lab.get("CLIENT_URL"));
        p.put("jouvence.client.token", lab.get("CLIENT_TOKEN"));
        p.put("jouvence.staging.dir", staging.toString());
        p.put("jouvence.import.dir", staging.resolveSibling(staging.getFileName() + "-import").toString());
        p.put("jouvence.claim.enabled", "false");
        p.put("jouvence.health.probe-interval", "3600000");
        p.put("jouvence.mail.smtp.host", "127.0.0.1");
        p.put("jouvence.mail.smtp.port", Integer.toString(smtp.getSmtp().getPort()));
        p.put("jouvence.mail.admins", "moodle-admins@univ.example");
        p.put("jouvence.mail.from", "jouvence@univ.example");
        p.put("jouvence.user-data.enabled", "true");
        p.put("jouvence.user-data.fields", "lang,mailformat,city,country,timezone,idnumber,institution,department,"
                + "phone1,phone2,address,profile_field_" + lab.get("SERVER_PROFILE_FIELD_SHORTNAME"));
        p.put("jouvence.user-data.claim.cron", "0 0 0 1 1 ? 2099");
        // The new Moodle's database (read-only): whether the account was modified after its creation
        p.put("jouvence.bridge.db.url", lab.dbUrl("CLIENT_DB"));
        p.put("jouvence.bridge.db.username", lab.get("PGUSER"));
        p.put("jouvence.bridge.db.password", lab.get("PGPASSWORD"));
        p.put("jouvence.bridge.table-prefix", lab.get("DB_PREFIX"));
        jouvence = Jouvence.create(null, p);
        jouvence.start();
        base = "http://127.0.0.1:" + port + "/api/v1";
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (jouvence != null) {
                jouvence.stop();
            }
            if (smtp != null) {
                smtp.stop();
            }
            if (postgres != null) {
                postgres.close();
            }
        } finally {
            if (staging != null) {
                TestJouvence.deleteTree(staging);
                TestJouvence.deleteTree(staging.resolveSibling(staging.getFileName() + "-import"));
            }
            if (lab != null) {
                lab.reset();
            }
        }
    }

    private static JsonNode call(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + API_TOKEN).header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    private static JsonNode importTeacher1() throws Exception {
        JsonNode made = call("POST", "/user-data-imports", "{\"server\":\"old\",\"username\":\"teacher1\"}");
        long id = made.get("id").asLong();
        JsonNode done = TestJouvence.poll(Duration.ofMinutes(1), () -> call("GET", "/user-data-imports/" + id, null),
                n -> Set.of("performed", "error").contains(n.get("state").asText()));
        assertEquals("performed", done.get("state").asText(), done.toPrettyString());
        return done;
    }

    private static List<String> list(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static Map<String, String> clientRow(String sql) throws Exception {
        return lab.rows("CLIENT_DB", sql, "teacher1").get(0);
    }

    @Test
    void teacher1s_fields_custom_field_and_preferences_reach_the_new_platform() throws Exception {
        JsonNode done = importTeacher1();
        assertTrue(done.get("trail").findValuesAsText("message").stream().anyMatch(m -> m.contains("(not modified "
                + "since created)")), done.toPrettyString()); // read in the new Moodle's database
        Map<String, String> u = clientRow("SELECT lang, city, country, timezone, idnumber, institution, department, "
                + "address, phone1 FROM mdl_user WHERE username = ?");
        assertEquals("fr", u.get("lang"));
        assertEquals("Strasbourg", u.get("city"));
        assertEquals("FR", u.get("country"));
        assertEquals("Europe/Paris", u.get("timezone"));
        assertEquals("T1-OLD-0001", u.get("idnumber"));
        assertEquals("Université de Strasbourg", u.get("institution"));
        assertEquals("Faculté de chimie", u.get("department"));
        assertEquals("4 rue Blaise Pascal", u.get("address"));
        assertEquals("", u.get("phone1")); // core hides it on the old platform: said, never copied as empty
        assertEquals("E2024-0001", clientRow("SELECT d.data FROM mdl_user_info_data d JOIN mdl_user_info_field f ON "
                + "f.id = d.fieldid JOIN mdl_user u ON u.id = d.userid WHERE f.shortname = 'matricule' AND "
                + "u.username = ?").get("data"));
        Map<String, String> prefs = new HashMap<>();
        lab.rows("CLIENT_DB", "SELECT p.name, p.value FROM mdl_user_preferences p JOIN mdl_user u ON u.id = p.userid "
                + "WHERE u.username = ?", "teacher1").forEach(r -> prefs.put(r.get("name"), r.get("value")));
        assertEquals("textarea", prefs.get("htmleditor"));
        assertEquals("14", prefs.get("calendar_lookahead"));
        assertEquals("5", prefs.get("calendar_maxevents"));
        assertEquals("1", prefs.get("calendar_startwday"));
        assertEquals("0", prefs.get("forum_markasreadonnotification"));
        assertEquals("1", prefs.get("message_blocknoncontacts"));
        assertFalse(prefs.containsKey("timeformat"));
        List<String> warnings = list(done.get("warnings"));
        assertTrue(warnings.contains("preference timeformat not written: the new platform does not define it or "
                + "refuses it (Moodle: You are not allowed to change the preference timeformat for user "
                + lab.get("CLIENT_USER_TEACHER1_ID") + ")"), warnings.toString());
        assertTrue(warnings.stream().anyMatch(w -> w.startsWith("phone1, phone2 not copied")), warnings.toString());
        assertTrue(list(done.get("written")).contains("custom field matricule"), done.toPrettyString());

        // The person changes their city on the new platform: the next import keeps it and says so.
        lab.client("core_user_update_users", Map.of("users[0][id]", lab.get("CLIENT_USER_TEACHER1_ID"),
                "users[0][city]", "Paris"));
        JsonNode again = importTeacher1();
        assertEquals("Paris", clientRow("SELECT city FROM mdl_user WHERE username = ?").get("city"));
        assertTrue(list(again.get("warnings")).contains("city kept: changed on the new platform to 'Paris' (old "
                + "platform: 'Strasbourg'); jouvence.user-data.overwrite=true would overwrite it"), again.toPrettyString());
        assertEquals(List.of(), list(again.get("written")), again.toPrettyString());
    }
}
