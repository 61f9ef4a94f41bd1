package jouvence;

import jakarta.mail.internet.MimeMessage;
import jouvence.courses.RestoreRequest;
import jouvence.courses.Status;
import jouvence.moodle.SiteHealth;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import simulator.MoodleSimulator.Kind;
import simulator.MoodleSimulator;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every error answer of the transcript ends in the right state with the right mails; nothing stays in progress. */
class FailuresTest {

    private final TestJouvence env = TestJouvence.get();

    @BeforeEach
    void reset() throws Exception {
        env.reset();
    }

    private SiteHealth health() {
        return env.camel.getRegistry().lookupByNameAndType("siteHealth", SiteHealth.class);
    }

    private static String body(MimeMessage m) throws Exception {
        return m.getContent().toString();
    }

    @Test
    void a_teacher_who_does_not_own_the_course_gets_an_error_and_plain_words() throws Exception {
        long id = env.schedule("old", 5, "teacher1", false); // course 5 belongs to teacher2 only
        env.claimNow();
        RestoreRequest r = env.awaitStatus(id, Status.ERROR);
        assertEquals("notcourseowner", r.lastErrorCode());
        assertEquals("backup", r.lastErrorStep());
        assertTrue(env.old.calls(MoodleSimulator.DOWNLOAD).isEmpty(), "nothing downloaded");
        assertTrue(env.client.courses().isEmpty(), "nothing restored");

        MimeMessage teacher = env.awaitMails(TestJouvence.TEACHER_MAIL, 1, Duration.ofSeconds(20)).get(0);
        assertTrue(body(teacher).contains("you are not a teacher of this course"), body(teacher));
        assertFalse(body(teacher).contains("notcourseowner"), "the requester gets plain words, not codes");
        MimeMessage admin = env.awaitMails(TestJouvence.ADMIN_MAIL, 1, Duration.ofSeconds(20)).get(0);
        assertTrue(body(admin).contains("notcourseowner") && body(admin).contains("Request: " + id), body(admin));
    }

    @Test
    void a_course_that_does_not_exist_is_said_so_at_the_backup_not_that_the_requester_does_not_teach_it()
            throws Exception {
        // The server could not be asked when the request came in: accepted, the backup step finds out.
        env.old.failNextCalls(MoodleSimulator.FN_COURSES_BY_FIELD, 1, 503);
        long id = env.schedule("old", 77, "teacher1", false);
        env.claimNow();
        RestoreRequest r = env.awaitStatus(id, Status.ERROR);
        assertEquals("backup_check_course_not_exists", r.lastErrorCode());
        assertEquals("course 77 does not exist on server old", r.lastErrorMessage());
        MimeMessage teacher = env.awaitMails(TestJouvence.TEACHER_MAIL, 1, Duration.ofSeconds(20)).get(0);
        assertTrue(body(teacher).contains("the course no longer exists on the old platform"), body(teacher));
        assertFalse(body(teacher).contains("not a teacher"), body(teacher));
    }

    @Test
    void an_unknown_requester_ends_in_error_and_only_the_admins_are_told() throws Exception {
        long id = env.schedule("old", 2, "nosuchuser", false);
        env.claimNow();
        RestoreRequest r = env.awaitStatus(id, Status.ERROR);
        assertEquals("invalidusername", r.lastErrorCode());
        MimeMessage admin = env.awaitMails(TestJouvence.ADMIN_MAIL, 1, Duration.ofSeconds(20)).get(0);
        assertTrue(body(admin).contains("could not be mailed"), body(admin));
    }

    @Test
    void a_bad_server_token_marks_the_server_down_mails_admins_once_and_lets_other_servers_work() throws Exception {
        env.old.revokeToken();
        long a = env.schedule("old", 2, "teacher1", false);
        long b = env.schedule("old", 4, "teacher1", false);
        long c = env.schedule("other", 3, "teacher1", false);
        env.claimNow();
        env.awaitStatus(c, Status.PERFORMED);
        RestoreRequest ra = env.await(a, x -> x.status() == Status.WAITING_RETRY, Duration.ofSeconds(30));
        assertEquals("invalidtoken", ra.lastErrorCode());
        assertEquals(0, ra.attempts(), "a server-wide fault burns no attempt");
        assertTrue(health().isDown("old"));
        env.quiesce();
        assertEquals(Status.SCHEDULED, env.request(b).status(), "the other request of a down server is not even tried");
        List<MimeMessage> admin = env.awaitMails(TestJouvence.ADMIN_MAIL, 2, Duration.ofSeconds(20));
        long siteMails = admin.stream().filter(m -> subject(m).contains("needs an administrator")).count();
        assertEquals(1, siteMails, "one alert per outage");

        env.old.token(TestJouvence.OLD_TOKEN);
        health().probeAll();
        assertFalse(health().isDown("old"));
        env.claimNow();
        env.awaitStatus(a, Status.PERFORMED);
        env.awaitStatus(b, Status.PERFORMED);
    }

