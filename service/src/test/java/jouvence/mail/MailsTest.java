package jouvence.mail;

import jouvence.JouvenceConfig;
import jouvence.courses.RestoreRequest;
import jouvence.courses.Status;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MailsTest {

    private static Mails mails(Map<String, String> overrides) throws Exception {
        Properties p = new Properties();
        try (InputStream in = JouvenceConfig.class.getResourceAsStream("/application.properties")) {
            p.load(in);
        }
        p.putAll(overrides);
        return new Mails(JouvenceConfig.from(k -> Optional.ofNullable(p.getProperty(k))));
    }

    private static RestoreRequest failed(String code, String step) {
        return new RestoreRequest(7, Status.ERROR, "old", 5, "Maths 999", "teacher1", null, "api", "default", null,
                false, 2, null, step, 1, Instant.now(), null, null, 3, step, code, "old: technical details", List.of(),
                null, null, null, null, null, null, Instant.now(), Instant.now(), Instant.now(), "api", null);
    }

    @Test
    void the_requester_gets_plain_words_and_the_admins_the_details() throws Exception {
        List<Mail> out = mails(Map.of("jouvence.mail.admins", "a@x.example, b@x.example"))
                .failure(failed("notcourseowner", "backup"), "t@x.example", "old");
        assertEquals(3, out.size());
        Mail teacher = out.get(0);
        assertEquals("t@x.example", teacher.to());
        assertTrue(teacher.body().contains("you are not a teacher of this course"), teacher.body());
        assertFalse(teacher.body().contains("technical details"), "no technical detail for the teacher");
        assertTrue(out.get(1).body().contains("Message: old: technical details"), out.get(1).body());
        assertTrue(out.get(2).subject().contains("Request 7 failed"), out.get(2).subject());
        assertTrue(out.get(1).body().contains("enrolment mode always (keep the enrolment methods)"),
                "the mode by its name, not the plugin's code: " + out.get(1).body());
    }

    @Test
    void french_mails_when_configured() throws Exception {
        Mails fr = mails(Map.of("jouvence.mail.language", "fr"));
        assertEquals("fr", fr.language().getLanguage());
        Mail teacher = fr.failure(failed("invalidusername", "backup"), "t@x.example", "old").get(0);
        assertEquals("Votre cours « Maths 999 » n’a pas pu être restauré", teacher.subject());
        assertTrue(teacher.body().contains("aucun compte ne porte votre identifiant"), teacher.body());
        Mail admin = mails(Map.of("jouvence.mail.language", "fr", "jouvence.mail.admins", "a@x.example"))
                .failure(failed("invalidusername", "backup"), "t@x.example", "old").get(1);
        assertTrue(admin.body().contains("mode d’inscription always (garder les méthodes d’inscription)"), admin.body());
    }

    @Test
    void warnings_reach_the_requester_only_when_configured_and_the_server_url_only_when_asked() throws Exception {
        RestoreRequest r = new RestoreRequest(8, Status.PERFORMED, "old", 2, "Bio", "teacher1", 3L, "api", "default",
                2L, false, 2, 12L, "done", 0, Instant.now(), null, null, 5, null, null, null,
                List.of("the short name X was taken"), null, 10L, "Biology", "BIO", "4.4", false, Instant.now(),
                Instant.now(), Instant.now(), "api", null);
        Mails quiet = mails(Map.of("jouvence.mail.warnings-to-requester", "false", "jouvence.mail.include-server-url", "true"));
        List<Mail> out = quiet.success(r, "t@x.example", "http://new/course/view.php?id=12",
                quiet.serverLabel("old", "https://old.example"));
        assertFalse(out.get(0).body().contains("short name X"), out.get(0).body());
        assertTrue(out.get(0).body().contains("old (https://old.example)"), out.get(0).body());
        assertTrue(out.get(1).body().contains("short name X"), "admins always get the warnings");
    }

    @Test
    void the_success_mail_says_with_user_data_only_when_the_archive_held_them() throws Exception {
        Mails mails = mails(Map.of());
        for (Boolean archiveUsers : new Boolean[] {true, false, null}) {
            RestoreRequest r = new RestoreRequest(9, Status.PERFORMED, "old", 3, "Chem", "teacher1", 3L, "api", "default",
                    2L, true, 2, 13L, "done", 0, Instant.now(), null, null, 5, null, null, null, List.of(), null, 10L,
                    "Chemistry", "CHEM", "4.4", archiveUsers, Instant.now(), Instant.now(), Instant.now(), "api", null);
            String body = mails.success(r, "t@x.example", "http://new/course/view.php?id=13", "old").get(0).body();
            assertEquals(!Boolean.FALSE.equals(archiveUsers), body.contains("It was restored with its user data"),
                    "archive with users: " + archiveUsers + "\n" + body);
        }
    }
}
