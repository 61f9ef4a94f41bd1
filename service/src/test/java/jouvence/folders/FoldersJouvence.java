package jouvence.folders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jouvence.Jouvence;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import simulator.LocalJouvence;
import simulator.MoodleSimulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import javax.sql.DataSource;

/**
 * A real Jouvence with the collaborative folders on, for the folders' end-to-end tests: its own embedded PostgreSQL
 * (so that the restore tests' shared {@code TestJouvence} keeps the folders off), GreenMail, a simulated new platform
 * offering the groups' functions, and {@code extra} properties (the cloud's). Scheduled reconciles are off (the cron
 * is far away): tests wake the claim through the API.
 */
public final class FoldersJouvence implements AutoCloseable {

    public static final String API_TOKEN = "folders-admin-token-0123456789";
    public static final String CLIENT_TOKEN = "FOLDERSCLIENTTOKEN00000000000002";

    public final EmbeddedPostgres postgres;
    public final GreenMail mail;
    public final MoodleSimulator client;
    private final MoodleSimulator old;
    private final java.nio.file.Path staging;
    public final Main main;
    public final CamelContext camel;
    public final int apiPort;
    private final HttpClient http = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    public FoldersJouvence(Map<String, String> extra) throws Exception {
        postgres = EmbeddedPostgres.start();
        mail = new GreenMail(new ServerSetup(LocalJouvence.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        client = MoodleSimulator.courseClient(CLIENT_TOKEN);
        MoodleSimulator.FOLDER_FUNCTIONS.forEach(client::addFunction);
        client.start();
        old = MoodleSimulator.courseServer("FOLDERSOLDTOKEN000000000000000001");
        old.start();
        staging = Files.createTempDirectory("jouvence-folders-staging");
        apiPort = LocalJouvence.freePort();
        Map<String, String> p = new HashMap<>(LocalJouvence.properties(postgres.getJdbcUrl("postgres", "postgres"),
                mail.getSmtp().getPort(), apiPort, LocalJouvence.freePort(), API_TOKEN,
                staging, client, new LinkedHashMap<>(Map.of("old", old))));
        p.put("jouvence.instance-id", "folders-test");
        p.put("camel.main.shutdown-timeout", "5");
        p.put("jouvence.claim.enabled", "false");
        p.put("jouvence.health.probe-interval", "3600000");
        p.put("jouvence.folders.enabled", "true");
        p.put("jouvence.folders.reconcile.cron", "0 0 0 1 1 ? 2099"); // never: tests wake the claim themselves
        p.putAll(extra);
        main = Jouvence.create(null, p);
        main.start();
        camel = main.getCamelContext();
    }

    public DataSource db() {
        return postgres.getPostgresDatabase();
    }

    /** Empties the folder sets' tables (ids are not reused: a shared cloud keeps each test's folders apart). */
    public void reset() throws Exception {
        try (Connection c = db().getConnection(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE folder_set, cloud_folder, cloud_share, folder_event, cloud_health, mail_outbox "
                    + "CASCADE");
        }
        client.reset();
        MoodleSimulator.FOLDER_FUNCTIONS.forEach(client::addFunction);
        mail.purgeEmailFromAllMailboxes();
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
        long deadline = System.nanoTime() + timeout.toNanos();
        T value = read.call();
        while (!done.test(value) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            value = read.call();
        }
        return value;
    }

    @Override
    public void close() throws Exception {
        main.stop();
        client.close();
        old.close();
        mail.stop();
        postgres.close();
        for (java.nio.file.Path dir : List.of(staging, java.nio.file.Path.of(staging + "-import"))) {
            if (Files.exists(dir)) {
                try (var paths = Files.walk(dir)) {
                    for (java.nio.file.Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
        }
    }
}
