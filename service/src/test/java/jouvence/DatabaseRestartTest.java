package jouvence;

import jouvence.courses.RestoreRequest;
import jouvence.courses.Status;
import jouvence.courses.pipeline.Claimer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import simulator.MoodleSimulator;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The queue's PostgreSQL killed (an immediate stop: no checkpoint, backends cut) and started again on the same port
 * and data while requests are in flight: the pool serves again, none stays in progress once the lease sweep has looked,
 * a restore that ended while the database was away is resumed at the finish (not called partial), each course is
 * restored once, every failure is handled, and no request is lost.
 */
class DatabaseRestartTest {

    /** Longer than the pool waits for a connection (HikariCP's 30 s): the writes of the moment fail, not just wait. */
    private static final Duration OUTAGE = Duration.ofSeconds(35);

    private final TestJouvence env = TestJouvence.get();

    @BeforeEach
    void reset() throws Exception {
        env.reset();
    }

    @Test
    void every_request_ends_in_a_true_state_when_the_database_is_killed_and_restarted_under_load() throws Exception {
        env.client.restoreLatency(Duration.ofSeconds(4));
        List<Long> ids = new ArrayList<>();
        try {
            for (String server : List.of("old", "other")) {
                for (int course : List.of(2, 3)) {
                    ids.add(env.schedule(server, course, "teacher1", false));
                }
            }
            env.claimNow();
            // restores running (slow), others waiting for a restore slot or downloading
            TestJouvence.poll(Duration.ofSeconds(30), () -> ids.stream().map(env::request)
                    .filter(r -> "restore".equals(r.step())).count(), n -> n >= 1);
            int logged = env.logs.size();
            // inside a restore (the simulator got its call; it ends while the database is down)
            TestJouvence.poll(Duration.ofSeconds(30), () -> env.client.calls(MoodleSimulator.RESTORE).size(), n -> n >= 1);
            Postgres pg = Postgres.of(env);
            pg.kill();
            Thread.sleep(OUTAGE.toMillis());
            pg.start();

            // the pool serves again: the API reads the queue
            TestJouvence.Response list = TestJouvence.poll(Duration.ofSeconds(30),
                    () -> env.api("GET", "/api/v1/restore-requests", null, TestJouvence.API_TOKEN), r -> r.status() == 200);
            assertEquals(200, list.status(), list.body());

            // let what this replica still works on finish; then the sweep looks at leases nobody renews any more
            Claimer claimer = env.camel.getRegistry().lookupByNameAndType("claimer", Claimer.class);
            TestJouvence.poll(Duration.ofSeconds(60), claimer::inFlight, Set::isEmpty);
            try (Connection c = env.requests.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("UPDATE restore_request SET lease_until = now() - interval '1 second' WHERE status = 1");
            }
            try (var t = env.template()) {
                t.sendBody(routes.Endpoints.SWEEP_LEASES, null);
            }
            List<RestoreRequest> ended = new ArrayList<>();
            for (long id : ids) {
                ended.add(TestJouvence.poll(Duration.ofSeconds(60), () -> {
                    env.claimNow();
                    return env.request(id);
                }, r -> r.status() == Status.PERFORMED || r.status() == Status.ERROR));
            }
            for (RestoreRequest r : ended) {
                // nothing failed but the database: every restore that ran is kept, none is called partial
                assertEquals(Status.PERFORMED, r.status(), "request " + r.id() + ": " + r.lastErrorMessage()
                        + "\nevents: " + env.requests.events(r.id()));
            }
            assertEquals(ids.size(), env.requests.count(null, null, null, null, null),
                    "no request lost");
            List<MoodleSimulator.Course> restored = env.client.courses().stream().filter(c -> c.restoredFrom() != null)
                    .toList();
            assertEquals(ids.size(), restored.size(), "each course restored once: " + restored);
            assertEquals(List.of(), env.logs.linesSince(logged, "FatalFallbackErrorHandler"),
                    "every failure was handled (its outcome written)");
        } finally {
            env.client.restoreLatency(Duration.ZERO);
        }
    }

    /** The embedded PostgreSQL's server process, stopped as in a crash and started again as it was (same port, same data). */
    record Postgres(List<String> command, Path dataDir) {

        /** Found from the server itself: its data directory, its postmaster.pid, its command line (Linux /proc). */
        static Postgres of(TestJouvence env) throws Exception {
            Path dataDir;
            try (Connection c = env.postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
                 var rs = s.executeQuery("SHOW data_directory")) {
                rs.next();
                dataDir = Path.of(rs.getString(1));
            }
            String pid = Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).strip();
            List<String> command = new ArrayList<>(List.of(
                    new String(Files.readAllBytes(Path.of("/proc", pid, "cmdline"))).split("\0")));
            command.set(0, Files.readSymbolicLink(Path.of("/proc", pid, "exe")).toString());
            return new Postgres(command, dataDir);
        }

        /** SIGQUIT to the postmaster: PostgreSQL's immediate shutdown (what pg_ctl -m immediate sends), a crash. */
        void kill() throws Exception {
            long pid = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).strip());
            ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
            Process quit = new ProcessBuilder("kill", "-QUIT", Long.toString(pid)).redirectErrorStream(true).start();
            assertTrue(quit.waitFor(10, TimeUnit.SECONDS) && quit.exitValue() == 0, "kill -QUIT " + pid);
            postmaster.onExit().get(30, TimeUnit.SECONDS);
        }

        void start() throws Exception {
            File log = Files.createTempFile("postgres-restarted", ".log").toFile();
            log.deleteOnExit(); // the test JVM's temporary directory is left as it was found
            List<String> asZonky = new ArrayList<>(List.of("unshare", "-U")); // as zonky does: never "root" to PostgreSQL
            asZonky.addAll(command);
            new ProcessBuilder(asZonky).redirectErrorStream(true).redirectOutput(log).start();
        }
    }
}
