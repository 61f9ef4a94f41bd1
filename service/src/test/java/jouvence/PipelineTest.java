package jouvence;

import jakarta.mail.internet.MimeMessage;
import jouvence.courses.RestoreRequest;
import jouvence.courses.Status;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import simulator.MoodleSimulator;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A course travels from the old Moodle to the new one: backup, staging, restore, names back, enrolment, mails. */
class PipelineTest {

    private final TestJouvence env = TestJouvence.get();

    @BeforeEach
    void reset() throws Exception {
        env.reset();
    }

    @Test
    void every_line_logged_while_a_request_is_worked_on_names_it() throws Exception {
        int from = env.logs.size();
        long id = env.schedule("old", 2, "teacher1", false);
        env.claimNow();
        env.awaitStatus(id, Status.PERFORMED);
        env.awaitMails(TestJouvence.TEACHER_MAIL, 1, Duration.ofSeconds(20));
        String tag = "[request " + id + "] ";
        List<String> restore = env.logs.linesSince(from, "restore command started");
        assertFalse(restore.isEmpty(), "the restore is logged");
        assertTrue(restore.stream().allMatch(l -> l.startsWith(tag)), "the restore's line names the request: " + restore);
        // the simulator's restore command is `java -cp <the test class path> simulator.RestoreCli …`
        assertTrue(restore.stream().allMatch(l -> l.contains(" -cp <") && l.length() < 1000),
                "the class path is summarised, not a line of kilobytes: " + restore);
        List<String> mailed = TestJouvence.poll(Duration.ofSeconds(10), () -> env.logs.linesSince(from, "mailed \""),
                l -> !l.isEmpty());
        assertTrue(mailed.stream().anyMatch(l -> l.startsWith(tag)), "the mail's line names the request: " + mailed);
    }

    @Test
    void a_claim_is_logged_with_the_request_it_claimed_not_the_previous_one() throws Exception {
        int from = env.logs.size();
        // one server, one backup at a time: the second request is claimed when the first one's backup is stored,
        // in the first one's exchange, and the claim runs that follow come from the requests' exchanges too
        long a = env.schedule("old", 2, "teacher1", false);
        long b = env.schedule("old", 4, "teacher1", false);
        env.claimNow();
        env.awaitStatus(a, Status.PERFORMED);
        env.awaitStatus(b, Status.PERFORMED);
        for (long id : new long[]{a, b}) {
            List<String> claimed = env.logs.linesSince(from, "claimed request " + id + " ");
            assertEquals(1, claimed.size(), "one claim of request " + id + ": " + claimed);
            assertTrue(claimed.get(0).startsWith("[request " + id + "] claimed request " + id + " "),
                    "the claim's line carries the claimed request in its MDC: " + claimed);
        }
        assertEquals(List.of(), env.logs.linesSince(from, "] claimed request").stream()
                .filter(l -> !l.matches("^\\[request (\\d+)\\] claimed request \\1 .*")).toList(),
                "no claim is logged under another request's id");
    }

    @Test
    void a_course_without_user_data_is_restored_renamed_enrolled_and_mailed() throws Exception {
        long id = env.schedule("old", 2, "teacher1", false);
        env.claimNow();
        RestoreRequest r = env.awaitStatus(id, Status.PERFORMED);

        MoodleSimulator.Course course = env.client.course(r.restoredCourseId().intValue());
        assertEquals("Biology 101 (old platform)", course.fullname(), "the CLI's 'Restore as a new course' is renamed back");
        assertEquals("OLD-BIO101", course.shortname());
        assertEquals(2, course.categoryid(), "the default category");
        assertTrue(env.client.enrolments().contains(new MoodleSimulator.Enrolment(course.id(), 3, 3)),
                "teacher1 (id 3) enrolled as editingteacher (role 3): " + env.client.enrolments());
        assertEquals(Boolean.FALSE, r.archiveIncludesUsers());
        assertEquals("4.4.3+ (Build: 20240903)", r.archiveRelease());
        assertEquals(3L, r.requesterUserId());
        assertEquals("teacher1", env.old.calls(MoodleSimulator.FN_GET_COURSES_ZIP).get(0).get("username"));
        assertEquals(1, env.old.calls("core_course_get_courses_by_field").size(), "one lookup, the creation's check "
                + "that the course exists; none in the pipeline: the archive names the course");
        assertEquals("Biology 101 (old platform)", r.courseName());
        assertEquals("0", env.old.calls(MoodleSimulator.FN_GET_COURSES_ZIP).get(0).get("withuserdatas"));
        assertFalse(TestJouvence.poll(Duration.ofSeconds(10), () -> Files.exists(env.staging.resolve(Long.toString(id))),
                exists -> !exists), "the archive is deleted after success");

        List<MimeMessage> teacher = env.awaitMails(TestJouvence.TEACHER_MAIL, 1, Duration.ofSeconds(20));
        assertEquals(1, teacher.size());
        assertTrue(teacher.get(0).getSubject().contains("Biology 101 (old platform)"), teacher.get(0).getSubject());
        String body = teacher.get(0).getContent().toString();
        assertTrue(body.contains(env.client.url() + "/course/view.php?id=" + course.id()), body);
        assertTrue(body.contains("without user data"), body);
        assertEquals(1, env.awaitMails(TestJouvence.ADMIN_MAIL, 1, Duration.ofSeconds(20)).size());

        List<String> steps = env.requests.events(id).stream().map(e -> e.step() + ":" + e.outcome()).toList();
        assertEquals(List.of("intake:ok", "claim:ok", "backup:ok", "download:ok", "restore:ok", "enrol:ok", "finish:ok"),
                steps);
    }

