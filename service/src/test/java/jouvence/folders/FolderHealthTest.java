package jouvence.folders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import routes.folders.FolderHealthRouteBuilder;
import simulator.SimulatedGroups;
import simulator.cloud.CloudSimulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cloud's health check and the folders' metrics on the management port of a real Jouvence (embedded PostgreSQL,
 * the simulated new platform and Nextcloud over sockets): what /observe/health and /observe/metrics show. The probe
 * and the gauges' refresh are stepped through their routes.
 */
class FolderHealthTest {

    private static final int COURSE = 30;
    private static final String SYS = "jouvence";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static CloudSimulator cloud;
    private static FoldersJouvence jouvence;
    private static int managementPort;

    @BeforeAll
    static void start() throws Exception {
        cloud = CloudSimulator.nextcloud().start();
        cloud.addUser(SYS, "Jouvence", "jouvence@univ.example").appPassword(SYS, "sys-app-password");
        for (String s : new String[] {"s1", "s2", "s3"}) {
            cloud.addUser(s, s.toUpperCase(), s + "@univ.example");
        }
        jouvence = new FoldersJouvence(Map.of("jouvence.folders.cloud.url", cloud.url(),
                "jouvence.folders.cloud.user", SYS, "jouvence.folders.cloud.app-password", "sys-app-password",
                "jouvence.folders.cloud.read-timeout", "3s"));
        managementPort = Integer.parseInt(jouvence.camel.getPropertiesComponent()
                .resolveProperty("camel.management.port").orElseThrow());
    }

    @AfterAll
    static void stop() throws Exception {
        jouvence.close();
        cloud.close();
    }

    @BeforeEach
    void course() throws Exception {
        jouvence.reset();
        jouvence.client.addCourse(COURSE, "PHY", "Physics", 3, "teacher1");
        SimulatedGroups g = jouvence.client.groups();
        for (String s : new String[] {"s1", "s2", "s3"}) {
            jouvence.client.addUser(s, s.toUpperCase(), "Student");
            g.enrol(s, COURSE, "student");
        }
        int a = g.addGroup(COURSE, "Team A");
        int b = g.addGroup(COURSE, "Team B");
        g.addMember(a, "s1");
        g.addMember(a, "s2");
        g.addMember(b, "s3");
        jouvence.client.addUser("ghost", "Ghost", "Student");
        g.enrol("ghost", COURSE, "student");
        g.addMember(b, "ghost"); // not in the cloud: that share in error
    }

    @AfterEach
    void cloudBack() {
        cloud.refuseCredentials(null, false);
    }

    private static void step(String endpoint) {
        try (ProducerTemplate t = jouvence.camel.createProducerTemplate()) {
            t.requestBody(endpoint, (Object) null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> management(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode cloudCheck() throws Exception {
        JsonNode health = JSON.readTree(management("/observe/health?exposureLevel=full").body());
        for (JsonNode c : health.get("checks")) {
            if ("cloud".equals(c.path("name").asText())) {
                return c;
            }
        }
        throw new AssertionError("no cloud check: " + health.toPrettyString());
    }

    private static double sample(String series) throws Exception {
        String metrics = management("/observe/metrics").body();
        return metrics.lines().filter(l -> l.startsWith(series + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(series.length() + 1).strip().split(" ")[0]))
                .orElseThrow(() -> new AssertionError(series + " is not exposed: " + metrics.lines()
                        .filter(l -> l.startsWith(series.replaceAll("\\{.*", ""))).toList()));
    }

    @Test
    void foldersAndSharesAreCountedByState() throws Exception {
        FoldersJouvence.Response r = jouvence.api("POST", "/api/v1/folder-sets", "{\"courseId\": " + COURSE
                + ", \"name\": \"Labs\", \"groupMode\": \"groups\"}");
        assertEquals(201, r.status(), r.body());
        long id = r.json().get("id").asLong();
        FoldersJouvence.poll(Duration.ofSeconds(30), () -> jouvence.api("GET", "/api/v1/folder-sets/" + id, null).json(),
                n -> Set.of("ready", "partial", "failed").contains(n.get("state").asText()));

        step(FolderHealthRouteBuilder.REFRESH_METRICS);
        assertEquals(3.0, sample("jouvence_folders{state=\"ready\"}"), "the parent and two group folders");
        assertEquals(0.0, sample("jouvence_folders{state=\"error\"}"));
        assertEquals(3.0, sample("jouvence_shares{state=\"shared\"}"));
        assertEquals(1.0, sample("jouvence_shares{state=\"error\"}"), "ghost has no cloud account");
        assertEquals(0.0, sample("jouvence_shares{state=\"revoked\"}"), "every state is shown, 0 when none");
    }

    @Test
    void theCloudRefusingTheSystemAccountIsDownButJouvenceStaysReady() throws Exception {
        step(FolderHealthRouteBuilder.PROBE);
        assertEquals("UP", cloudCheck().get("status").asText(), cloudCheck().toPrettyString());
        assertEquals(1.0, sample("jouvence_cloud_up"));

        cloud.refuseCredentials(null, true);
        step(FolderHealthRouteBuilder.PROBE);
        JsonNode down = cloudCheck();
        assertEquals("DOWN", down.get("status").asText(), down.toPrettyString());
        String message = down.path("message").asText();
        assertTrue(message.contains("CLOUD_DOWN"), down.toPrettyString());
        assertFalse(message.contains("sys-app-password"), "never a credential");
        assertEquals(0.0, sample("jouvence_cloud_up"));
        assertTrue(management("/observe/health").body().contains("cloud"), "a failing check shows by default");
        assertEquals(200, management("/observe/health/ready").statusCode(), "the cloud is not part of readiness");
        assertEquals(200, management("/observe/health/live").statusCode());

        cloud.refuseCredentials(null, false);
        step(FolderHealthRouteBuilder.PROBE);
        assertEquals("UP", cloudCheck().get("status").asText());
        assertEquals(1.0, sample("jouvence_cloud_up"));
    }

    @Test
    void theReconcilesVerdictIsShownAndEndedByAProbeThatPasses() throws Exception {
        try (var c = jouvence.db().getConnection(); var s = c.createStatement()) {
            s.execute("INSERT INTO cloud_health (id, state, message) VALUES ('cloud', 'down', 'refused: 401')");
        }
        // the probe passes: the cloud is marked up again for every replica, as the claim's own check would
        step(FolderHealthRouteBuilder.PROBE);
        assertEquals("UP", cloudCheck().get("status").asText());
        assertEquals(0, jouvence.count("SELECT count(*) FROM cloud_health WHERE state = 'down'"));
    }
}
