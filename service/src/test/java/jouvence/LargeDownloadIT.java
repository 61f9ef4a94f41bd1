package jouvence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.io.CleanupMode;
import simulator.LocalJouvence;
import simulator.MoodleSimulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged service ({@code java -Xmx128m -jar target/jouvence.jar --config=…}) carries a course whose archive is
 * over 1 GiB: the archive is streamed to disk and checked without ever sitting in the 128 MiB heap.
 */
class LargeDownloadIT {

    private static final long SIZE = 1L << 30; // padding inside the archive: the archive is a little larger
    private static final String TOKEN = "it-admin-token";

    @Test
    void a_course_over_one_gibibyte_travels_through_a_service_limited_to_128_mib_of_heap(
            @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path work) throws Exception { // kept for its logs if it fails
        try (EmbeddedPostgres pg = EmbeddedPostgres.start();
             MoodleSimulator old = MoodleSimulator.courseServer("SERVERTOKEN0000000000000000000001");
             MoodleSimulator client = MoodleSimulator.courseClient("CLIENTTOKEN0000000000000000000002")) {
            GreenMail smtp = new GreenMail(new ServerSetup(TestJouvence.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            smtp.start();
            old.start();
            client.start();
            old.useSyntheticArchives(true);
            old.paddingBytes(SIZE);
            int apiPort = TestJouvence.freePort();
            int managementPort = TestJouvence.freePort();
            Properties p = new Properties();
            p.putAll(LocalJouvence.properties(pg.getJdbcUrl("postgres", "postgres"), smtp.getSmtp().getPort(), apiPort,
                    managementPort, TOKEN, work.resolve("staging"), client, Map.of("old", old)));
            Path config = work.resolve("application.properties");
            try (var out = Files.newBufferedWriter(config)) {
                p.store(out, "LargeDownloadIT");
            }
            Path log = work.resolve("jouvence.log");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process service = new ProcessBuilder(java, "-Xmx128m", "-XX:+ExitOnOutOfMemoryError", "-jar",
                    Path.of("target", "jouvence.jar").toAbsolutePath().toString(), "--config=" + config)
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                HttpClient http = HttpClient.newHttpClient();
                String api = "http://127.0.0.1:" + apiPort + "/api/v1";
                awaitUp(http, api, service, log);
                JsonNode created = call(http, "POST", api + "/restore-requests",
                        "{\"server\":\"old\",\"remoteCourseId\":6,\"requester\":\"teacher1\"}");
                long id = created.get("id").asLong();
                call(http, "POST", api + "/queue/run", "");
                Instant deadline = Instant.now().plus(Duration.ofMinutes(6));
                JsonNode r = call(http, "GET", api + "/restore-requests/" + id, null);
                while (!r.path("status").asText().matches("performed|error") && Instant.now().isBefore(deadline)
                        && service.isAlive()) {
                    Thread.sleep(500);
                    r = call(http, "GET", api + "/restore-requests/" + id, null);
                }
                String output = Files.readString(log);
                assertTrue(service.isAlive(), "the service died:\n" + tail(output));
                assertFalse(output.contains("OutOfMemoryError"), tail(output));
                assertEquals("performed", r.path("status").asText(), r.toString());
                long bytes = r.path("archive").path("bytes").asLong();
                assertTrue(bytes > SIZE, "archive of " + bytes + " bytes");
                long rss = rssKiB(service.pid());
                System.out.printf("LargeDownloadIT: %,d bytes carried with -Xmx128m; service RSS now %,d KiB; events %s%n",
                        bytes, rss, r.path("events"));
            } finally {
                service.destroy();
                service.waitFor();
                smtp.stop();
            }
        } finally {
            try (var walk = Files.walk(work)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static void awaitUp(HttpClient http, String api, Process service, Path log) throws Exception {
        Instant deadline = Instant.now().plusSeconds(90);
        while (Instant.now().isBefore(deadline) && service.isAlive()) {
            try {
                call(http, "GET", api + "/restore-requests", null);
                return;
            } catch (java.io.IOException notYet) {
                Thread.sleep(250);
            }
        }
        throw new AssertionError("the service did not come up:\n" + tail(Files.readString(log)));
    }

    private static JsonNode call(HttpClient http, String method, String url, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return new ObjectMapper().readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }

    private static long rssKiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (java.io.IOException e) {
            return -1;
        }
        return -1;
    }

    private static String tail(String output) {
        return output.length() > 6000 ? output.substring(output.length() - 6000) : output;
    }
}
