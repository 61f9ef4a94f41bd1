package jouvence;

import jakarta.mail.internet.MimeMessage;
import jouvence.courses.DuplicateRequestException;
import jouvence.courses.RestoreRequest;
import jouvence.courses.Status;
import jouvence.courses.queue.RequestRepository.NewRequest;
import jouvence.courses.queue.RequestRepository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import simulator.MoodleSimulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the plugin does for teachers and admins, done right where the plugin is wrong. */
class ParityTest {

    private final TestJouvence env = TestJouvence.get();

    @BeforeEach
    void reset() throws Exception {
        env.reset();
    }

    private long schedule(String json) throws Exception {
        TestJouvence.Response r = env.post(json);
        assertEquals(201, r.status(), r.body());
        return r.json().get("id").asLong();
    }

    private RestoreRequest run(long id) throws Exception {
        env.claimNow();
        return env.await(id, r -> r.status() == Status.PERFORMED || r.status() == Status.ERROR, Duration.ofSeconds(60));
    }

    // 1. Target category ------------------------------------------------------------------------------------------

    @Test
    void original_category_found_on_the_new_platform_by_its_idnumber() throws Exception {
        env.old.setRestoreCourseInOriginalCategory(true); // the server now sends categoryidentifier OLDCAT-2024
        RestoreRequest r = run(schedule("{\"server\":\"old\",\"remoteCourseId\":2,\"requester\":\"teacher1\","
                + "\"category\":\"original\"}"));
        assertEquals(Status.PERFORMED, r.status());
        assertEquals(3L, r.targetCategoryId(), "client category 3 has idnumber OLDCAT-2024");
        assertEquals(3, env.client.course(r.restoredCourseId().intValue()).categoryid());
        assertTrue(r.warnings().stream().noneMatch(w -> w.contains("default category")), r.warnings().toString());
    }

