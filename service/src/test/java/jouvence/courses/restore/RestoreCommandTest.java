package jouvence.courses.restore;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RestoreCommandTest {

    @TempDir
    Path tmp;

    /** A command {@code sh -c <script>}: the script is a fixed placeholder, so it stays one argument. */
    RestoreCommand shell(String script, Duration timeout, int tailLines) {
        return new RestoreCommand("sh -c {script}", Map.of("script", script), timeout, null, tailLines, tmp);
    }

    RestoreCommand shell(String script) {
        return shell(script, Duration.ofSeconds(30), 50);
    }

    static Map<String, String> request() {
        Map<String, String> p = new HashMap<>();
        p.put("file", "/var/jouvence/staging/17/course-2.mbz");
        p.put("categoryid", "3");
        p.put("withuserdata", "0");
        p.put("enrolmentmode", "1");
        p.put("requester", "");
        p.put("enrolrequester", "");
        p.put("requestid", "17");
        return p;
    }

    @Test
    void a_displayed_command_shows_its_class_path_as_a_number_of_entries() {
        String jars = String.join(java.io.File.pathSeparator, List.of("/srv/a.jar", "/srv/b.jar", "/srv/classes"));
        assertEquals("/usr/bin/java -cp <3 entries> simulator.RestoreCli --file=/x.mbz '--name=a b'",
                RestoreTemplate.display(List.of("/usr/bin/java", "-cp", jars, "simulator.RestoreCli", "--file=/x.mbz",
                        "--name=a b")));
        assertEquals("java -classpath <3 entries> Main", RestoreTemplate.display(List.of("java", "-classpath", jars, "Main")));
        assertEquals("java -cp classes Main", RestoreTemplate.display(List.of("java", "-cp", "classes", "Main")),
                "one entry is shown as it is");
        assertEquals("php run.php --file=" + jars, RestoreTemplate.display(List.of("php", "run.php", "--file=" + jars)),
                "only the value of a class path option");
    }

    RestoreFailedException fails(RestoreCommand command, String code) {
        RestoreFailedException e = assertThrows(RestoreFailedException.class,
                () -> command.run(request(), tmp.resolve("out.log")));
        assertEquals(code, e.code(), e.getMessage());
        return e;
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    // -------------------------------------------------------------------------------------------- success

    @Test
    void courseIdFromMoodle44Output() throws Exception {
        RestoreCommand c = shell("echo 'Restoring backup...'; echo 'Restored course ID: 42'");
        Path log = tmp.resolve("logs/17/restore.log"); // parent folders are created
        RestoreCommand.Result r = c.run(request(), log);
        assertEquals(42, r.courseId());
        assertEquals(0, r.exitCode());
        assertEquals(List.of("Restoring backup...", "Restored course ID: 42"), r.tail());
        assertTrue(r.warnings().isEmpty());
        assertNotNull(r.elapsed());
        assertEquals("Restoring backup...\nRestored course ID: 42\n", Files.readString(log));
    }

    @Test
    void courseIdFromOlderLowercaseOutputOnStderr() throws Exception {
        RestoreCommand.Result r = shell("echo 'restored course id: 7' >&2").run(request(), tmp.resolve("o.log"));
        assertEquals(7, r.courseId()); // stderr is merged into stdout
    }

    @Test
    void lastMatchingLineWinsAndCrlfIsStripped() throws Exception {
        RestoreCommand.Result r = shell("printf 'Restored course ID: 1\\r\\nRestored course ID: 8\\r\\n'")
                .run(request(), tmp.resolve("o.log"));
        assertEquals(8, r.courseId());
        assertEquals(List.of("Restored course ID: 1", "Restored course ID: 8"), r.tail());
    }

    @Test
    void customPatternAndWorkingDirectory() throws Exception {
        RestoreCommand c = new RestoreCommand("sh -c {script}", Map.of("script", "pwd; echo NEWCOURSE=55"),
                Duration.ofSeconds(30), Pattern.compile("NEWCOURSE=(\\d+)"), 10, tmp);
        RestoreCommand.Result r = c.run(request(), tmp.resolve("o.log"));
        assertEquals(55, r.courseId());
        assertEquals(tmp.toRealPath().toString(), r.tail().get(0));
    }

    @Test
    void warningsAreCollectedAndCapped() throws Exception {
        RestoreCommand c = shell("for i in $(seq 1 30); do echo \"PHP Warning: thing $i\"; echo other; done;"
                + " echo 'WARNING: last one'; echo 'Restored course ID: 3'");
        RestoreCommand.Result r = c.run(request(), tmp.resolve("o.log"));
        assertEquals(3, r.courseId());
        assertEquals(RestoreOutput.MAX_WARNINGS, r.warnings().size());
        assertEquals("PHP Warning: thing 1", r.warnings().get(0));
        assertEquals("PHP Warning: thing 20", r.warnings().get(19));
    }

    // -------------------------------------------------------------------------------------------- arguments

    @Test
    void valueWithSpacesAndShellCharactersStaysOneArgument() throws Exception {
        Path marker = tmp.resolve("pwned");
        RestoreCommand c = new RestoreCommand("printf [%s]\\n {requester} {requestid}", Map.of(),
                Duration.ofSeconds(30), null, 10, tmp);
        Map<String, String> p = request();
        p.put("requester", "jean dupont; touch " + marker + " $(id) {file}");
        p.put("requestid", "Restored course ID: 5");
        Path log = tmp.resolve("o.log");
        RestoreCommand.Result r = c.run(p, log);
        // printf repeats its format for every argument: two lines means exactly two arguments
        assertEquals(List.of("[jean dupont; touch " + marker + " $(id) {file}]", "[Restored course ID: 5]"),
                r.tail());
        assertEquals(5, r.courseId());
        assertFalse(Files.exists(marker));
        assertEquals(2, Files.readAllLines(log).size());
    }

    @Test
    void defaultTemplateArguments() {
        RestoreTemplate c = new RestoreTemplate(RestoreTemplate.MOODLE_CLI_TEMPLATE, Map.of("moodle", "/var/www/moodle"));
        Map<String, String> p = request();
        p.put("file", "/srv/staging dir/course 2.mbz");
        assertEquals(List.of("php", "/var/www/moodle/admin/cli/restore_backup.php",
                "--file=/srv/staging dir/course 2.mbz", "--categoryid=3"), c.argv(p));
        assertTrue(RestoreDriver.Settings.DEFAULT_COURSE_ID_PATTERN.matcher("Restored course id: 9").find());
    }

    @Test
    void theRunnerTemplateOfTheShippedPropertiesPassesEverySettingOfTheRequest() throws Exception {
        String runner = "php {runner} --moodle={moodle} --file={file} --categoryid={categoryid} --users={withuserdata} "
                + "--enrolments={enrolmentmode} --requester={enrolrequester} --roleid={roleid}";
        Map<String, String> shipped = jouvence.JouvenceConfigTest.shipped();
        var config = jouvence.JouvenceConfig.from(k -> java.util.Optional.ofNullable(shipped.get(k)));
        RestoreTemplate c = new RestoreTemplate(runner, config.restorePlaceholders());
        Map<String, String> p = request();
        p.put("withuserdata", "1");
        p.put("requester", "teacher1");
        p.put("enrolrequester", "teacher1");
        assertEquals(List.of("php", "/app/moodle/jouvence-restore.php", "--moodle=/var/www/moodle",
                "--file=/var/jouvence/staging/17/course-2.mbz", "--categoryid=3", "--users=1", "--enrolments=1",
                "--requester=teacher1", "--roleid=3"), c.argv(p));
    }

    @Test
    void theRunnersReportComesWithTheResultAndItsLineIsNoWarning(@TempDir Path dir) throws Exception {
        String json = "{\"jouvence\":\"restore\",\"courseid\":12,\"fullname\":\"Bio\",\"shortname\":\"BIO_1\","
                + "\"enrolled\":true,\"userid\":3,\"warnings\":[\"a warning of Moodle\"]}";
        Path script = Files.writeString(dir.resolve("runner.sh"), "echo 'Restored course ID: 12'\necho '" + json + "'\n");
        RestoreCommand command = new RestoreCommand("sh " + script, Map.of(), Duration.ofMinutes(1), null, 10, null);
        RestoreDriver.Result result = command.run(request(), dir.resolve("restore.log"));
        assertEquals(12, result.courseId());
        assertEquals(new RunnerReport(12, "Bio", "BIO_1", true, 3L, null, List.of("a warning of Moodle")), result.runner());
        assertEquals(List.of("a warning of Moodle"), result.warnings(), "the report's warnings, not its own line");
    }

    @Test
    void unknownPlaceholderIsAConfigurationError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RestoreCommand("php {moodle}/admin/cli/restore_backup.php --file={file} --user={bogus}",
                        Map.of("moodle", "/var/www/moodle"), Duration.ofMinutes(1), null, 10, null));
        assertTrue(e.getMessage().contains("{bogus}"), e.getMessage());
        // the default template needs {moodle} to be configured
        IllegalArgumentException noMoodle = assertThrows(IllegalArgumentException.class,
                () -> new RestoreCommand(RestoreTemplate.MOODLE_CLI_TEMPLATE, Map.of(), Duration.ofMinutes(1), null, 10,
                        null));
        assertTrue(noMoodle.getMessage().contains("{moodle}"), noMoodle.getMessage());
    }

    @Test
    void otherConfigurationErrors() {
        assertThrows(IllegalArgumentException.class,
                () -> new RestoreCommand("  ", Map.of(), Duration.ofMinutes(1), null, 10, null));
        assertThrows(IllegalArgumentException.class,
                () -> new RestoreCommand("echo {file}", Map.of("file", "/x"), Duration.ofMinutes(1), null, 10, null));
        assertThrows(IllegalArgumentException.class,
                () -> new RestoreCommand("echo", Map.of(), Duration.ZERO, null, 10, null));
        assertThrows(IllegalArgumentException.class,
                () -> new RestoreCommand("echo", Map.of(), Duration.ofMinutes(1), Pattern.compile("id \\d+"), 10, null));
        assertThrows(IllegalArgumentException.class,
                () -> new RestoreCommand("echo", Map.of(), Duration.ofMinutes(1), null, 0, null));
    }

    @Test
    void missingRequestValueIsRefusedBeforeStarting() {
        RestoreCommand c = new RestoreCommand("echo {requester}", Map.of(), Duration.ofMinutes(1), null, 10, tmp);
        Map<String, String> p = request();
        p.remove("requester");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> c.run(p, tmp.resolve("o.log")));
        assertTrue(e.getMessage().contains("{requester}"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("o.log")));
    }

    // -------------------------------------------------------------------------------------------- failures

    @Test
    void nonZeroExitCarriesTheTail() {
        RestoreFailedException e = fails(shell("echo 'Restoring backup...'; echo 'Error: restore precheck failed'; "
                + "exit 3"), "restore-exit");
        assertEquals(3, e.exitCode());
        assertNull(e.courseId());
        assertTrue(e.getMessage().contains("exit code 3"), e.getMessage());
        assertTrue(e.getMessage().contains("Error: restore precheck failed"), e.getMessage());
        assertEquals(List.of("Restoring backup...", "Error: restore precheck failed"), e.tail());
    }

    @Test
    void nonZeroExitAfterPrintingAnIdKeepsTheId() {
        RestoreFailedException e = fails(shell("echo 'Restored course ID: 12'; exit 1"), "restore-exit");
        assertEquals(12L, e.courseId());
        assertTrue(e.getMessage().contains("12"), e.getMessage());
    }

    @Test
    void exitZeroWithoutCourseId() {
        RestoreFailedException e = fails(shell("echo 'Something else happened'"), "restore-no-course-id");
        assertEquals(0, e.exitCode());
        assertTrue(e.getMessage().contains("Something else happened"), e.getMessage());
    }

    @Test
    void silentCommand() {
        RestoreFailedException e = fails(shell("exit 0"), "restore-no-course-id");
        assertTrue(e.getMessage().contains("printed nothing"), e.getMessage());
    }

    @Test
    void timeoutKillsTheProcess() throws Exception {
        AtomicLong pid = new AtomicLong(-1);
        RestoreCommand c = new RestoreCommand("sleep 30", Map.of(), Duration.ofSeconds(1), null, 10, tmp);
        long t0 = System.nanoTime();
        RestoreFailedException e = assertThrows(RestoreFailedException.class,
                () -> c.run(request(), tmp.resolve("o.log"), pid::set));
        assertEquals("restore-timeout", e.code());
        assertTrue(e.getMessage().startsWith("restore did not finish within PT1S; the process was killed."),
                e.getMessage());
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(20));
        assertTrue(pid.get() > 0);
        assertFalse(alive(pid.get()));
    }

    @Test
    void timeoutKillsTheWholeProcessTree() throws Exception {
        AtomicLong pid = new AtomicLong(-1);
        // sh starts a background sleep, prints its pid, then waits for it
        RestoreCommand c = shell("sleep 30 & echo child=$!; echo 'about to wait'; wait", Duration.ofSeconds(1), 10);
        RestoreFailedException e = assertThrows(RestoreFailedException.class,
                () -> c.run(request(), tmp.resolve("o.log"), pid::set));
        assertEquals("restore-timeout", e.code());
        assertTrue(e.getMessage().contains("about to wait"), e.getMessage());
        String childLine = e.tail().stream().filter(l -> l.startsWith("child=")).findFirst().orElseThrow();
        long child = Long.parseLong(childLine.substring("child=".length()));
        assertFalse(alive(pid.get()));
        assertFalse(alive(child), "the grandchild sleep " + child + " survived");
    }

    // -------------------------------------------------------------------------------------------- after a crash

    @Test
    void theProcessHasItsOwnGroupAndWritesStraightIntoTheOutputFile() throws Exception {
        Path log = tmp.resolve("17/restore.log");
        AtomicLong pid = new AtomicLong(-1);
        java.util.concurrent.CompletableFuture<Object> run = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return shell("echo \"pgid=$(cut -d' ' -f5 /proc/$$/stat) pid=$$\"; sleep 30; echo 'Restored course ID: 5'")
                        .run(request(), log, pid::set);
            } catch (RestoreFailedException e) {
                return e;
            }
        });
        String first = RestoreCommandTest.await(() -> Files.exists(log) ? Files.readString(log) : "", s -> s.contains("pid="));
        long own = Long.parseLong(Files.readString(Path.of("/proc/self/stat")).split(" ")[4]);
        assertTrue(first.startsWith("pgid=" + pid.get() + " pid=" + pid.get()),
                "its own process group, led by the restore (setsid), not this JVM's " + own + ": " + first);
        // while it runs, the output is in the file already (no pipe through the JVM), and the process is known alive
        assertEquals(new RestoreState.Running("process " + pid.get() + " on " + RestoreMarker.thisHost()),
                withoutAge(shell("true").inspect(17, log)));
        ProcessHandle.of(pid.get()).orElseThrow().destroyForcibly();
        assertInstanceOf(RestoreFailedException.class, run.get(30, TimeUnit.SECONDS));
        RestoreState.Died died = assertInstanceOf(RestoreState.Died.class, shell("true").inspect(17, log));
        assertTrue(died.why().contains("pgid="), "its last lines: " + died.why());
    }

    @Test
    void aRestoreThatEndedAfterItsWorkerDiedIsFinishedWithTheRunnersReport() throws Exception {
        Path log = tmp.resolve("18/restore.log");
        shell("echo '{\"jouvence\":\"started\",\"courseid\":7}'; echo 'Restored course ID: 7'; echo "
                + "'{\"jouvence\":\"restore\",\"courseid\":7,\"shortname\":\"BIO_1\",\"enrolled\":true,\"userid\":3,"
                + "\"warnings\":[]}'").run(request(), log);
        RestoreState.Finished f = assertInstanceOf(RestoreState.Finished.class, shell("true").inspect(18, log));
        assertEquals(7, f.courseId());
        assertEquals("BIO_1", f.runner().shortname());
        assertEquals(3L, f.runner().userId());
    }

    /** Waits (bounded) for what {@code read} gives to pass {@code done}; returns it. */
    static <T> T await(java.util.concurrent.Callable<T> read, java.util.function.Predicate<T> done) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        T value = read.call();
        while (!done.test(value) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            value = read.call();
        }
        assertTrue(done.test(value), "never reached: " + value);
        return value;
    }

    private static RestoreState withoutAge(RestoreState state) {
        return state instanceof RestoreState.Running r
                ? new RestoreState.Running(r.where().replaceAll(", running for .*", "")) : state;
    }

    @Test
    void missingExecutable() {
        RestoreCommand c = new RestoreCommand("/nonexistent/bin/php-jouvence {file}", Map.of(),
                Duration.ofSeconds(5), null, 10, tmp);
        RestoreFailedException e = fails(c, "restore-start");
        assertTrue(e.getMessage().contains("/nonexistent/bin/php-jouvence"), e.getMessage());
        assertTrue(e.getMessage().contains("/var/jouvence/staging/17/course-2.mbz"), e.getMessage());
        assertTrue(e.tail().isEmpty());
    }

    @Test
    void interruptingTheCallerKillsTheProcess() throws Exception {
        RestoreCommand c = new RestoreCommand("sleep 30", Map.of(), Duration.ofSeconds(30), null, 10, tmp);
        CompletableFuture<Long> started = new CompletableFuture<>();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> flagAfter = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                c.run(request(), tmp.resolve("o.log"), started::complete);
            } catch (Throwable t) {
                thrown.set(t);
            }
            flagAfter.set(Thread.currentThread().isInterrupted());
        });
        worker.start();
        long pid = started.get(20, TimeUnit.SECONDS);
        worker.interrupt();
        worker.join(TimeUnit.SECONDS.toMillis(20));
        assertFalse(worker.isAlive());
        RestoreFailedException e = (RestoreFailedException) thrown.get();
        assertEquals("restore-interrupted", e.code());
        assertEquals(Boolean.TRUE, flagAfter.get());
        assertFalse(alive(pid));
    }

    // -------------------------------------------------------------------------------------------- volume

    @Test
    void largeOutputKeepsOnlyTheTailInMemoryAndAllOfItInTheLog() throws Exception {
        RestoreCommand c = shell("seq 1 100000; echo 'Restored course ID: 9'", Duration.ofSeconds(30), 25);
        Path log = tmp.resolve("big.log");
        RestoreCommand.Result r = c.run(request(), log);
        assertEquals(9, r.courseId());
        assertEquals(25, r.tail().size());
        List<String> expected = IntStream.rangeClosed(99_977, 100_000).mapToObj(Integer::toString)
                .collect(java.util.stream.Collectors.toList());
        expected.add("Restored course ID: 9");
        assertEquals(expected, r.tail());
        List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
        assertEquals(100_001, all.size());
        assertEquals("1", all.get(0));
        assertEquals("100000", all.get(99_999));
    }

    @Test
    void veryLongLinesAreCutInTheTailOnly() throws Exception {
        RestoreCommand c = shell("head -c 100000 /dev/zero | tr '\\0' x; echo; echo 'Restored course ID: 4'");
        Path log = tmp.resolve("long.log");
        RestoreCommand.Result r = c.run(request(), log);
        assertEquals(4, r.courseId());
        assertEquals(RestoreOutput.MAX_LINE_CHARS + 1, r.tail().get(0).length()); // cut, plus "…"
        assertTrue(r.tail().get(0).endsWith("…"));
        assertEquals(100_000, Files.readAllLines(log).get(0).length());
    }
}
