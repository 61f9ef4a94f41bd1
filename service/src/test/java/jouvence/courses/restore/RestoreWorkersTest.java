package jouvence.courses.restore;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Long-lived restore runners, with a stand-in worker in bash that speaks the runner's worker protocol (a job line in, its
 * output into the job's file, one answer line out): category 99 fails, 66 kills the worker, 77 never ends.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RestoreWorkersTest {

    private static final String WORKER = """
            n=0
            echo '{"jouvence":"ready","pid":'$$',"user":"'"$(id -un)"'"}'
            while true; do
              IFS= read -r -t 0.2 job; rc=$?
              if [ "$rc" -gt 128 ]; then        # idle: when its database is gone, it quits
                [ -e quit-idle ] && exit 0
                continue
              elif [ "$rc" -ne 0 ]; then         # end of its jobs
                exit 0
              fi
              n=$((n+1))
              out=$(printf '%s' "$job" | sed -n 's/.*"output":"\\([^"]*\\)".*/\\1/p')
              echo "worker=$$ job=$job" >> "$out"
              case "$job" in
                *'"categoryid":"99"'*) echo 'jouvence-restore: no course category 99 on the new platform' >> "$out"
                                       echo '{"jouvence":"done","exit":1}' ;;
                *'"categoryid":"66"'*) echo '{"jouvence":"started","courseid":66}' >> "$out"; kill -9 $$ ;;
                *'"categoryid":"77"'*) sleep 30 ;;
                *'"categoryid":"33"'*) sleep 0.5; echo "Restored course ID: 33" >> "$out"; echo '{"jouvence":"done","exit":0}' ;;
                *'"categoryid":"55"'*) if [ "$n" -ge 2 ]; then
                                         echo '{"jouvence":"done","exit":3}'; exit 0; fi
                                       echo "Restored course ID: 55" >> "$out"; echo '{"jouvence":"done","exit":0}' ;;
                *) echo "{\\"jouvence\\":\\"started\\",\\"courseid\\":$((40+n))}" >> "$out"
                   echo "Restored course ID: $((40+n))" >> "$out"
                   echo 'Moodle said something' ; echo '{"jouvence":"done","exit":0}' ;;
              esac
            done
            """;

    @TempDir
    Path tmp;

    private RestoreWorkers workers;

    private RestoreWorkers workers(Duration timeout) throws Exception {
        return workers(timeout, WORKER);
    }

    private RestoreWorkers workers(Duration timeout, String worker) throws Exception {
        Path script = Files.writeString(tmp.resolve("worker.sh"), worker);
        workers = new RestoreWorkers(new RestoreDriver.Settings(new RestoreTemplate("bash " + script, Map.of()), timeout,
                null, 20), "3", tmp, tmp.resolve("restore-workers.log"));
        return workers;
    }

    @AfterEach
    void close() {
        if (workers != null) {
            workers.close();
        }
    }

    private static Map<String, String> request(String category) {
        Map<String, String> p = RestoreCommandTest.request();
        p.put("categoryid", category);
        p.put("withuserdata", "1");
        p.put("enrolmentmode", "0");
        p.put("enrolrequester", "teacher1");
        return p;
    }

    private static long workerPid(Path log) throws Exception {
        Matcher m = Pattern.compile("worker=(\\d+)").matcher(Files.readString(log));
        assertTrue(m.find(), Files.readString(log));
        return Long.parseLong(m.group(1));
    }

    @Test
    void one_worker_restores_one_archive_after_the_other_with_each_requests_settings() throws Exception {
        RestoreWorkers w = workers(Duration.ofSeconds(30));
        RestoreDriver.Result first = w.run(request("3"), tmp.resolve("17/restore.log"));
        RestoreDriver.Result second = w.run(request("4"), tmp.resolve("18/restore.log"));
        assertEquals(41, first.courseId());
        assertEquals(42, second.courseId(), "the same worker's second job");
        assertEquals(workerPid(tmp.resolve("17/restore.log")), workerPid(tmp.resolve("18/restore.log")));
        String job = Files.readString(tmp.resolve("18/restore.log"));
        assertTrue(job.contains("{\"file\":\"/var/jouvence/staging/17/course-2.mbz\",\"categoryid\":\"4\",\"users\":\"1\","
                + "\"enrolments\":\"0\",\"requester\":\"teacher1\",\"roleid\":\"3\",\"output\":\""
                + tmp.resolve("18/restore.log").toAbsolutePath() + "\"}"), job);
        assertFalse(job.contains("Moodle said something"), "only the answer line is read on the worker's stdout");
        assertTrue(Files.readString(tmp.resolve("18/restore.pid")).contains("pid=" + workerPid(tmp.resolve("18/restore.log"))),
                "the marker names the worker, for the recovery");
        assertTrue(w.passes("enrolmentmode") && w.passes("withuserdata"), "the request's settings are honoured");
    }

    @Test
    void a_failed_job_is_a_restore_failure_and_the_worker_goes_on() throws Exception {
        RestoreWorkers w = workers(Duration.ofSeconds(30));
        RestoreFailedException e = assertThrows(RestoreFailedException.class,
                () -> w.run(request("99"), tmp.resolve("17/restore.log")));
        assertEquals(RestoreFailedException.EXIT, e.code());
        assertTrue(e.getMessage().contains("no course category 99"), e.getMessage());
        assertEquals(42, w.run(request("3"), tmp.resolve("18/restore.log")).courseId());
        assertEquals(workerPid(tmp.resolve("17/restore.log")), workerPid(tmp.resolve("18/restore.log")));
    }

    @Test
    void a_worker_that_dies_fails_its_restore_naming_the_partial_course_and_is_replaced() throws Exception {
        RestoreWorkers w = workers(Duration.ofSeconds(30));
        RestoreFailedException e = assertThrows(RestoreFailedException.class,
                () -> w.run(request("66"), tmp.resolve("17/restore.log")));
        assertEquals(RestoreFailedException.EXIT, e.code());
        assertTrue(e.getMessage().contains("ended during the restore"), e.getMessage());
        assertTrue(e.getMessage().contains("Course 66 on the new platform may be partly restored"), e.getMessage());
        assertEquals(41, w.run(request("3"), tmp.resolve("18/restore.log")).courseId(), "a new worker");
        assertNotEquals(workerPid(tmp.resolve("17/restore.log")), workerPid(tmp.resolve("18/restore.log")));
    }

    @Test
    void a_worker_that_lost_moodles_database_hands_the_job_to_a_new_worker() throws Exception {
        RestoreWorkers w = workers(Duration.ofSeconds(30));
        // two idle workers (two restores at once), both of which lost Moodle's database (a worker that did a job says so)
        java.util.concurrent.CompletableFuture<RestoreDriver.Result> other = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> {
                    try {
                        return w.run(request("33"), tmp.resolve("15/restore.log"));
                    } catch (RestoreFailedException e) {
                        throw new IllegalStateException(e);
                    }
                });
        assertEquals(33, w.run(request("33"), tmp.resolve("16/restore.log")).courseId());
        assertEquals(33, other.get().courseId());
        assertNotEquals(workerPid(tmp.resolve("15/restore.log")), workerPid(tmp.resolve("16/restore.log")));
        assertEquals(55, w.run(request("55"), tmp.resolve("17/restore.log")).courseId(), "done by a new worker");
        assertNotEquals(workerPid(tmp.resolve("16/restore.log")), workerPid(tmp.resolve("17/restore.log")));
    }

    @Test
    void a_worker_that_quits_while_idle_is_replaced_before_the_next_restore() throws Exception {
        RestoreWorkers w = workers(Duration.ofSeconds(30));
        assertEquals(41, w.run(request("3"), tmp.resolve("16/restore.log")).courseId());
        long first = workerPid(tmp.resolve("16/restore.log"));
        Files.createFile(tmp.resolve("quit-idle"));
        assertFalse(jouvence.TestJouvence.poll(Duration.ofSeconds(10), () -> ProcessHandle.of(first)
                .map(ProcessHandle::isAlive).orElse(false), alive -> !alive), "the idle worker quit");
        Files.delete(tmp.resolve("quit-idle"));
        Path log = tmp.resolve("restore-workers.log");
        assertTrue(jouvence.TestJouvence.poll(Duration.ofSeconds(10), () -> w.idleWorkers(), n -> n == 1) == 1,
                "a fresh worker was started at once, before any restore asked for one");
        assertEquals(41, w.run(request("3"), tmp.resolve("17/restore.log")).courseId(), "its first job");
        assertNotEquals(first, workerPid(tmp.resolve("17/restore.log")));
        assertFalse(Files.exists(log) && Files.readString(log).contains("error"));
    }

    @Test
    void a_job_past_the_timeout_kills_its_worker() throws Exception {
        RestoreWorkers w = workers(Duration.ofSeconds(1));
        RestoreFailedException e = assertThrows(RestoreFailedException.class,
                () -> w.run(request("77"), tmp.resolve("17/restore.log")));
        assertEquals(RestoreFailedException.TIMEOUT, e.code());
        long pid = workerPid(tmp.resolve("17/restore.log"));
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the worker was killed");
        RestoreState.Died died = assertInstanceOf(RestoreState.Died.class, w.inspect(17, tmp.resolve("17/restore.log")));
        assertTrue(died.why().contains("worker="), died.why());
    }

    @Test
    void the_output_file_belongs_to_the_user_the_worker_runs_as() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "only root may give a file away");
        RestoreWorkers w = workers(Duration.ofSeconds(30), WORKER.replace("$(id -un)", "nobody"));
        w.run(request("3"), tmp.resolve("17/restore.log"));
        assertEquals("nobody", Files.getOwner(tmp.resolve("17/restore.log")).getName(),
                "the worker (Moodle's web user through runuser) writes the job's output itself");
    }

    @Test
    void the_worker_command_takes_no_per_request_placeholder() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RestoreWorkers(
                new RestoreDriver.Settings(new RestoreTemplate("php {runner} --worker --file={file}",
                        Map.of("runner", "/r.php")), Duration.ofMinutes(1), null, 10), "3", tmp, tmp.resolve("w.log")));
        assertTrue(e.getMessage().contains("[file]"), e.getMessage());
    }
}