    @Test
    void original_category_missing_falls_back_to_the_default_with_a_warning_in_the_mail() throws Exception {
        // the server sends no identifier (restorecourseinoriginalcategory off there)
        RestoreRequest r = run(schedule("{\"server\":\"old\",\"remoteCourseId\":2,\"requester\":\"teacher1\","
                + "\"category\":\"original\"}"));
        assertEquals(2L, r.targetCategoryId());
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("no category identifier")), r.warnings().toString());
        MimeMessage mail = env.awaitMails(TestJouvence.TEACHER_MAIL, 1, Duration.ofSeconds(20)).get(0);
        assertTrue(mail.getContent().toString().contains("no category identifier"), "the warning is in the mail");
    }

    @Test
    void original_category_deleted_on_the_new_platform_falls_back_to_the_default() throws Exception {
        env.old.setRestoreCourseInOriginalCategory(true);
        env.client.deleteCategory(3);
        RestoreRequest r = run(schedule("{\"server\":\"old\",\"remoteCourseId\":2,\"requester\":\"teacher1\","
                + "\"category\":\"original\"}"));
        assertEquals(2L, r.targetCategoryId());
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("OLDCAT-2024")), r.warnings().toString());
    }

    @Test
    void a_chosen_category_deleted_since_the_request_falls_back_to_the_default() throws Exception {
        long id = schedule("{\"server\":\"old\",\"remoteCourseId\":2,\"requester\":\"teacher1\",\"category\":3}");
        env.client.deleteCategory(3);
        RestoreRequest r = run(id);
        assertEquals(2L, r.targetCategoryId());
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("category 3 does not exist")), r.warnings().toString());
    }

    // 2. One restore per remote course --------------------------------------------------------------------------

    @Test
    void two_teachers_submitting_the_same_course_at_once_get_one_request() throws Exception {
        env.old.addUser("teacher3", "Three", "Teacher");
        List<Callable<Integer>> posts = new ArrayList<>();
        for (String who : List.of("teacher1", "teacher2", "teacher3", "teacher1", "teacher2", "teacher3")) {
            posts.add(() -> env.post("{\"server\":\"old\",\"remoteCourseId\":4,\"requester\":\"" + who + "\"}").status());
        }
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(posts)) {
                statuses.add(f.get());
            }
            assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
            assertEquals(5, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, env.requests.list(null, null, "old", 50, 0).size());
    }

    @Test
    void with_the_rule_off_a_requester_may_reschedule_a_course_already_restored() throws Exception {
        RequestRepository lenient = new RequestRepository(env.camel.getRegistry()
                .lookupByNameAndType("jouvenceDb", DataSource.class), "test-instance", false);
        long id = lenient.insert(NewRequest.of("old", 2, "teacher1", "test")).id();
        RestoreRequest done = run(id);
        assertEquals(Status.PERFORMED, done.status());
        long again = lenient.insert(NewRequest.of("old", 2, "teacher1", "test")).id();
        long colleague = lenient.insert(NewRequest.of("old", 2, "teacher2", "test")).id();
        assertTrue(again != id && colleague != again);
        assertThrows(DuplicateRequestException.class, () -> lenient.insert(NewRequest.of("old", 2, "teacher1", "test")),
                "still one ACTIVE request per requester");
    }

    // 3. Colleagues -----------------------------------------------------------------------------------------------

    @Test
    void a_colleague_who_teaches_the_remote_course_is_enrolled_and_an_impostor_is_refused() throws Exception {
        env.old.addTeacher(2, "teacher2");
        RestoreRequest r = run(schedule("{\"server\":\"old\",\"remoteCourseId\":2,\"requester\":\"teacher1\"}"));
        int course = r.restoredCourseId().intValue();
        int teacher2 = env.client.userId("teacher2");

        TestJouvence.Response ok = env.api("POST", "/api/v1/restore-requests/" + r.id() + "/enrol",
                "{\"username\":\"teacher2\"}", TestJouvence.API_TOKEN);
        assertEquals(200, ok.status(), ok.body());
        assertTrue(env.client.enrolments().contains(new MoodleSimulator.Enrolment(course, teacher2, 3)));

        TestJouvence.Response impostor = env.api("POST", "/api/v1/restore-requests/" + r.id() + "/enrol",
                "{\"username\":\"student1\"}", TestJouvence.API_TOKEN);
        assertEquals(403, impostor.status(), impostor.body());
        assertTrue(impostor.json().get("error").asText().contains("does not teach"), impostor.body());
        int student = env.client.userId("student1");
        assertTrue(env.client.enrolments().stream().noneMatch(e -> e.userid() == student));

        TestJouvence.Response stranger = env.api("POST", "/api/v1/restore-requests/" + r.id() + "/enrol",
                "{\"username\":\"nosuchuser\"}", TestJouvence.API_TOKEN);
        assertEquals(403, stranger.status(), stranger.body());
    }

    @Test
    void nobody_is_enrolled_into_a_course_that_is_not_restored_yet() throws Exception {
        long id = schedule("{\"server\":\"old\",\"remoteCourseId\":2,\"requester\":\"teacher1\"}");
        TestJouvence.Response r = env.api("POST", "/api/v1/restore-requests/" + id + "/enrol",
                "{\"username\":\"teacher1\"}", TestJouvence.API_TOKEN);
        assertEquals(409, r.status(), r.body());
        assertTrue(env.client.enrolments().isEmpty());
    }

    // 5. Admin operations -----------------------------------------------------------------------------------------

    @Test
    void an_admin_retries_a_request_in_error_and_it_is_performed() throws Exception {
        env.old.filerecordidOverride(0, 1);
        long id = schedule("{\"server\":\"old\",\"remoteCourseId\":2,\"requester\":\"teacher1\"}");
        assertEquals(Status.ERROR, run(id).status());
        TestJouvence.Response busy = env.api("POST", "/api/v1/restore-requests/" + id + "/cancel", null,
                TestJouvence.API_TOKEN);
        assertEquals(409, busy.status(), "an error cannot be cancelled: " + busy.body());
        TestJouvence.Response retried = env.api("POST", "/api/v1/restore-requests/" + id + "/retry", null,
                TestJouvence.API_TOKEN);
        assertEquals(200, retried.status(), retried.body());
        assertEquals("scheduled", retried.json().get("status").asText());
        assertEquals(0, retried.json().get("attempts").asInt());
        assertEquals(Status.PERFORMED, run(id).status());
        TestJouvence.Response again = env.api("POST", "/api/v1/restore-requests/" + id + "/retry", null,
                TestJouvence.API_TOKEN);
        assertEquals(409, again.status(), "a performed request is not retried: " + again.body());
    }

    @Test
    void a_cancelled_request_is_never_claimed() throws Exception {
        long id = schedule("{\"server\":\"old\",\"remoteCourseId\":2,\"requester\":\"teacher1\"}");
        TestJouvence.Response r = env.api("POST", "/api/v1/restore-requests/" + id + "/cancel", null,
                TestJouvence.API_TOKEN);
        assertEquals(200, r.status(), r.body());
        assertEquals("cancelled", r.json().get("status").asText());
        assertEquals(4, r.json().get("statusCode").asInt());
        env.claimNow();
        env.quiesce();
        assertEquals(Status.CANCELLED, env.request(id).status());
        assertTrue(env.old.calls(MoodleSimulator.FN_GET_COURSES_ZIP).isEmpty());
        // the course is free again for a new request
        assertEquals(201, env.post("{\"server\":\"old\",\"remoteCourseId\":2,\"requester\":\"teacher1\"}").status());
    }

    @Test
    void an_admin_changes_the_target_category_before_the_restore() throws Exception {
        long id = schedule("{\"server\":\"old\",\"remoteCourseId\":2,\"requester\":\"teacher1\"}");
        TestJouvence.Response missing = env.api("POST", "/api/v1/restore-requests/" + id + "/category",
                "{\"category\":99}", TestJouvence.API_TOKEN);
        assertEquals(400, missing.status(), missing.body());
        TestJouvence.Response ok = env.api("POST", "/api/v1/restore-requests/" + id + "/category", "{\"category\":3}",
                TestJouvence.API_TOKEN);
        assertEquals(200, ok.status(), ok.body());
        RestoreRequest r = run(id);
        assertEquals(3L, r.targetCategoryId());
        TestJouvence.Response late = env.api("POST", "/api/v1/restore-requests/" + id + "/category",
                "{\"category\":1}", TestJouvence.API_TOKEN);
        assertEquals(409, late.status(), late.body());
    }

    @Test
    void admin_operations_need_the_token() throws Exception {
        long id = schedule("{\"server\":\"old\",\"remoteCourseId\":2,\"requester\":\"teacher1\"}");
        for (String op : List.of("retry", "cancel", "category", "enrol")) {
            assertEquals(401, env.api("POST", "/api/v1/restore-requests/" + id + "/" + op, "{}", "wrong").status(), op);
        }
        assertEquals(Status.SCHEDULED, env.request(id).status());
    }

    // 6. Digest -----------------------------------------------------------------------------------------------------

    @Test
    void the_daily_digest_lists_what_failed() throws Exception {
        long id = schedule("{\"server\":\"old\",\"remoteCourseId\":5,\"requester\":\"teacher1\"}");
        assertEquals(Status.ERROR, run(id).status());
        env.quiesce();
        env.mail.purgeEmailFromAllMailboxes();
        env.template().sendBody("direct:mailDigest", null);
        MimeMessage digest = env.awaitMails(TestJouvence.ADMIN_MAIL, 1, Duration.ofSeconds(20)).get(0);
        assertTrue(digest.getSubject().contains("1 restore request(s) failed"), digest.getSubject());
        assertTrue(digest.getContent().toString().contains("request " + id), digest.getContent().toString());
    }

    // 4. User data -----------------------------------------------------------------------------------------------

    private static JouvenceConfig.Parity policy(String policy, String... choosers) {
        return new JouvenceConfig.Parity(java.util.Map.of(), true, true, 3, policy, List.of(choosers));
    }

    @Test
    void each_user_data_policy() {
        NewRequest with = new NewRequest("old", 2, null, "teacher1", "api", "default", true, 2, "api", null);
        NewRequest without = NewRequest.of("old", 2, "teacher1", "api");
        assertThrows(jouvence.courses.intake.RequestFields.InvalidField.class,
                () -> jouvence.courses.intake.RequestFields.applyUserDataPolicy(with, policy("never")));
        assertEquals(without, jouvence.courses.intake.RequestFields.applyUserDataPolicy(without, policy("never")));
        assertTrue(jouvence.courses.intake.RequestFields.applyUserDataPolicy(without, policy("always")).withUserData());
        assertEquals(with, jouvence.courses.intake.RequestFields.applyUserDataPolicy(with, policy("choice")));
        assertEquals(with, jouvence.courses.intake.RequestFields.applyUserDataPolicy(with, policy("choice", "teacher1")));
        var refused = assertThrows(jouvence.courses.intake.RequestFields.InvalidField.class,
                () -> jouvence.courses.intake.RequestFields.applyUserDataPolicy(with, policy("choice", "teacher2")));
        assertTrue(refused.getMessage().contains("teacher1 may not ask for user data"), refused.getMessage());
        NewRequest adminForNobody = new NewRequest("old", 2, null, null, "admin1", "default", true, 2, "admin", null);
        assertEquals(adminForNobody, jouvence.courses.intake.RequestFields.applyUserDataPolicy(adminForNobody, policy("choice", "x")));
        assertThrows(IllegalArgumentException.class, () -> policy("sometimes"));
    }

    // 5. Restore for nobody, list by dates ------------------------------------------------------------------------

    @Test
    void an_admin_restore_for_nobody_asks_the_backup_without_username_and_enrols_no_one() throws Exception {
        TestJouvence.Response missingWho = env.post("{\"server\":\"old\",\"remoteCourseId\":5,\"forNobody\":true}");
        assertEquals(400, missingWho.status(), missingWho.body());
        assertTrue(missingWho.json().get("error").asText().contains("scheduledBy"), missingWho.body());
        TestJouvence.Response both = env.post("{\"server\":\"old\",\"remoteCourseId\":5,\"forNobody\":true,"
                + "\"scheduledBy\":\"admin1\",\"requester\":\"teacher1\"}");
        assertEquals(400, both.status(), both.body());
        TestJouvence.Response gone = env.post("{\"server\":\"old\",\"remoteCourseId\":999,\"forNobody\":true,"
                + "\"scheduledBy\":\"admin1\"}");
        assertEquals(400, gone.status(), "the course is checked to exist: " + gone.body());

        long id = schedule("{\"server\":\"old\",\"remoteCourseId\":5,\"forNobody\":true,\"scheduledBy\":\"admin1\"}");
        RestoreRequest r = run(id);
        assertEquals(Status.PERFORMED, r.status(), String.valueOf(r.lastErrorMessage()));
        assertEquals("admin1", r.scheduledBy());
        assertEquals(null, r.requester());
        assertEquals("", env.old.calls(MoodleSimulator.FN_GET_COURSES_ZIP).get(0).get("username"),
                "then and only then the backup is asked without a username");
        assertTrue(env.client.enrolments().isEmpty(), "nobody enrolled");
        env.quiesce();
        assertEquals(List.of(), env.mailsTo(TestJouvence.TEACHER_MAIL));
        assertEquals(1, env.awaitMails(TestJouvence.ADMIN_MAIL, 1, Duration.ofSeconds(20)).size());
    }

    @Test
    void a_teachers_request_never_asks_the_backup_without_username() throws Exception {
        run(schedule("{\"server\":\"old\",\"remoteCourseId\":2,\"requester\":\"teacher1\"}"));
        assertTrue(env.old.calls(MoodleSimulator.FN_GET_COURSES_ZIP).stream()
                .allMatch(c -> "teacher1".equals(c.get("username"))));
    }

    @Test
    void the_list_is_filtered_by_creation_dates() throws Exception {
        long id = schedule("{\"server\":\"old\",\"remoteCourseId\":2,\"requester\":\"teacher1\"}");
        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        String tomorrow = java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(1).toString();
        var in = env.api("GET", "/api/v1/restore-requests?from=" + today + "&to=" + tomorrow, null, TestJouvence.API_TOKEN);
        assertEquals(id, in.json().get("requests").get(0).get("id").asLong(), in.body());
        var after = env.api("GET", "/api/v1/restore-requests?from=" + tomorrow, null, TestJouvence.API_TOKEN);
        assertEquals(0, after.json().get("requests").size(), after.body());
        assertEquals(400, env.api("GET", "/api/v1/restore-requests?from=yesterday", null, TestJouvence.API_TOKEN).status());
    }
}
