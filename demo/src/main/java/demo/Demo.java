package demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import simulator.MoodleSimulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code java -jar demo/target/jouvence-demo.jar [demo] [--keep-running]}: the whole pipeline against the Moodle simulator (an old platform
 * and a new one), with an embedded PostgreSQL and a real SMTP server, through the same routes and restore driver as
 * production. Posts sample requests to the REST API, runs the queue, and prints what happened to each.
 */
final class Demo {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API_TOKEN = DemoSites.API_TOKEN;
    /** Printed once the demo is ready for requests by hand (with --keep-running): what a script waits for. */
    static final String READY = ">>> Ready (Ctrl-C to stop).";
    private static final Set<String> FINAL = Set.of("performed", "error");

    private Demo() {
    }

    static void run(boolean keepRunning, Path log) throws Exception {
        System.out.println(">>> Starting the demo: an embedded PostgreSQL, two simulated Moodles, a mail server and"
                + " Jouvence (start-up details in " + log + ")…");
        try (DemoSites sites = DemoSites.start()) {
            DemoGuide guide = new DemoGuide(sites.apiPort, sites.managementPort, API_TOKEN);
            say("Jouvence is up:\n" + guide.addresses(sites.newMoodle.accounts(), log));
            say("Old Moodle (simulated) " + sites.oldMoodle.url() + ", new Moodle (simulated) " + sites.newMoodle.url());
            String api = "http://127.0.0.1:" + sites.apiPort + "/api/v1";
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
            Set<Integer> held = new TreeSet<>();
            for (long id : ids) {
                JsonNode r = call(http, "GET", api + "/restore-requests/" + id, null);
                print(r, sites.newMoodle);
                if (!r.path("status").asText().equals("error")) {
                    held.add(r.path("remoteCourseId").asInt());
                }
            }
            say("Mails sent (through a real SMTP server):");
            for (MimeMessage m : sites.smtp.getReceivedMessages()) {
                System.out.println("  to " + m.getRecipients(Message.RecipientType.TO)[0] + ": " + m.getSubject());
            }
            if (keepRunning) {
                StringBuilder b = new StringBuilder("--keep-running: the service stays up until Ctrl-C.\n")
                        .append(guide.addresses(sites.newMoodle.accounts(), log));
                DemoGuide.freeCourse("old", sites.oldMoodle, "teacher1", held).ifPresent(free -> b
                        .append("\n  ask for \"").append(free.fullname()).append("\", still free, as ")
                        .append(free.requester()).append(":\n    ").append(guide.curlCreate(free))
                        .append("\n  run the queue now (else at its next look, within a minute):\n    ")
                        .append(guide.curlRunQueue())
                        .append("\n  see the requests:\n    ").append(guide.curlList()));
                say(b.toString());
                System.out.println(READY);
                Thread.currentThread().join();
            }
        }
        say("Demo done; everything stopped and its work folder removed.");
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
}
