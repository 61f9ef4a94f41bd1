package jouvence;

import jouvence.courses.RestoreRequest;
import jouvence.courses.Status;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import simulator.MoodleSimulator;
import simulator.MoodleSimulator.Kind;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A course server that sends the download's headers and its first bytes, then goes silent with the connection open (a
 * real socket, the simulator's STALLED answer): the download fails as a cut one would (retried later, no {@code .part}
 * left), the server's gate goes to its next request, and stopping Jouvence does not wait for the silent server.
 */
class StalledDownloadTest {

    private final TestJouvence env = TestJouvence.get();

    @BeforeEach
    void reset() throws Exception {
        env.reset();
    }

    @Test
    void a_download_silent_for_the_read_idle_timeout_is_retried_and_frees_the_servers_gate(@TempDir Path staging)
            throws Exception {
        Main service = start("stall-idle", staging, "1s", "20");
        try (ProducerTemplate claim = service.getCamelContext().createProducerTemplate()) {
            env.old.archiveOverride(Kind.STALLED, 1);
            long first = env.schedule("old", 2, "teacher1", false);
            long second = env.schedule("old", 4, "teacher1", false);
            claim.sendBody("direct:claimDue", null);

            RestoreRequest stalled = env.await(first, r -> r.status() == Status.WAITING_RETRY, Duration.ofSeconds(30));
            assertEquals("download", stalled.lastErrorStep(), stalled.toString());
            assertTrue(stalled.lastErrorMessage().contains("no byte for 1s"), stalled.lastErrorMessage());
            // its own folder: the next request's download may be under way
            assertEquals(List.of(), parts(staging.resolve(Long.toString(first))), "the stalled download's .part is removed");
            // The server's gate went to its next request, which is downloaded and restored.
            RestoreRequest next = env.await(second, r -> r.status() == Status.PERFORMED, Duration.ofSeconds(30));
            assertEquals(Status.PERFORMED, next.status(), next.toString());
        } finally {
            stop(service, Duration.ofSeconds(30));
        }
    }

    @Test
    void stopping_jouvence_does_not_wait_for_a_silent_course_server(@TempDir Path staging) throws Exception {
        Main service = start("stall-stop", staging, "5m", "30"); // neither limit would end the stall in this test
        long id;
        try (ProducerTemplate claim = service.getCamelContext().createProducerTemplate()) {
            env.old.archiveOverride(Kind.STALLED, 1);
            id = env.schedule("old", 2, "teacher1", false);
            claim.sendBody("direct:claimDue", null);
            TestJouvence.poll(Duration.ofSeconds(30), () -> env.old.calls(MoodleSimulator.DOWNLOAD).size(), n -> n > 0);
            assertEquals(1, env.old.calls(MoodleSimulator.DOWNLOAD).size(), "the download was asked");
            // its first bytes arrive (the .part exists), then nothing comes
            TestJouvence.poll(Duration.ofSeconds(30), () -> parts(staging).size(), n -> n > 0);
            assertEquals(Status.IN_PROGRESS, env.request(id).status());
        }
        long t0 = System.nanoTime();
        assertTrue(stop(service, Duration.ofSeconds(40)), "Jouvence still stopping after 40 s with a silent download");
        long stopping = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(stopping < 10_000, "stopping took " + stopping + " ms with a silent download in flight");
        RestoreRequest r = env.request(id);
        assertEquals(Status.WAITING_RETRY, r.status(), r.toString());
        assertEquals("download", r.lastErrorStep(), r.toString());
        assertEquals(List.of(), parts(staging), "the interrupted download's .part is removed");
    }

    private Main start(String instance, Path staging, String readIdle, String shutdownSeconds) throws Exception {
        Map<String, String> p = env.properties();
        p.put("jouvence.instance-id", instance);
        p.put("camel.server.port", Integer.toString(TestJouvence.freePort()));
        p.put("camel.management.port", Integer.toString(TestJouvence.freePort()));
        p.put("camel.main.shutdown-timeout", shutdownSeconds);
        p.put("jouvence.bridge.enabled", "false");
        p.put("jouvence.import.enabled", "false");
        p.put("jouvence.web.enabled", "false");
        p.put("jouvence.staging.dir", staging.toString());
        p.put("jouvence.http.read-idle-timeout", readIdle);
        Main service = Jouvence.create(null, p);
        service.start();
        return service;
    }

    /** Stops the service; false when it is still stopping after {@code limit} (the test goes on instead of hanging). */
    private static boolean stop(Main service, Duration limit) throws Exception {
        Thread stopping = new Thread(service::stop, "test-stops-jouvence");
        stopping.setDaemon(true);
        stopping.start();
        stopping.join(limit.toMillis());
        return !stopping.isAlive();
    }

    private static List<Path> parts(Path staging) throws Exception {
        try (Stream<Path> files = Files.walk(staging)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".part")).toList();
        }
    }
}
