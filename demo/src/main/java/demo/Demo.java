package demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jouvence.Jouvence;
import org.apache.camel.main.Main;
import simulator.LocalJouvence;
import simulator.MoodleSimulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code java -jar demo/target/jouvence-demo.jar [demo] [--keep-running]}: the whole pipeline against the Moodle simulator (an old platform
 * and a new one), with an embedded PostgreSQL and a real SMTP server, through the same routes and restore driver as
 * production. Posts sample requests to the REST API, runs the queue, and prints what happened to each.
 */
final class Demo {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API_TOKEN = "demo-admin-token";
    private static final Set<String> FINAL = Set.of("performed", "error");

    private Demo() {
    }

    static void main(String[] args) throws Exception {
        boolean keepRunning = List.of(args).contains("--keep-running");
        Path work = Files.createTempDirectory("jouvence-demo");
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(work.resolve("postgres")).start();
             MoodleSimulator oldMoodle = MoodleSimulator.courseServer("DEMOSERVERTOKEN0000000000000001");
             MoodleSimulator newMoodle = MoodleSimulator.courseClient("DEMOCLIENTTOKEN0000000000000002")) {
            GreenMail smtp = new GreenMail(new ServerSetup(LocalJouvence.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            smtp.start();
            oldMoodle.start();
            newMoodle.start();
            oldMoodle.backupLatency(Duration.ofMillis(300));
            int apiPort = LocalJouvence.freePort();
            Map<String, String> p = LocalJouvence.properties(postgres.getJdbcUrl("postgres", "postgres"),
                    smtp.getSmtp().getPort(), apiPort, LocalJouvence.freePort(), API_TOKEN, work.resolve("staging"),
                    newMoodle, Map.of("old", oldMoodle));
            Main jouvence = Jouvence.create(null, p);
            jouvence.start();
            try {
                say("Jouvence is up: API http://127.0.0.1:" + apiPort + "/api/v1 (token " + API_TOKEN + ")");
                say("Old Moodle (simulated) " + oldMoodle.url() + ", new Moodle (simulated) " + newMoodle.url());
                String api = "http://127.0.0.1:" + apiPort + "/api/v1";
                HttpClient http = HttpClient.newHttpClient();
                List<Long> ids = new ArrayList<>();
                for (String body : List.of(
                        "{\"server\":\"old\",\"remoteCourseId\":2,\"requester\":\"teacher1\"}",
                        "{\"server\":\"old\",\"remoteCourseId\":3,\"requester\":\"teacher1\",\"withUserData\":true}",
                        "{\"server\":\"old\",\"remoteCourseId\":4,\"requester\":\"teacher1\",\"enrolmentMode\":\"never\"}",
                        "{\"server\":\"old\",\"remoteCourseId\":5,\"requester\":\"teacher1\"}",
                        "{\"server\":\"old\",\"remoteCourseId\":6,\"requester\":\"nosuchuser\"}",
                        "{\"server\":\"old\",\"remoteCourseId\":2,\"requester\":\"teacher2\"}",
                        "{\"server\":\"old\",\"remoteCourseId\":\"two\",\"requester\":\"teacher1\"}")) {
                    JsonNode answer = call(http, "POST", api + "/restore-requests", body);
                    say("POST " + body + "\n     -> " + answer.path("status").asText() + " "
                            + (answer.has("id") ? "request " + answer.get("id").asLong() : answer.path("error").asText()));
                    if (answer.has("id")) {
                        ids.add(answer.get("id").asLong());
                    }
                }
                call(http, "POST", api + "/queue/run", "");
                say("Queue run asked; waiting for every request to finish…");
                Instant deadline = Instant.now().plusSeconds(120);
                for (long id : ids) {
                    while (!FINAL.contains(call(http, "GET", api + "/restore-requests/" + id, null).path("status").asText())
                            && Instant.now().isBefore(deadline)) {
                        Thread.sleep(200);
                    }
                }
                for (long id : ids) {
                    print(call(http, "GET", api + "/restore-requests/" + id, null), newMoodle);
                }
                say("Mails sent (through a real SMTP server):");
                for (MimeMessage m : smtp.getReceivedMessages()) {
                    System.out.println("  to " + m.getRecipients(Message.RecipientType.TO)[0] + ": " + m.getSubject());
                }
                if (keepRunning) {
                    say("--keep-running: the service stays up; try  curl -H 'Authorization: Bearer " + API_TOKEN + "' "
                            + api + "/restore-requests   — Ctrl-C to stop.");
                    Thread.currentThread().join();
                }
            } finally {
                jouvence.stop();
                smtp.stop();
            }
        } finally {
            deleteTree(work);
        }
    }

    private static void print(JsonNode r, MoodleSimulator newMoodle) {
        StringBuilder b = new StringBuilder();
        b.append("\nRequest ").append(r.path("id").asLong()).append(": course ").append(r.path("remoteCourseId").asLong())
                .append(" of server ").append(r.path("server").asText()).append(" for ").append(r.path("requester").asText())
                .append(r.path("withUserData").asBoolean() ? ", with user data" : "")
                .append("\n  status: ").append(r.path("status").asText()).append(" (").append(r.path("statusCode").asInt())
                .append(")");
        if (r.hasNonNull("restoredCourseId")) {
            MoodleSimulator.Course c = newMoodle.course(r.get("restoredCourseId").asInt());
            b.append("\n  restored as course ").append(c.id()).append(" \"").append(c.fullname()).append("\" (")
                    .append(c.shortname()).append(") — ").append(r.path("restoredCourseUrl").asText());
        }
        if (r.hasNonNull("lastError")) {
            b.append("\n  error at ").append(r.get("lastError").path("step").asText()).append(": ")
                    .append(r.get("lastError").path("message").asText());
        }
        r.path("warnings").forEach(w -> b.append("\n  warning: ").append(w.asText()));
        b.append("\n  trail:");
        r.path("events").forEach(e -> b.append("\n    ").append(e.path("step").asText()).append(' ')
                .append(e.path("outcome").asText())
                .append(e.hasNonNull("durationMs") ? " (" + e.get("durationMs").asLong() + " ms)" : "")
                .append(e.hasNonNull("message") ? " — " + e.get("message").asText() : ""));
        System.out.println(b);
    }

    private static JsonNode call(HttpClient http, String method, String url, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + API_TOKEN)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode json = JSON.readTree(response.body());
        if (json.isObject() && json.has("error")) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) json).put("status", "HTTP " + response.statusCode());
        }
        return json;
    }

    private static void say(String line) {
        System.out.println("\n>>> " + line);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
