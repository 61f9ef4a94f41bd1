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

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two packaged replicas ({@code java -jar target/jouvence.jar}) on one PostgreSQL: a job of the shared Quartz scheduler
 * fires once per cluster, never on both; SIGTERM to one replica in the middle of the work stops its claims, lets it
 * finish what it can, gives the rest back, and the other replica carries every request to the end, each exactly once.
 * The logs are the JSON ones, and every line about a request names it.
 */
class ReplicasIT {

    private static final String TOKEN = "it-admin-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int REQUESTS = 8;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void two_replicas_share_the_cluster_jobs_and_the_queue_and_one_stops_gracefully_on_sigterm(
            @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path work) throws Exception { // kept for its logs if it fails
        List<Process> processes = new ArrayList<>();
        GreenMail smtp = new GreenMail(new ServerSetup(TestJouvence.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        try (EmbeddedPostgres pg = EmbeddedPostgres.start();
             MoodleSimulator old = MoodleSimulator.courseServer("SERVERTOKEN0000000000000000000001");
             MoodleSimulator client = MoodleSimulator.courseClient("CLIENTTOKEN0000000000000000000002")) {
            smtp.start();
            old.start();
            client.start();
            old.backupLatency(Duration.ofMillis(700));
            for (int i = 0; i < REQUESTS; i++) {
                old.addCourse(2000 + i, "REPL-" + i, "Replica course " + i, 2, "teacher1");
            }
            Replica a = Replica.start("a", work, pg, smtp, old, client, processes);
            Replica b = Replica.start("b", work, pg, smtp, old, client, processes);
            awaitUp(a);
            awaitUp(b);

            // 1. A job of the shared scheduler (housekeeping, every second here) runs on one replica per firing.
            Map<String, List<String>> firings = TestJouvence.poll(Duration.ofSeconds(30), () -> firings(a, b),
                    f -> f.size() >= 8);
            assertTrue(firings.size() >= 8, "the job fired every second or so: " + firings);
            firings.forEach((fire, replicas) -> assertEquals(1, replicas.size(), fire + " ran on " + replicas));
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM qrtz_scheduler_state WHERE sched_name = 'jouvence'")) {
                rs.next();
                assertEquals(2, rs.getInt(1), "both replicas checked in to the shared scheduler");
            }

            // 2. Work for both, then SIGTERM to a while it holds some of it.
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                JsonNode created = call(a, "POST", "/restore-requests",
                        "{\"server\":\"old\",\"remoteCourseId\":" + (2000 + i) + ",\"requester\":\"teacher1\"}");
                assertTrue(created.has("id"), created.toString());
                ids.add(created.get("id").asLong());
            }
            call(a, "POST", "/queue/run", "");
            call(b, "POST", "/queue/run", "");
            Instant until = Instant.now().plusSeconds(30);
            while (Instant.now().isBefore(until) && !a.holdsWork()) {
                Thread.sleep(100);
            }
            assertTrue(a.holdsWork(), "replica a took part of the work");
            Instant term = Instant.now();
            a.process.destroy(); // SIGTERM, as the kubelet sends it
            assertTrue(a.process.waitFor(40, java.util.concurrent.TimeUnit.SECONDS),
                    "a stopped within its shutdown timeout (20 s) and some margin:\n" + a.tail());
            Duration stopping = Duration.between(term, Instant.now());

            // 3. b carries everything to the end; each course restored exactly once.
            Instant deadline = Instant.now().plusSeconds(120);
            Map<String, Integer> statuses = statuses(b, ids);
            while (Instant.now().isBefore(deadline) && statuses.getOrDefault("performed", 0) < REQUESTS
                    && statuses.getOrDefault("error", 0) == 0) {
                Thread.sleep(300);
                statuses = statuses(b, ids);
            }
            assertEquals(Map.of("performed", REQUESTS), statuses, "every request performed:\n" + b.tail());
            Map<Integer, Long> restoresPerCourse = client.courses().stream().filter(c -> c.restoredFrom() != null)
                    .collect(Collectors.groupingBy(c -> c.restoredFrom().originalCourseId(), Collectors.counting()));
            assertEquals(REQUESTS, restoresPerCourse.size(), "every course restored: " + restoresPerCourse);
            assertTrue(restoresPerCourse.values().stream().allMatch(n -> n == 1), "never twice: " + restoresPerCourse);

            String aLog = Files.readString(a.log);
            Map<String, Integer> byReplica = new HashMap<>();
            for (long id : ids) {
                for (JsonNode e : call(b, "GET", "/restore-requests/" + id, null).path("events")) {
                    if (e.path("step").asText().equals("restore") && e.path("outcome").asText().equals("ok")) {
                        byReplica.merge(e.path("instance").asText(), 1, Integer::sum);
                    }
                }
            }
            assertEquals(REQUESTS, byReplica.values().stream().mapToInt(Integer::intValue).sum(), byReplica.toString());
            assertTrue(aLog.contains("given back to the queue on shutdown") || byReplica.getOrDefault("a", 0) > 0,
                    "a either finished its work or gave it back:\n" + a.tail());
            System.out.printf("ReplicasIT: %d firings, each on one replica; a stopped %d ms after SIGTERM; "
                    + "restores by replica %s%n", firings.size(), stopping.toMillis(), byReplica);

            // 4. Every line logged while a request was worked on names it.
            List<JsonNode> restoreLines = new ArrayList<>();
            for (Replica r : List.of(a, b)) {
                r.jsonLines().stream().filter(l -> l.path("formattedMessage").asText().startsWith("restore command started"))
                        .forEach(restoreLines::add);
            }
            assertEquals(REQUESTS, restoreLines.size(), "one restore line per request");
            assertTrue(restoreLines.stream().allMatch(l -> l.path("mdc").hasNonNull("requestId")),
                    "each restore line names its request: " + restoreLines);
            assertFalse(aLog.contains(TOKEN) || aLog.contains(old.token()) || aLog.contains(client.token()),
                    "no secret in the logs");
        } finally {
            for (Process p : processes) {
                p.destroyForcibly();
                p.waitFor();
            }
            smtp.stop();
            try (var walk = Files.walk(work)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** One replica: the packaged jar with its own ports and instance id, the shared database and staging. */
    private record Replica(String id, Process process, Path log, String api) {

        static Replica start(String id, Path work, EmbeddedPostgres pg, GreenMail smtp, MoodleSimulator old,
                             MoodleSimulator client, List<Process> processes) throws IOException {
            int apiPort = TestJouvence.freePort();
            Properties p = new Properties();
            p.putAll(LocalJouvence.properties(pg.getJdbcUrl("postgres", "postgres"), smtp.getSmtp().getPort(), apiPort,
                    TestJouvence.freePort(), TOKEN, work.resolve("staging"), client, Map.of("old", old)));
            p.put("jouvence.instance-id", id);
            p.put("jouvence.log.format", "json");
            p.put("jouvence.staging.housekeeping-cron", "*+*+*+*+*+?");
            p.put("jouvence.cluster.checkin-interval", "2s");
            p.put("jouvence.restore.only-one-per-remote-course", "true");
            p.put("camel.main.shutdown-timeout", "20");
            Path config = work.resolve(id + ".properties");
            try (var out = Files.newBufferedWriter(config)) {
                p.store(out, "ReplicasIT " + id);
            }
            Path log = work.resolve(id + ".log");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process process = new ProcessBuilder(java, "-Xmx256m", "-jar",
                    Path.of("target", "jouvence.jar").toAbsolutePath().toString(), "--config=" + config)
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            processes.add(process);
            return new Replica(id, process, log, "http://127.0.0.1:" + apiPort + "/api/v1");
        }

        List<JsonNode> jsonLines() throws IOException {
            List<JsonNode> lines = new ArrayList<>();
            for (String line : Files.readAllLines(log)) {
                if (line.startsWith("{") && line.endsWith("}")) { // a line still being written is read next time
                    lines.add(JSON.readTree(line));
                }
            }
            return lines;
        }

        boolean holdsWork() throws IOException {
            return Files.readString(log).contains("\"formattedMessage\":\"claimed request");
        }

        String tail() throws IOException {
            String s = Files.readString(log);
            return s.length() > 6000 ? s.substring(s.length() - 6000) : s;
        }
    }

    /** Each firing of the housekeeping job (its scheduled time) with the replicas whose logs show it ran. */
    private static Map<String, List<String>> firings(Replica... replicas) throws IOException {
        Map<String, List<String>> firings = new TreeMap<>();
        for (Replica r : replicas) {
            for (JsonNode line : r.jsonLines()) {
                String message = line.path("formattedMessage").asText();
                if (message.startsWith("staging housekeeping (fired for ")) {
                    firings.computeIfAbsent(message.substring(0, message.indexOf(')')), k -> new ArrayList<>()).add(r.id);
                }
            }
        }
        return firings;
    }

    private Map<String, Integer> statuses(Replica r, List<Long> ids) throws Exception {
        Map<String, Integer> counts = new TreeMap<>();
        for (long id : ids) {
            counts.merge(call(r, "GET", "/restore-requests/" + id, null).path("status").asText(), 1, Integer::sum);
        }
        return counts;
    }

    private void awaitUp(Replica r) throws Exception {
        Instant deadline = Instant.now().plusSeconds(90);
        while (Instant.now().isBefore(deadline) && r.process.isAlive()) {
            try {
                call(r, "GET", "/restore-requests", null);
                return;
            } catch (IOException notYet) {
                Thread.sleep(250);
            }
        }
        throw new AssertionError("replica " + r.id + " did not come up:\n" + r.tail());
    }

    private JsonNode call(Replica r, String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(r.api + path)).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }
}