    @Test
    void a_server_that_refuses_connections_is_retried_later_while_another_server_goes_on() throws Exception {
        env.old.stop();
        int logged = env.logs.size();
        long a;
        try {
            a = env.schedule("old", 2, "teacher1", false);
            long c = env.schedule("other", 4, "teacher1", false);
            env.claimNow();
            // looked at within its 1 s back-off: once it has passed, any claim run (such as the one that follows the
            // other request's end) may take it again
            RestoreRequest r = env.await(a, x -> x.lastErrorCode() != null, Duration.ofSeconds(30));
            assertEquals(1, r.attempts(), "the first attempt, failed");
            assertEquals("unreachable", r.lastErrorCode());
            // a site down is an expected event: one line with the cause, no stack trace
            List<String> retried = TestJouvence.poll(Duration.ofSeconds(10),
                    () -> env.logs.linesSince(logged, "request " + a + " will be retried"), l -> !l.isEmpty());
            assertTrue(!retried.isEmpty() && retried.stream().allMatch(l -> l.contains("cannot reach")
                    && l.contains("Connection refused") && !l.contains("\n")), retried.toString());
            assertEquals(List.of(), env.logs.linesSince(logged, "ConnectException").stream()
                    .filter(l -> l.contains("\n\tat ")).toList(), "no stack trace for a Moodle that is down");
            assertEquals(Duration.ofSeconds(1), Duration.between(r.processedAt(), r.nextAttemptAt()),
                    "back-off before the next attempt (jouvence.retry.base-delay)");
            env.awaitStatus(c, Status.PERFORMED);
        } finally {
            env.old.restart();
            env.closeIdleHttpConnections();
        }
        RestoreRequest done = env.await(a, x -> {
            env.claimNow(); // the scheduled trigger does this every minute
            return x.status() == Status.PERFORMED;
        }, Duration.ofSeconds(30));
        assertTrue(done.attempts() >= 2, "performed after a failed attempt: " + done.attempts());
    }

    @Test
    void an_http_500_during_the_backup_is_retried() throws Exception {
        env.old.failNextCalls(MoodleSimulator.FN_GET_COURSES_ZIP, 1, 500);
        long id = env.schedule("old", 2, "teacher1", false);
        env.claimNow();
        RestoreRequest r = env.await(id, x -> x.status() == Status.WAITING_RETRY, Duration.ofSeconds(30));
        assertEquals("http-500", r.lastErrorCode());
        env.await(id, x -> {
            env.claimNow();
            return x.status() == Status.PERFORMED;
        }, Duration.ofSeconds(30));
    }

    @Test
    void gives_up_after_the_configured_attempts() throws Exception {
        env.old.failNextCalls(MoodleSimulator.FN_GET_COURSES_ZIP, 10, 503);
        long id = env.schedule("old", 2, "teacher1", false);
        RestoreRequest r = env.await(id, x -> {
            env.claimNow();
            return x.status() == Status.ERROR;
        }, Duration.ofSeconds(30));
        assertEquals(3, r.attempts(), "3 attempts in all: the third failure is final");
        assertTrue(r.lastErrorMessage().startsWith("gave up after 3 attempts"), r.lastErrorMessage());
        assertEquals(3, env.old.calls(MoodleSimulator.FN_GET_COURSES_ZIP).size());
        // One count everywhere: the trail's "attempt N", the API's attempts, the admins' mail
        List<String> trail = env.requests.events(id).stream().filter(e -> e.step().equals("claim"))
                .map(e -> e.message()).toList();
        assertEquals(List.of("attempt 1", "attempt 2", "attempt 3"), trail);
        List<String> retries = env.requests.events(id).stream().filter(e -> e.outcome().equals("retry"))
                .map(e -> e.message().replaceAll("^.*; (attempt \\d+ of \\d+).*$", "$1")).toList();
        assertEquals(List.of("attempt 1 of 3", "attempt 2 of 3"), retries, "the retries count the same way");
        assertEquals(3, env.api("GET", "/api/v1/restore-requests/" + id, null, TestJouvence.API_TOKEN).json()
                .get("attempts").asInt());
        MimeMessage admin = env.awaitMails(TestJouvence.ADMIN_MAIL, 1, Duration.ofSeconds(20)).get(0);
        assertTrue(body(admin).contains("Attempts: 3"), body(admin));
    }

