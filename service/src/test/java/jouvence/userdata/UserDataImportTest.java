package jouvence.userdata;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.internet.MimeMessage;
import jouvence.TestJouvence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import simulator.UserDataControls;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Profile fields and preferences carried over end to end: a real Jouvence (embedded PostgreSQL, GreenMail), the
 * simulated old platform with teacher1's profile (the lab's values) and the simulated new platform, over sockets.
 */
class UserDataImportTest {

    private static final String ADMIN = TestJouvence.ADMIN_MAIL;
    private static UserDataJouvence jouvence;

    @BeforeAll
    static void start() throws Exception {
        jouvence = new UserDataJouvence(Map.of("jouvence.user-data.fields",
                "lang,mailformat,city,country,timezone,idnumber,institution,department,phone1,address,"
                        + "profile_field_matricule"));
    }

    @AfterAll
    static void stop() throws Exception {
        jouvence.close();
    }

    @BeforeEach
    void reset() throws Exception {
        jouvence.reset();
    }

    private static List<String> texts(JsonNode array) {
        return array.findValuesAsText("message").isEmpty() ? toList(array) : array.findValuesAsText("message");
    }

    private static List<String> toList(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String body(MimeMessage m) {
        return com.icegreen.greenmail.util.GreenMailUtil.getBody(m).replace("=\r\n", "").replace("\r\n", "\n");
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void fields_custom_field_and_preferences_are_copied_and_what_was_not_is_said() throws Exception {
        JsonNode done = jouvence.finished(jouvence.ask("teacher1"));
        assertEquals("performed", done.get("state").asText(), done.toPrettyString());
        UserDataControls c = jouvence.client.userData();
        Map<String, String> want = UserDataControls.TEACHER1_FIELDS;
        for (String f : List.of("lang", "city", "country", "timezone", "idnumber", "institution", "department",
                "address")) {
            assertEquals(want.get(f), c.field("teacher1", f), f);
        }
        assertEquals("", c.field("teacher1", "phone1")); // hidden by core on the old platform: not copied as empty
        assertEquals(UserDataControls.TEACHER1_MATRICULE, c.customField("teacher1", "matricule"));
        assertEquals("textarea", c.preference("teacher1", "htmleditor"));
        assertEquals("14", c.preference("teacher1", "calendar_lookahead"));
        assertNull(c.preference("teacher1", "timeformat"));
        List<String> warnings = toList(done.get("warnings"));
        assertTrue(warnings.contains("phone1 not copied: the old platform's core_user_get_users_by_field does not "
                + "show it (phone1 and phone2 only when in its showuseridentity; calendartype, the phonetic names, "
                + "middlename and alternatename never)"), warnings.toString());
        assertTrue(warnings.contains("preference timeformat not written: the new platform does not define it or "
                + "refuses it (Moodle: You are not allowed to change the preference timeformat for user 3)"),
                warnings.toString());
        assertEquals(2, warnings.size(), warnings.toString());
        List<String> written = toList(done.get("written"));
        assertTrue(written.containsAll(List.of("lang", "city", "custom field matricule", "preference htmleditor")),
                written.toString());
        assertTrue(texts(done.get("trail")).stream().anyMatch(m -> m.startsWith("written: ")), done.toPrettyString());
        // mailformat was already equal: not written; a second import writes nothing at all
        assertTrue(!written.contains("mailformat"), written.toString());
        int updates = jouvence.client.calls(UserDataControls.UPDATE_USERS).size();
        JsonNode again = jouvence.finished(jouvence.ask("teacher1"));
        assertEquals("performed", again.get("state").asText());
        assertEquals(List.of(), toList(again.get("written")), again.toPrettyString());
        assertEquals(updates, jouvence.client.calls(UserDataControls.UPDATE_USERS).size());
    }

    @Test
    void a_field_changed_on_the_new_platform_is_kept_and_said() throws Exception {
        jouvence.finished(jouvence.ask("teacher1"));
        jouvence.client.userData().field("teacher1", "city", "Paris"); // the person moves on the new platform
        jouvence.old.userData().field("teacher1", "city", "Colmar");
        jouvence.old.userData().field("teacher1", "institution", "INSA Strasbourg");
        JsonNode done = jouvence.finished(jouvence.ask("teacher1"));
        assertEquals("performed", done.get("state").asText());
        assertEquals("Paris", jouvence.client.userData().field("teacher1", "city"));
        assertEquals("INSA Strasbourg", jouvence.client.userData().field("teacher1", "institution"));
        assertTrue(toList(done.get("warnings")).contains("city kept: changed on the new platform to 'Paris' (old "
                + "platform: 'Colmar'); jouvence.user-data.overwrite=true would overwrite it"), done.toPrettyString());
    }

    @Test
    void at_the_first_import_a_value_set_by_moodle_at_creation_is_replaced() throws Exception {
        jouvence.client.userData().field("teacher1", "city", "Paris"); // no baseline, Moodle does not tell: written
        JsonNode done = jouvence.finished(jouvence.ask("teacher1"));
        assertEquals("Strasbourg", jouvence.client.userData().field("teacher1", "city"), done.toPrettyString());
    }

    @Test
    void a_user_missing_on_either_side_or_with_another_auth_ends_in_error_and_one_digest_mail() throws Exception {
        jouvence.client.addUser("newstudent", "New", "Student"); // only on the new platform
        jouvence.old.addUser("leftstaff", "Left", "Staff"); // only on the old one
        jouvence.client.userData().auth("teacher2", "cas");
        JsonNode a = jouvence.finished(jouvence.ask("newstudent"));
        JsonNode b = jouvence.finished(jouvence.ask("leftstaff"));
        JsonNode t = jouvence.finished(jouvence.ask("teacher2"));
        assertEquals("error", a.get("state").asText());
        assertEquals("no account with username 'newstudent' on old", a.get("lastError").asText());
        assertEquals("error", b.get("state").asText());
        assertEquals("no account with username 'leftstaff' on the new platform", b.get("lastError").asText());
        assertEquals("error", t.get("state").asText());
        assertEquals("the account 'teacher2' uses auth 'manual' on old and 'cas' on the new platform: not the same "
                + "person for sure", t.get("lastError").asText());
        List<MimeMessage> mails = jouvence.env.awaitMails(ADMIN, 3, Duration.ofSeconds(10));
        assertTrue(mails.size() >= 1);
        String all = String.join("\n", mails.stream().map(UserDataImportTest::body).toList());
        assertTrue(all.contains("newstudent (old): no account with username 'newstudent' on old"), all);
        assertTrue(all.contains("leftstaff"), all);
        assertTrue(mails.stream().allMatch(m -> subject(m).contains("profile import(s) failed")));
    }

    @Test
    void the_old_server_down_then_back_is_retried_and_done_once() throws Exception {
        jouvence.old.stop();
        long id = jouvence.ask("teacher1");
        JsonNode waiting = TestJouvence.poll(Duration.ofSeconds(20), () -> jouvence.get(id),
                j -> "waiting-retry".equals(j.get("state").asText()));
        assertEquals("waiting-retry", waiting.get("state").asText(), waiting.toPrettyString());
        assertEquals(1, waiting.get("attempts").asInt());
        assertTrue(waiting.get("lastError").asText().startsWith("old: cannot reach"), waiting.toPrettyString());
        jouvence.old.start();
        JsonNode done = jouvence.finishedClaiming(id); // once the back-off (100 ms) is over
        assertEquals("performed", done.get("state").asText(), done.toPrettyString());
        assertEquals(1, jouvence.client.calls(UserDataControls.UPDATE_USERS).size());
        assertEquals("Strasbourg", jouvence.client.userData().field("teacher1", "city"));
    }

    @Test
    void the_api_names_the_field_and_the_unknown_server_and_answers_the_same_import_once() throws Exception {
        TestJouvence.Response r = jouvence.api("POST", "/api/v1/user-data-imports", "{\"server\": \"old\"}");
        assertEquals(400, r.status(), r.body());
        assertTrue(r.json().get("error").asText().startsWith("username: required"), r.body());
        r = jouvence.api("POST", "/api/v1/user-data-imports", "{\"server\": \"nowhere\", \"username\": \"teacher1\"}");
        assertEquals(404, r.status(), r.body());
        assertEquals("server: no course server 'nowhere' offers user data (configured: old)",
                r.json().get("error").asText());
        r = jouvence.api("POST", "/api/v1/user-data-imports", "{\"server\": \"old\", \"username\": 7}");
        assertEquals(400, r.status());
        assertEquals("username: a text", r.json().get("error").asText());
        r = jouvence.apiWith("POST", "/api/v1/user-data-imports", "{\"server\":\"old\",\"username\":\"teacher1\"}",
                "wrong-token");
        assertEquals(401, r.status());
        r = jouvence.api("GET", "/api/v1/user-data-imports?status=done", null);
        assertEquals(400, r.status());
        assertTrue(r.json().get("error").asText().startsWith("status: one of"));
        long id = jouvence.ask("teacher1");
        jouvence.finished(id);
        r = jouvence.api("GET", "/api/v1/user-data-imports?username=teacher1", null);
        assertEquals(200, r.status());
        assertEquals(id, r.json().get("imports").get(0).get("id").asLong());
        assertEquals(404, jouvence.api("GET", "/api/v1/user-data-imports/999999", null).status());
        // the gauge of the imports by state
        String metrics = TestJouvence.poll(Duration.ofSeconds(10), () -> java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + jouvence.managementPort
                        + "/observe/metrics")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body(),
                b -> b.contains("jouvence_user_data_imports{state=\"performed\"} 1.0"));
        assertTrue(metrics.contains("jouvence_user_data_imports{state=\"performed\"} 1.0"), metrics);
        r = jouvence.api("POST", "/api/v1/user-data-imports", "{\"server\": \"old\", \"username\": \" Teacher1 \"}");
        assertEquals("teacher1", r.json().get("username").asText(), r.body()); // Moodle's usernames are lower case
        jouvence.finished(r.json().get("id").asLong());
    }

    @Test
    void a_csv_of_usernames_becomes_imports_and_a_course_csv_stays_a_course_csv() throws Exception {
        TestJouvence.Response r = jouvence.upload("username\nteacher1\nnewcomer\nteacher1\n\"two words\"\n");
        assertEquals(200, r.status(), r.body());
        assertEquals(2, r.json().get("queuedCount").asInt(), r.body());
        assertEquals(2, r.json().get("rejectedCount").asInt(), r.body());
        List<String> reasons = r.json().get("rejected").findValuesAsText("reason");
        assertTrue(reasons.get(0).startsWith("an import of 'teacher1' from old is already scheduled")
                || reasons.get(0).startsWith("an import of 'teacher1' from old is already"), reasons.toString());
        assertTrue(reasons.get(1).startsWith("username: required, a Moodle username"), reasons.toString());
        long teacher1 = r.json().get("queued").get(0).get("id").asLong();
        assertEquals("performed", jouvence.finished(teacher1).get("state").asText());
        assertEquals("csv", jouvence.get(teacher1).get("origin").asText());
        assertEquals("error", jouvence.finished(r.json().get("queued").get(1).get("id").asLong()).get("state").asText());
        r = jouvence.upload("server;username\nnowhere;teacher2\n");
        assertEquals(1, r.json().get("rejectedCount").asInt(), r.body());
        assertEquals("server: no course server 'nowhere' offers user data (configured: old)",
                r.json().get("rejected").get(0).get("reason").asText());
        // a course file is still a course file (its header has the API's columns)
        r = jouvence.upload("server,remoteCourseId,requester\nold,4,teacher1\n");
        assertEquals(200, r.status(), r.body());
        assertEquals(1, r.json().get("queuedCount").asInt(), r.body());
        assertEquals(0, jouvence.api("GET", "/api/v1/user-data-imports?username=teacher1", null).json().get("imports")
                .size() - 1, "no new user-data import for the course file");
    }

    @Test
    void a_function_missing_from_the_new_platforms_service_waits_without_spending_attempts_and_is_mailed_once()
            throws Exception {
        jouvence.client.removeFunction(UserDataControls.UPDATE_USERS);
        jouvence.old.addUser("teacher3", "T", "Three");
        jouvence.old.userData().field("teacher3", "city", "Colmar");
        jouvence.client.addUser("teacher3", "T", "Three");
        long first = jouvence.ask("teacher1");
        long second = jouvence.ask("teacher3");
        for (long id : List.of(first, second)) {
            JsonNode waiting = TestJouvence.poll(Duration.ofSeconds(20), () -> jouvence.get(id),
                    j -> "waiting-retry".equals(j.get("state").asText()));
            assertEquals("waiting-retry", waiting.get("state").asText(), waiting.toPrettyString());
            assertEquals(0, waiting.get("attempts").asInt(), waiting.toPrettyString());
            assertTrue(waiting.get("lastError").asText().contains("core_user_update_users is not enabled in "
                    + "the token's service"), waiting.toPrettyString());
        }
        List<MimeMessage> down = jouvence.env.awaitMails(ADMIN, 1, Duration.ofSeconds(10));
        Thread.sleep(500);
        assertEquals(1, jouvence.env.mailsTo(ADMIN).size(), "one mail per outage, not per import");
        assertTrue(subject(down.get(0)).contains("client:user-data"), subject(down.get(0)));
        jouvence.client.addFunction(UserDataControls.UPDATE_USERS);
        // claimed again once the wait is over (jouvence.user-data.retry.max-delay, 200 ms here)
        assertEquals("performed", jouvence.finishedClaiming(first).get("state").asText());
        assertEquals("performed", jouvence.finished(second).get("state").asText());
        assertEquals("Colmar", jouvence.client.userData().field("teacher3", "city"));
        // no token in any log line
        assertEquals(List.of(), jouvence.env.logs.linesContaining(UserDataJouvence.USER_DATA_TOKEN));
        assertEquals(List.of(), jouvence.env.logs.linesContaining(UserDataJouvence.CLIENT_TOKEN));
    }
}
