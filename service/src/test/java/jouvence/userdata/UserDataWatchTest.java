package jouvence.userdata;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.internet.MimeMessage;
import jouvence.TestJouvence;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import routes.userdata.UserDataWatchRouteBuilder;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * jouvence.user-data.watch-new-users: the new platform's {prefix}user read through the bridge's pool (here a table of
 * the embedded PostgreSQL's "moodle" database), the users created since the last look imported, filtered by
 * jouvence.user-data.auth; the high-water mark in Jouvence's database; one admins' digest per look.
 */
class UserDataWatchTest {

    private static UserDataJouvence jouvence;

    @BeforeAll
    static void start() throws Exception {
        TestJouvence env = TestJouvence.get();
        try (Connection c = env.moodleDb().getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS udw_user");
            s.execute("CREATE TABLE udw_user (id BIGSERIAL PRIMARY KEY, username TEXT NOT NULL, auth TEXT NOT NULL, "
                    + "deleted SMALLINT NOT NULL DEFAULT 0, timecreated BIGINT NOT NULL, timemodified BIGINT NOT NULL DEFAULT 0)");
            s.execute("INSERT INTO udw_user (username, auth, timecreated) VALUES ('guest', 'manual', 100), "
                    + "('admin', 'manual', 100), ('teacher2', 'manual', 200)");
        }
        jouvence = new UserDataJouvence(Map.of("jouvence.user-data.watch-new-users", "true",
                "jouvence.user-data.auth", "manual", "jouvence.user-data.watch.cron", "0 0 0 1 1 ? 2099",
                "jouvence.bridge.db.url", env.postgres.getJdbcUrl("postgres", TestJouvence.MOODLE_DB),
                "jouvence.bridge.db.username", "postgres", "jouvence.bridge.table-prefix", "udw_"));
        jouvence.reset();
    }

    @AfterAll
    static void stop() throws Exception {
        jouvence.close();
        try (Connection c = TestJouvence.get().moodleDb().getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS udw_user");
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> look() throws Exception {
        try (ProducerTemplate t = jouvence.camel.createProducerTemplate()) {
            Object body = t.requestBody(UserDataWatchRouteBuilder.LOOK, (Object) null);
            return body instanceof List<?> l ? (List<String>) l : List.of();
        }
    }

    private static void created(String username, String auth, long timecreated, long timemodified) throws Exception {
        try (Connection c = TestJouvence.get().moodleDb().getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO udw_user (username, auth, timecreated, timemodified) VALUES ('" + username + "', '"
                    + auth + "', " + timecreated + ", " + timemodified + ")");
        }
    }

    @Test
    void users_created_since_the_last_look_are_imported_once_and_the_refused_ones_told_in_one_digest()
            throws Exception {
        assertEquals(0, jouvence.api("GET", "/api/v1/user-data-imports", null).json().get("imports").size());
        look(); // the first look only sets the mark: teacher2, there before, is not imported
        assertEquals(0, jouvence.api("GET", "/api/v1/user-data-imports", null).json().get("imports").size());
        // teacher1 changed their city on the new platform before the first import: the database says the account was
        // modified after its creation (web services do not), so the city is kept and said
        created("teacher1", "manual", 300, 400);
        jouvence.client.userData().field("teacher1", "city", "Paris");
        created("casuser", "cas", 300, 300); // another auth: not watched
        jouvence.client.addUser("newbie", "New", "Bie"); // only on the new platform: an error
        created("newbie", "manual", 301, 301);
        look();
        JsonNode list = TestJouvence.poll(Duration.ofSeconds(20), () -> jouvence.api("GET",
                "/api/v1/user-data-imports", null).json(), n -> {
                    List<String> states = n.get("imports").findValuesAsText("state");
                    return states.size() == 2 && !states.contains("scheduled") && !states.contains("in-progress");
                });
        List<String> users = new ArrayList<>(list.get("imports").findValuesAsText("username"));
        assertEquals(List.of("newbie", "teacher1"), users, list.toPrettyString());
        assertTrue(list.get("imports").findValuesAsText("origin").stream().allMatch("watch"::equals));
        assertEquals("Paris", jouvence.client.userData().field("teacher1", "city"));
        assertEquals("Europe/Paris", jouvence.client.userData().field("teacher1", "timezone")); // Moodle's "99": written
        long teacher1 = list.get("imports").get(1).get("id").asLong();
        assertTrue(jouvence.get(teacher1).get("warnings").toString().contains("city kept: changed on the new platform "
                + "to 'Paris' (old platform: 'Strasbourg')"), jouvence.get(teacher1).toPrettyString());
        // the look after: nothing new, nothing asked again
        look();
        assertEquals(2, jouvence.api("GET", "/api/v1/user-data-imports", null).json().get("imports").size());
        List<MimeMessage> mails = jouvence.env.awaitMails(TestJouvence.ADMIN_MAIL, 1, Duration.ofSeconds(10));
        assertEquals(1, mails.size());
        String body = com.icegreen.greenmail.util.GreenMailUtil.getBody(mails.get(0)).replace("=\r\n", "");
        assertTrue(body.contains("newbie (old): no account with username 'newbie' on old"), body);
    }
}