    @Test
    void garbage_and_incomplete_archives_are_refused_before_any_restore() throws Exception {
        Object[][] cases = {{Kind.GARBAGE, "not-an-archive"}, {Kind.NO_BACKUP_XML, "no-moodle-backup-xml"}};
        for (Object[] c : cases) {
            env.reset();
            env.old.archiveOverride((Kind) c[0], 1);
            long id = env.schedule("old", 2, "teacher1", false);
            env.claimNow();
            RestoreRequest r = env.awaitStatus(id, Status.ERROR);
            assertEquals(c[1], r.lastErrorCode(), c[0] + ": " + r.lastErrorMessage());
            assertEquals("download", r.lastErrorStep());
            assertTrue(env.client.calls(MoodleSimulator.RESTORE).isEmpty(), c[0] + " never reaches the restore");
            assertTrue(env.client.courses().isEmpty());
        }
    }

    @Test
    void a_backup_file_gone_before_its_download_is_made_again_at_the_next_attempt() throws Exception {
        env.old.archiveOverride(Kind.EMPTY_BODY, 1); // D1: the file record replaced by another backup in its place
        long id = env.schedule("old", 2, "teacher1", false);
        env.claimNow();
        RestoreRequest r = env.await(id, x -> x.status() == Status.WAITING_RETRY, Duration.ofSeconds(30));
        assertEquals("empty", r.lastErrorCode());
        assertEquals("download", r.lastErrorStep());
        assertTrue(r.lastErrorMessage().contains("gone from the course server"), r.lastErrorMessage());
        assertTrue(env.client.calls(MoodleSimulator.RESTORE).isEmpty(), "an empty body never reaches the restore");
        env.await(id, x -> {
            env.claimNow();
            return x.status() == Status.PERFORMED;
        }, Duration.ofSeconds(30));
        assertEquals(2, env.old.calls(MoodleSimulator.FN_GET_COURSES_ZIP).size(), "a second backup, downloaded whole");
    }

    @Test
    void a_json_error_instead_of_the_archive_is_read_as_moodles_error() throws Exception {
        env.old.archiveOverride(Kind.JSON_ERROR, 1); // the download script's invalidtoken answer (D3)
        long id = env.schedule("old", 2, "teacher1", false);
        env.claimNow();
        RestoreRequest r = env.await(id, x -> x.status() == Status.WAITING_RETRY, Duration.ofSeconds(30));
        assertEquals("invalidtoken", r.lastErrorCode());
        assertTrue(env.client.calls(MoodleSimulator.RESTORE).isEmpty());
    }

    @Test
    void a_download_cut_short_is_never_treated_as_whole() throws Exception {
        env.old.archiveOverride(Kind.TRUNCATED, 1);
        long id = env.schedule("old", 2, "teacher1", false);
        env.claimNow();
        RestoreRequest r = env.await(id, x -> x.status() == Status.WAITING_RETRY, Duration.ofSeconds(30));
        assertEquals("download", r.lastErrorStep());
        assertTrue(env.client.calls(MoodleSimulator.RESTORE).isEmpty());
        env.await(id, x -> {
            env.claimNow();
            return x.status() == Status.PERFORMED;
        }, Duration.ofSeconds(30));
    }

    @Test
    void a_server_that_made_no_backup_file_is_an_error() throws Exception {
        env.old.filerecordidOverride(0, 1);
        long id = env.schedule("old", 2, "teacher1", false);
        env.claimNow();
        RestoreRequest r = env.awaitStatus(id, Status.ERROR);
        assertEquals("no-backup-file", r.lastErrorCode());
        assertTrue(env.old.calls(MoodleSimulator.DOWNLOAD).isEmpty(), "file 0 is never downloaded");
    }

    @Test
    void a_failing_restore_command_ends_in_error_with_its_output() throws Exception {
        env.client.failNextCalls(MoodleSimulator.RESTORE, 1, 500);
        long id = env.schedule("old", 2, "teacher1", false);
        env.claimNow();
        RestoreRequest r = env.awaitStatus(id, Status.ERROR);
        assertEquals("restore-exit", r.lastErrorCode());
        assertEquals("restore", r.lastErrorStep());
        assertNotNull(r.targetCategoryId());
        MimeMessage admin = env.awaitMails(TestJouvence.ADMIN_MAIL, 1, Duration.ofSeconds(20)).get(0);
        assertTrue(body(admin).contains("restore-exit"), body(admin));
        MimeMessage teacher = env.awaitMails(TestJouvence.TEACHER_MAIL, 1, Duration.ofSeconds(20)).get(0);
        assertTrue(body(teacher).contains("could not restore the backup"), body(teacher));
    }

