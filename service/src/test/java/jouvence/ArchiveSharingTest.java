package jouvence;

import jouvence.courses.RequestEvent;
import jouvence.courses.RestoreRequest;
import jouvence.courses.Status;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import simulator.MoodleSimulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two teachers of one course each take their copy (only-one-per-remote-course off): the course server makes one
 * backup for both when the second request was made before that backup was asked, and each copy is restored on its own.
 */
class ArchiveSharingTest {

    private final TestJouvence env = TestJouvence.get();

    @BeforeEach
    void reset() throws Exception {
        env.reset();
        // teacher2 teaches Biology 101 too (the client knows teacher2 as user 6)
        env.old.addCourse(2, "OLD-BIO101", "Biology 101 (old platform)", 2, "teacher1", "teacher2");
    }

    @Test
    void a_course_asked_twice_is_backed_up_once_and_restored_for_each_requester() throws Exception {
        double sharedBefore = sharedArchives();
        long first = scheduleAsWithoutTheRule(2, "teacher1", false);
        long second = env.schedule("old", 2, "teacher2", false);
        env.claimNow();
        RestoreRequest a = env.awaitStatus(first, Status.PERFORMED);
        RestoreRequest b = env.awaitStatus(second, Status.PERFORMED);

        assertEquals(1, env.old.calls(MoodleSimulator.FN_GET_COURSES_ZIP).size(), "one backup for both requests");
        assertEquals(1, env.old.requestLines().stream().filter(l -> l.contains(MoodleSimulator.DOWNLOAD_PATH)).count(),
                "one download: " + env.old.requestLines());
        assertNotEquals(a.restoredCourseId(), b.restoredCourseId(), "a course of its own for each requester");
        assertEquals(List.of("OLD-BIO101", "OLD-BIO101_1"), java.util.stream.Stream.of(a, b)
                .map(r -> env.client.course(r.restoredCourseId().intValue()).shortname()).sorted().toList(),
                "the two restores run side by side: whichever ends second gets the suffix");
        assertTrue(env.client.enrolments().contains(new MoodleSimulator.Enrolment(b.restoredCourseId().intValue(), 6, 3)),
                "teacher2 enrolled in their copy: " + env.client.enrolments());
        assertEquals(a.archiveBytes(), b.archiveBytes());
        assertEquals("Biology 101 (old platform)", b.courseName());
        assertEquals(Boolean.FALSE, b.archiveIncludesUsers());

        List<RequestEvent> trail = env.requests.events(second);
        assertEquals(List.of("intake:ok", "claim:ok", "backup:ok", "download:ok", "restore:ok", "enrol:ok", "finish:ok"),
                trail.stream().map(e -> e.step() + ":" + e.outcome()).toList());
        assertEquals("none of its own: the archive of request " + first
                + ", whose backup was asked after this request was made", trail.get(2).message());
        assertTrue(trail.get(3).message().endsWith("shared with request " + first), trail.get(3).message());
        for (long id : new long[]{first, second}) {
            assertFalse(TestJouvence.poll(Duration.ofSeconds(10),
                    () -> Files.exists(env.staging.resolve(Long.toString(id))), exists -> !exists),
                    "request " + id + "'s staging folder is deleted once it is performed");
        }
        assertEquals(1, env.awaitMails("teacher2@example.invalid", 1, Duration.ofSeconds(20)).size());
        assertEquals(sharedBefore + 1, sharedArchives(), "counted in jouvence_archives_shared_total");
    }

    @Test
    void a_request_made_after_the_backup_was_asked_gets_a_backup_of_its_own() throws Exception {
        env.old.backupLatency(Duration.ofMillis(500));
        long first = scheduleAsWithoutTheRule(2, "teacher1", false);
        env.claimNow();
        assertEquals(1, TestJouvence.poll(Duration.ofSeconds(10),
                () -> env.old.calls(MoodleSimulator.FN_GET_COURSES_ZIP).size(), n -> n == 1), "the first backup is asked");
        long second = env.schedule("old", 2, "teacher2", false); // the first backup is being made
        env.awaitStatus(first, Status.PERFORMED);
        env.claimNow();
        env.awaitStatus(second, Status.PERFORMED);
        assertEquals(2, env.old.calls(MoodleSimulator.FN_GET_COURSES_ZIP).size(),
                "the first archive may be older than what the second request asked for");
        assertTrue(env.requests.events(second).stream().noneMatch(e -> e.message() != null
                && e.message().contains("request " + first)), env.requests.events(second).toString());
    }

    @Test
    void a_request_with_user_data_does_not_take_an_archive_without() throws Exception {
        long first = scheduleAsWithoutTheRule(2, "teacher1", false);
        long second = env.schedule("old", 2, "teacher2", true);
        env.claimNow();
        env.awaitStatus(first, Status.PERFORMED);
        RestoreRequest b = env.awaitStatus(second, Status.PERFORMED);
        assertEquals(List.of("0", "1"), env.old.calls(MoodleSimulator.FN_GET_COURSES_ZIP).stream()
                .map(c -> c.get("withuserdatas")).sorted().toList(), "a backup of each kind");
        assertEquals(Boolean.TRUE, b.archiveIncludesUsers());
    }

    @Test
    void a_requester_who_does_not_teach_the_course_takes_no_archive_and_the_server_refuses_their_backup() throws Exception {
        long first = scheduleAsWithoutTheRule(4, "teacher1", false); // Physics 301: teacher1's only
        long second = env.schedule("old", 4, "teacher2", false);
        env.claimNow();
        env.awaitStatus(first, Status.PERFORMED);
        RestoreRequest b = env.await(second, r -> r.status() == Status.ERROR, Duration.ofSeconds(30));
        assertEquals("notcourseowner", b.lastErrorCode(), b.toString());
        assertEquals(List.of("teacher1", "teacher2"), env.old.calls(MoodleSimulator.FN_GET_COURSES_ZIP).stream()
                .map(c -> c.get("username")).toList(), "the second request asked for its own backup");
        assertTrue(env.requests.events(second).stream().anyMatch(e -> e.message() != null && e.message().contains(
                "did not take the archive of request " + first + " (teacher2 is not among the course's teachers")),
                env.requests.events(second).toString());
    }

    /** This replica's count of requests that took another's archive, as the metrics endpoint shows it. */
    private double sharedArchives() throws Exception {
        String exposition = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + env.managementPort + "/observe/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return exposition.lines().filter(l -> l.startsWith("jouvence_archives_shared_total{server=\"old\"} "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(0);
    }

    /**
     * Schedules a request as a platform with jouvence.restore.only-one-per-remote-course=false writes it (the shared
     * test Jouvence keeps the rule on): outside the rule's unique index, so that another requester can ask again.
     */
    private long scheduleAsWithoutTheRule(long course, String requester, boolean withUserData) throws Exception {
        long id = env.schedule("old", course, requester, withUserData);
        try (Connection c = env.postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            assertEquals(1, s.executeUpdate("UPDATE restore_request SET one_instance = false WHERE id = " + id));
        }
        return id;
    }
}
