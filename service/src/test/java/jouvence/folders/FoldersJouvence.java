package jouvence.folders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jouvence.Jouvence;
import jouvence.TestJouvence;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import simulator.MoodleSimulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import javax.sql.DataSource;

/**
 * A second real Jouvence with the collaborative folders on, beside the shared {@link TestJouvence} (which keeps them
 * off) and on its parts, as TokenHygieneTest does: the same embedded PostgreSQL database (one Quartz scheduler per
 * JVM, whose store is that database) and GreenMail; its own API port, its own simulated new platform offering the
 * groups' functions, and {@code extra} properties (the cloud's). Restore claims and the bridge are off; the scheduled
 * reconcile never fires (tests wake the claim through the API, or step it).
 */
public final class FoldersJouvence implements AutoCloseable {

    public static final String API_TOKEN = TestJouvence.API_TOKEN;
    public static final String CLIENT_TOKEN = "FOLDERSCLIENTTOKEN00000000000002";

    public final TestJouvence env;
    public final MoodleSimulator client;
    public final Main main;
    public final CamelContext camel;
    public final int apiPort;
    private final HttpClient http = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    public FoldersJouvence(Map<String, String> extra) throws Exception {
        env = TestJouvence.get();
        client = MoodleSimulator.courseClient(CLIENT_TOKEN);
        MoodleSimulator.FOLDER_FUNCTIONS.forEach(client::addFunction);
        client.start();
        apiPort = extra.containsKey("camel.server.port") ? Integer.parseInt(extra.get("camel.server.port"))
                : TestJouvence.freePort(); // a test that must know it first (an OAuth redirect URI) chooses it
        Map<String, String> p = env.properties();
        p.put("jouvence.instance-id", "folders-test");
        p.put("camel.server.port", Integer.toString(apiPort));
        p.put("camel.management.port", Integer.toString(TestJouvence.freePort()));
        p.put("jouvence.client.url", client.url());
        p.put("jouvence.client.token", CLIENT_TOKEN);
        p.put("jouvence.bridge.enabled", "false");
        p.put("jouvence.import.enabled", "false");
        p.put("jouvence.folders.enabled", "true");
        p.put("jouvence.folders.reconcile.cron", "0 0 0 1 1 ? 2099"); // never: tests wake the claim themselves
        p.put("jouvence.folders.claim.interval", "1h"); // the same for the look at due sets, unless a test sets it
        p.putAll(extra);
        main = Jouvence.create(null, p);
        main.start();
        camel = main.getCamelContext();
    }

    public DataSource db() {
        return env.postgres.getPostgresDatabase();
    }

    /** Empties the folder sets' tables (ids are not reused: a shared cloud keeps each test's folders apart). */
    public void reset() throws Exception {
        try (Connection c = db().getConnection(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE folder_set, cloud_folder, cloud_share, folder_event, cloud_health, cloud_account CASCADE");
        }
        client.reset();
        MoodleSimulator.FOLDER_FUNCTIONS.forEach(client::addFunction);
        env.mail.purgeEmailFromAllMailboxes();
    }

    public long count(String sql) throws SQLException {
        try (Connection c = db().getConnection(); Statement s = c.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public record Response(int status, JsonNode json, String body) {
    }

    public Response api(String method, String path, String body) throws Exception {
        return api(method, path, body, API_TOKEN, "application/json");
    }

    public Response api(String method, String path, String body, String token, String contentType) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path))
                .timeout(Duration.ofSeconds(30));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = null;
        try {
            json = JSON.readTree(r.body());
        } catch (IOException ignored) {
            // not JSON: the test will look at the body
        }
        return new Response(r.statusCode(), json, r.body());
    }

    /** Reads {@code read} until {@code done} holds or the deadline passes; returns the last value read. */
    public static <T> T poll(Duration timeout, Callable<T> read, Predicate<T> done) throws Exception {
        return TestJouvence.poll(timeout, read, done);
    }

    @Override
    public void close() throws Exception {
        main.stop();
        client.close();
        try (Connection c = db().getConnection(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE folder_set, cloud_folder, cloud_share, folder_event, cloud_health, cloud_account CASCADE");
        }
    }
}