    @Test
    void a_course_with_user_data_is_restored_with_it() throws Exception {
        long id = env.schedule("old", 3, "teacher1", true);
        env.claimNow();
        RestoreRequest r = env.awaitStatus(id, Status.PERFORMED);
        assertEquals(Boolean.TRUE, r.archiveIncludesUsers());
        assertEquals("1", env.old.calls(MoodleSimulator.FN_GET_COURSES_ZIP).get(0).get("withuserdatas"));
        MoodleSimulator.Course course = env.client.course(r.restoredCourseId().intValue());
        assertEquals("OLD-CHEM201", course.shortname());
        String body = env.awaitMails(TestJouvence.TEACHER_MAIL, 1, Duration.ofSeconds(20)).get(0).getContent().toString();
        assertTrue(body.contains("with its user data"), body);
    }

    @Test
    void a_taken_short_name_gets_moodles_suffix_and_a_warning() throws Exception {
        env.client.addCourse(40, "OLD-BIO101", "A course already on the new platform", 1);
        long second = env.schedule("old", 2, "teacher1", false);
        env.claimNow();
        RestoreRequest r = env.awaitStatus(second, Status.PERFORMED);
        assertEquals("OLD-BIO101_1", env.client.course(r.restoredCourseId().intValue()).shortname());
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("OLD-BIO101_1")), r.warnings().toString());
    }

    @Test
    void several_requests_of_one_server_are_backed_up_one_at_a_time_and_all_performed() throws Exception {
        env.old.backupLatency(Duration.ofMillis(200));
        long a = env.schedule("old", 2, "teacher1", false);
        long b = env.schedule("old", 4, "teacher1", false);
        long c = env.schedule("old", 6, "teacher1", false);
        env.claimNow();
        for (long id : new long[]{a, b, c}) {
            env.awaitStatus(id, Status.PERFORMED);
        }
        assertEquals(1, env.old.maxConcurrentBackups(), "backups on one server never overlap (shared backup slot)");
        assertEquals("OLD-PHYS301", env.client.course(env.request(b).restoredCourseId().intValue()).shortname());
    }

    @Test
    void the_requester_without_an_account_on_the_new_platform_is_not_enrolled_but_the_course_is_restored() throws Exception {
        env.old.addUser("teacher9", "Nine", "Teacher");
        env.old.addTeacher(4, "teacher9");
        long id = env.schedule("old", 4, "teacher9", false);
        env.claimNow();
        RestoreRequest r = env.awaitStatus(id, Status.PERFORMED);
        assertNull(r.requesterUserId());
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("no account on the new platform")), r.warnings().toString());
        assertTrue(env.client.enrolments().stream().noneMatch(e -> e.courseid() == r.restoredCourseId()));
    }

    @Test
    void no_token_ever_reaches_a_logged_url() throws Exception {
        long id = env.schedule("old", 2, "teacher1", false);
        env.claimNow();
        env.awaitStatus(id, Status.PERFORMED);
        for (String line : env.old.requestLines()) {
            if (line.contains(MoodleSimulator.REST_PATH)) {
                assertFalse(line.contains(TestJouvence.OLD_TOKEN), "REST calls carry the token in the body: " + line);
            }
        }
        for (String line : env.client.requestLines()) {
            assertFalse(line.contains(TestJouvence.CLIENT_TOKEN), line);
        }
    }

    @Test
    void an_smtp_server_that_is_down_never_changes_the_outcome_and_mails_are_retried() throws Exception {
        env.mail.stop();
        try {
            long id = env.schedule("old", 2, "teacher1", false);
            env.claimNow();
            RestoreRequest r = env.awaitStatus(id, Status.PERFORMED);
            // each mail is tried again from the outbox (MailOutboxTest: delivered once SMTP is back)
            List<String> retried = TestJouvence.poll(Duration.ofSeconds(20),
                    () -> env.logs.linesContaining("(try 2 of "), l -> l.size() >= 2);
            assertTrue(retried.size() >= 2, "each mail was tried again: " + retried);
            assertEquals(Status.PERFORMED, env.request(id).status());
            assertEquals(r.restoredCourseId(), env.request(id).restoredCourseId());
        } finally {
            env.mail.start();
        }
    }
}