    @Test
    void a_client_without_update_courses_is_reported_and_its_requests_wait() throws Exception {
        env.client.removeFunction(MoodleSimulator.FN_UPDATE_COURSES);
        try {
            SiteHealth.Probe probe = health().probe(env.camel.getRegistry()
                    .lookupByNameAndType("jouvenceConfig", JouvenceConfig.class).client());
            assertFalse(probe.ok());
            assertTrue(probe.problem().contains(MoodleSimulator.FN_UPDATE_COURSES), probe.problem());
            assertTrue(health().isDown(JouvenceConfig.CLIENT_ID));
            long id = env.schedule("old", 2, "teacher1", false);
            env.claimNow();
            env.quiesce();
            assertEquals(Status.SCHEDULED, env.request(id).status(), "nothing is claimed while the new platform is down");
        } finally {
            env.client.addFunction(MoodleSimulator.FN_UPDATE_COURSES);
            health().probeAll();
        }
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void no_token_reaches_a_log_line_whatever_fails() throws Exception {
        env.old.revokeToken();
        long a = env.schedule("old", 2, "teacher1", false);
        env.claimNow();
        env.await(a, x -> x.status() == Status.WAITING_RETRY, Duration.ofSeconds(30));
        env.old.token(TestJouvence.OLD_TOKEN);
        health().probeAll();
        env.old.archiveOverride(Kind.JSON_ERROR, 1);
        env.old.stop();
        env.claimNow();
        env.quiesce();
        env.old.restart();
        env.closeIdleHttpConnections();
        env.claimNow();
        env.quiesce();
        assertTrue(env.logs.size() > 0, "the recorder sees the service's logs");
        for (String secret : List.of(TestJouvence.OLD_TOKEN, TestJouvence.OTHER_TOKEN, TestJouvence.CLIENT_TOKEN,
                TestJouvence.API_TOKEN)) {
            assertEquals(List.of(), env.logs.linesContaining(secret), "a secret reached the logs");
        }
    }

    @Test
    void a_server_whose_service_lacks_the_backup_function_is_marked_down() throws Exception {
        env.old.removeFunction(MoodleSimulator.FN_GET_COURSES_ZIP);
        try {
            long id = env.schedule("old", 2, "teacher1", false);
            env.claimNow();
            RestoreRequest r = env.await(id, x -> x.status() == Status.WAITING_RETRY, Duration.ofSeconds(30));
            assertEquals("accessexception", r.lastErrorCode());
            assertEquals(0, r.attempts());
            assertTrue(health().isDown("old"));
        } finally {
            env.old.addFunction(MoodleSimulator.FN_GET_COURSES_ZIP);
        }
    }

    @Test
    void a_failure_after_the_restore_resumes_at_the_finish_and_never_restores_twice() throws Exception {
        env.client.failNextCalls(MoodleSimulator.FN_UPDATE_COURSES, 1, 503);
        long id = env.schedule("old", 2, "teacher1", false);
        env.claimNow();
        RestoreRequest waiting = env.await(id, x -> x.status() == Status.WAITING_RETRY, Duration.ofSeconds(30));
        assertEquals("finish", waiting.lastErrorStep());
        assertNotNull(waiting.restoredCourseId(), "the restored course is remembered");
        RestoreRequest done = env.await(id, x -> {
            env.claimNow();
            return x.status() == Status.PERFORMED;
        }, Duration.ofSeconds(30));
        assertEquals(waiting.restoredCourseId(), done.restoredCourseId());
        assertEquals(1, env.client.courses().size(), "one course, restored once");
        assertEquals(1, env.client.calls(MoodleSimulator.RESTORE).size());
        assertEquals("OLD-BIO101", env.client.course(done.restoredCourseId().intValue()).shortname());
    }

    @Test
    void a_course_deleted_on_the_old_platform_after_an_admin_scheduled_it_for_nobody_is_an_error() throws Exception {
        TestJouvence.Response r = env.post("{\"server\":\"old\",\"remoteCourseId\":4,\"forNobody\":true,"
                + "\"scheduledBy\":\"admin1\"}");
        assertEquals(201, r.status(), r.body());
        env.old.deleteCourse(4);
        long id = r.json().get("id").asLong();
        env.claimNow();
        RestoreRequest done = env.awaitStatus(id, Status.ERROR);
        assertEquals("backup_check_course_not_exists", done.lastErrorCode());
        MimeMessage admin = env.awaitMails(TestJouvence.ADMIN_MAIL, 1, Duration.ofSeconds(20)).get(0);
        assertTrue(body(admin).contains("does not exist"), body(admin));
    }
}
