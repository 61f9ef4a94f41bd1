package simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The two simulated sites the simulator tests talk to over real HTTP, reset before each test, and the calls they make
 * the way the transcript's curl did. Expected strings are in {@link Transcript}.
 */
abstract class SimulatorTestBase {

    static final String STOKEN = "SERVERTOKEN0000000000000000000001";
    static final String CTOKEN = "CLIENTTOKEN0000000000000000000002";
    static final String ZIP = MoodleSimulator.FN_GET_COURSES_ZIP;
    static final String COURSES = MoodleSimulator.FN_GET_COURSES;
    static final String ENROL = MoodleSimulator.FN_ENROL;
    static final String UPDATE = MoodleSimulator.FN_UPDATE_COURSES;
    static final String EMPTY_JSON_CT = "application/json; charset=utf-8";
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static final ObjectMapper JSON = new ObjectMapper();

    static MoodleSimulator server;
    static MoodleSimulator client;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startSites() {
        server = MoodleSimulator.courseServer(STOKEN).start();
        client = MoodleSimulator.courseClient(CTOKEN).start();
    }

    @AfterAll
    static void stopSites() {
        server.close();
        client.close();
    }

    @BeforeEach
    void resetSites() {
        server.reset();
        client.reset();
    }

    record Resp(int status, HttpHeaders headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    static String form(String... kv) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < kv.length; i += 2) {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(URLEncoder.encode(kv[i], StandardCharsets.UTF_8)).append('=')
              .append(URLEncoder.encode(kv[i + 1], StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    static Resp post(MoodleSimulator sim, String pathAndQuery, String... kv) throws Exception {
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(sim.url() + pathAndQuery))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(kv))).build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Resp(r.statusCode(), r.headers(), r.body());
    }

    static Resp download(MoodleSimulator sim, String query) throws Exception {
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(sim.url() + MoodleSimulator.DOWNLOAD_PATH
                + "?" + query)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Resp(r.statusCode(), r.headers(), r.body());
    }

    /** A REST call like the transcript's curl: everything urlencoded in the body, JSON format, HTTP 200 expected. */
    static String wsWithToken(MoodleSimulator sim, String token, String function, String... kv) throws Exception {
        String[] all = new String[kv.length + 6];
        all[0] = "wstoken";
        all[1] = token;
        all[2] = "wsfunction";
        all[3] = function;
        all[4] = "moodlewsrestformat";
        all[5] = "json";
        System.arraycopy(kv, 0, all, 6, kv.length);
        Resp r = post(sim, MoodleSimulator.REST_PATH, all);
        assertEquals(200, r.status());
        assertEquals("application/json", r.header("Content-Type"));
        return r.text();
    }

    static String ws(MoodleSimulator sim, String function, String... kv) throws Exception {
        return wsWithToken(sim, sim.token(), function, kv);
    }

    static String wsUnchecked(MoodleSimulator sim, String function, String... kv) {
        try {
            return ws(sim, function, kv);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    int restore(Path file, int categoryid) throws Exception {
        Resp r = post(client, MoodleSimulator.RESTORE_PATH, "file", file.toAbsolutePath().toString(),
                "categoryid", Integer.toString(categoryid));
        JsonNode n = JSON.readTree(r.text());
        assertTrue(n.has("courseid"), r.text());
        return n.get("courseid").asInt();
    }

    static void assertEmptyFailure(Resp d) {
        assertEquals(200, d.status());
        assertEquals(0, d.body().length);
        assertEquals("0", d.header("Content-Length"));
        assertEquals(EMPTY_JSON_CT, d.header("Content-Type"));
    }

    /** The transcript's site URL replaced by the simulator's (JSON-escaped like Moodle does). */
    static String site(String transcript, MoodleSimulator sim) {
        String url = sim.url().replace("/", "\\/");
        return transcript.replace("http:\\/\\/127.0.0.1:8081", url).replace("http:\\/\\/127.0.0.1:8082", url);
    }

    static String normaliseTimes(String json) {
        return json.replaceAll("\"(timecreated|timemodified|cacherev)\":\\d+", "\"$1\":0");
    }

    static Path archivePath(String name) {
        return Path.of("src", "main", "resources", "simulator", "archives", name).toAbsolutePath();
    }

    static byte[] realArchive(String name) throws IOException {
        return Files.readAllBytes(archivePath(name));
    }

    static String sha1(Path file) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-1");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
