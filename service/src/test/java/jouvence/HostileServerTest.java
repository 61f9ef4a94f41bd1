package jouvence;

import jouvence.courses.RestoreRequest;
import jouvence.courses.Status;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A course server that answers, but too slowly, on the real service: the simulator drips the archive's bytes over a
 * real socket. The archive's other hostile shapes (a gzip bomb) are in StreamingInspectionTest, a huge web-service
 * answer in CamelHttpTransportTest.
 */
class HostileServerTest {

    private final TestJouvence env = TestJouvence.get();

    @BeforeEach
    void reset() throws Exception {
        env.reset();
    }

    @Test
    void a_download_that_drips_under_the_time_limit_completes_and_the_course_is_restored() throws Exception {
        env.old.dripDownloads(512, Duration.ofMillis(20)); // the 8 KiB archive in 16 drips
        long id = env.schedule("old", 2, "teacher1", false);
        env.claimNow();
        RestoreRequest done = env.awaitStatus(id, Status.PERFORMED);
        assertTrue(env.old.dripPauses() > 10, "the archive came in drips: " + env.old.dripPauses());
        assertNull(done.lastErrorStep(), "in one go, no retry: " + done.lastErrorMessage());
        assertEquals("OLD-BIO101", env.client.course(done.restoredCourseId().intValue()).shortname());
    }

    @Test
    void a_download_that_falls_silent_longer_than_the_time_limit_is_a_transient_failure_its_part_removed()
            throws Exception {
        Map<String, String> p = env.properties();
        p.put("jouvence.instance-id", "impatient-instance");
        p.put("camel.server.port", Integer.toString(TestJouvence.freePort()));
        p.put("camel.management.port", Integer.toString(TestJouvence.freePort()));
        p.put("jouvence.bridge.enabled", "false");
        p.put("jouvence.web.enabled", "false");
        p.put("jouvence.import.enabled", "false");
        p.put("jouvence.http.backup-timeout", "2s"); // the longest wait for the next bytes of the archive
        Main impatient = Jouvence.create(null, p);
        impatient.start();
        try (ProducerTemplate claim = impatient.getCamelContext().createProducerTemplate()) {
            env.old.dripDownloads(1024, Duration.ofSeconds(6));
            long id = env.schedule("old", 2, "teacher1", false);
            claim.sendBody("direct:claimDue", null);
            RestoreRequest r = env.await(id, x -> x.status() == Status.WAITING_RETRY, Duration.ofSeconds(60));
            assertEquals("download", r.lastErrorStep(), r.lastErrorMessage());
            assertTrue(env.old.dripPauses() >= 1, "bytes had come before the silence");
            assertEquals(List.of(), parts(), "the .part file is removed");
            assertTrue(env.client.calls(simulator.MoodleSimulator.RESTORE).isEmpty(), "nothing restored");

            env.old.dripDownloads(0, null);
            env.await(id, x -> {
                claim.sendBody("direct:claimDue", null);
                return x.status() == Status.PERFORMED;
            }, Duration.ofSeconds(60));
        } finally {
            impatient.stop();
        }
    }

    private List<Path> parts() throws Exception {
        try (Stream<Path> files = Files.walk(env.staging)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".part")).toList();
        }
    }
}
