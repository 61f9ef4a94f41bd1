package jouvence;

import jouvence.courses.RestoreRequest;
import jouvence.courses.Status;
import jouvence.courses.queue.Claim;
import jouvence.courses.queue.RequestClaims;
import jouvence.courses.queue.RequestRepository;
import jouvence.courses.restore.RestoreCommand;
import jouvence.courses.restore.RestoreFailedException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A worker that dies during the restore (its service killed) leaves the restore process running, its output in the
 * request's staging folder: the sweep resumes a restore that ended at the finish (the course exists once, named and
 * enrolled), waits for one that still runs, and makes only one that died an error naming the partial course.
 */
class RestoreRecoveryTest {

    private static final String DEAD = "killed-replica";

    private final TestJouvence env = TestJouvence.get();

    @BeforeEach
    void reset() throws Exception {
        env.reset();
    }

    @Test
    void a_restore_that_ended_after_its_worker_died_is_resumed_at_the_finish_and_the_course_exists_once()
            throws Exception {
        long id = env.schedule("old", 2, "teacher1", false);
        Path archive = restoreStartedByADeadWorker(id);
        // The dead worker's restore process went on and ended, its output in the staging folder.
        RestoreCommand driver = new RestoreCommand(env.client.restoreCommandTemplate(), Map.of(), Duration.ofMinutes(1),
                null, 30, null);
        long course = driver.run(Map.of("file", archive.toString(), "categoryid", "2"), restoreLog(id)).courseId();
        assertEquals(1, env.client.courses().size());
        env.requests.expireLease(id);

        env.template().sendBody("direct:sweepLeases", null);
        RestoreRequest resumed = env.request(id);
        assertEquals(Status.WAITING_RETRY, resumed.status(), "queued again, at the finish");
        assertEquals(course, resumed.restoredCourseId());
        env.claimNow();
        RestoreRequest done = env.awaitStatus(id, Status.PERFORMED);

        assertEquals(1, env.client.courses().size(), "the course exists once: " + env.client.courses());
        assertEquals("OLD-BIO101", env.client.course((int) course).shortname(), "named after the backup");
        assertTrue(env.client.enrolments().stream().anyMatch(e -> e.courseid() == course),
                "the requester is enrolled: " + env.client.enrolments());
        assertEquals(course, done.restoredCourseId());
        assertTrue(env.requests.events(id).stream().anyMatch(e -> e.message().contains("resumed at the finish")),
                "the trail says so: " + env.requests.events(id));
        assertEquals(1, env.awaitMails(TestJouvence.TEACHER_MAIL, 1, Duration.ofSeconds(20)).size(), "the requester is told");
        assertTrue(Files.notExists(restoreLog(id).getParent()), "the staging folder is gone once performed");
    }

    @Test
    void a_restore_still_running_is_waited_for_and_one_that_died_names_its_partial_course() throws Exception {
        long id = env.schedule("old", 2, "teacher1", false);
        restoreStartedByADeadWorker(id);
        // The runner's first line names the course it restores into; then the restore works (here: sleeps).
        RestoreCommand driver = new RestoreCommand("sh -c {script}", Map.of("script",
                "echo '{\"jouvence\":\"started\",\"courseid\":41}'; exec sleep 60"), Duration.ofMinutes(2), null, 30, null);
        AtomicLong pid = new AtomicLong();
        CompletableFuture<Object> orphan = CompletableFuture.supplyAsync(() -> {
            try {
                return driver.run(Map.of(), restoreLog(id), pid::set);
            } catch (RestoreFailedException e) {
                return e;
            }
        });
        TestJouvence.poll(Duration.ofSeconds(10), () -> Files.exists(restoreLog(id).resolveSibling("restore.pid"))
                && Files.readString(restoreLog(id)).contains("started"), Boolean::booleanValue);
        env.requests.expireLease(id);

        env.template().sendBody("direct:sweepLeases", null);
        assertEquals(Status.IN_PROGRESS, env.request(id).status(), "its restore still runs: waited for");

        ProcessHandle.of(pid.get()).orElseThrow().destroyForcibly();
        assertInstanceOf(RestoreFailedException.class, orphan.get());
        env.template().sendBody("direct:sweepLeases", null);
        RestoreRequest failed = env.request(id);
        assertEquals(Status.ERROR, failed.status());
        assertEquals("interrupted", failed.lastErrorCode());
        assertTrue(failed.lastErrorMessage().contains("course 41 on the new platform was being restored into and may be "
                + "partial"), failed.lastErrorMessage());
        var admin = env.awaitMails(TestJouvence.ADMIN_MAIL, 1, Duration.ofSeconds(20));
        assertTrue(admin.get(0).getContent().toString().contains("course 41"), "the admins are told which course");
        env.claimNow();
        env.quiesce();
        assertEquals(Status.ERROR, env.request(id).status(), "never restored a second time silently");
    }

    /** The dead worker had claimed the request, staged its archive and started its restore (step = restore). */
    private Path restoreStartedByADeadWorker(long id) throws Exception {
        RequestClaims dead = new RequestRepository(env.camel.getRegistry().lookupByNameAndType("jouvenceDb",
                DataSource.class), DEAD).claims();
        Claim claim;
        try (Connection c = env.camel.getRegistry().lookupByNameAndType("jouvenceDb", DataSource.class).getConnection()) {
            claim = Claim.of(dead.claimOne(c, "old", Duration.ofMinutes(5)).orElseThrow());
        }
        Path archive = restoreLog(id).resolveSibling("course-2.mbz");
        Files.createDirectories(archive.getParent());
        Files.copy(Path.of("..", "simulator", "src", "main", "resources", "simulator", "archives",
                "course2-bio101-nouserdata.mbz"), archive);
        assertNotNull(dead.saveArchive(claim, archive.toString(), Files.size(archive), "Biology 101 (old platform)",
                "OLD-BIO101", "4.4", false));
        dead.saveTarget(claim, 2);
        return archive;
    }

    private Path restoreLog(long id) {
        return env.staging.resolve(Long.toString(id)).resolve("restore.log");
    }
}
