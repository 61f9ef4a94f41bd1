package jouvence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jouvence.courses.RestoreRequest;
import jouvence.courses.Status;
import jouvence.courses.queue.RequestRepository;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.component.http.HttpEndpoint;
import org.apache.camel.main.Main;
import org.apache.hc.client5.http.io.HttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.core5.util.TimeValue;
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
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One real Jouvence per test JVM, wired to real parts: an embedded PostgreSQL, a GreenMail SMTP server, two simulated
 * course servers ("old", "other") and a simulated new platform, all over sockets on 127.0.0.1. Scheduled claims are
 * off: tests look at the queue themselves, then wait for the outcome with a deadline.
 */
public final class TestJouvence {

    public static final String API_TOKEN = "test-admin-token-0123456789";
    public static final String OLD_TOKEN = "SERVERTOKEN0000000000000000000001";
    public static final String OTHER_TOKEN = "SERVERTOKEN0000000000000000000003";
    public static final String CLIENT_TOKEN = "CLIENTTOKEN0000000000000000000002";
    public static final String ADMIN_MAIL = "moodle-admins@univ.example"; // LocalJouvence's
    public static final String TEACHER_MAIL = "teacher1@example.invalid";

    /** The new platform's Moodle database (its tables are created by BridgeTest) in the same embedded PostgreSQL. */
    public static final String MOODLE_DB = "moodle";

    private static TestJouvence instance;

    public final EmbeddedPostgres postgres;
    public final GreenMail mail;
    public final MoodleSimulator old;
    public final MoodleSimulator other;
    public final MoodleSimulator client;
    public final Main main;
    public final CamelContext camel;
    public final RequestRepository requests;
    public final Path staging;
    /** The watched import folder (jouvence.import.dir). */
    public final Path imports;
    public final int apiPort;
    public final int managementPort;
    private final HttpClient http = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    public static synchronized TestJouvence get() {
        if (instance == null) {
            try {
                instance = new TestJouvence();
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the test environment", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(instance::close));
        }
        return instance;
    }

    public final LogRecorder logs = LogRecorder.install();

    private TestJouvence() throws Exception {
        postgres = EmbeddedPostgres.start();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + MOODLE_DB); // the new platform's Moodle database, for the bridge (BridgeTest)
        }
        mail = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        old = MoodleSimulator.courseServer(OLD_TOKEN);
        old.start();
        other = MoodleSimulator.courseServer(OTHER_TOKEN);
        other.start();
        client = MoodleSimulator.courseClient(CLIENT_TOKEN);
        client.start();
        staging = Files.createTempDirectory("jouvence-staging");
        imports = Files.createTempDirectory("jouvence-import");
        apiPort = freePort();
        managementPort = freePort();
        main = Jouvence.create(null, properties());
        main.start();
        camel = main.getCamelContext();
        requests = camel.getRegistry().lookupByNameAndType("requests", RequestRepository.class);
    }

    /** The properties a test Jouvence runs with: everything local, no scheduled claims, short delays. */
    public Map<String, String> properties() {
        Map<String, String> p = new HashMap<>(LocalJouvence.properties(postgres.getJdbcUrl("postgres", "postgres"),
                mail.getSmtp().getPort(), apiPort, managementPort, API_TOKEN, staging, client,
                new java.util.LinkedHashMap<>(Map.of("old", old))));
        p.put("jouvence.instance-id", "test-instance");
        p.put("camel.main.shutdown-timeout", "5"); // at the end of the test JVM, nothing is worth waiting for
        p.put("jouvence.servers", "old,other");
        p.put("jouvence.server.other.url", other.url() + "/"); // a trailing slash is ignored
        p.put("jouvence.server.other.token", OTHER_TOKEN);
        p.put("jouvence.claim.enabled", "false");
        p.put("jouvence.web.trusted-proxies", "127.0.0.2"); // WebTest's proxy; 127.0.0.1 is an ordinary client
        p.put("jouvence.claim.sweep-interval", "3600000");
        p.put("jouvence.health.probe-interval", "3600000");
        p.put("jouvence.retry.base-delay", "1s");
        p.put("jouvence.retry.max-attempts", "3");
        p.put("jouvence.restore.timeout", "60s");
        p.put("jouvence.mail.poll-interval", "200");
        p.put("jouvence.mail.retry.first-delay", "1s");
        p.put("jouvence.mail.retry.max-delay", "2s");
        p.put("jouvence.mail.retry.max-attempts", "8");
        p.put("jouvence.import.dir", imports.toString());
        p.put("jouvence.import.poll-delay", "100");
        p.put("jouvence.bridge.enabled", "true"); // polled only when a test steps direct:bridgeTakeRows
        p.put("jouvence.bridge.db.url", postgres.getJdbcUrl("postgres", MOODLE_DB));
        p.put("jouvence.bridge.db.username", "postgres");
        p.put("jouvence.bridge.poll-interval", "86400000");
        return p;
    }

    /** Empties the queue, the mailboxes and the simulators' state between tests. */
    public void reset() throws Exception {
        quiesce();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            try (var rs = s.executeQuery("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'")) {
                rs.next();
                if (rs.getInt(1) != 0) { // a leaked server gate would block that server for good
                    throw new AssertionError(rs.getInt(1) + " server gate(s) still held with nothing in flight");
                }
            }
            // The mail sender's claim may lock its table at the same moment: PostgreSQL then picks one of the two as
            // a deadlock victim; the emptying is simply done again.
            for (int attempt = 1; ; attempt++) {
                try {
                    s.execute("TRUNCATE mail_outbox, restore_request, request_event, moodle_health, web_session, "
                            + "web_login_failure RESTART IDENTITY CASCADE");
                    break;
                } catch (java.sql.SQLException e) {
                    if (!"40P01".equals(e.getSQLState()) || attempt == 5) {
                        throw e;
                    }
                }
            }
        }
        try (Connection c = moodleDb().getConnection(); Statement s = c.createStatement()) {
            for (String table : List.of("mdl_block_external_backuprestore", "mdl_user")) {
                s.execute("DO $$ BEGIN IF to_regclass('" + table + "') IS NOT NULL THEN EXECUTE 'TRUNCATE " + table
                        + " RESTART IDENTITY'; END IF; END $$");
            }
        }
        old.reset();
        other.reset();
        client.reset();
        mail.purgeEmailFromAllMailboxes();
    }

    /** Waits until nothing is in flight (a previous test's mails may still be on their way). */
    public void quiesce() throws Exception {
        boolean idle = poll(Duration.ofSeconds(30),
                () -> camel.getInflightRepository().size() == 0 && claimerIdle() && queued() == 0 && pendingMails() == 0,
                done -> done);
        if (!idle) {
            throw new AssertionError("still in flight after 30 s: " + camel.getInflightRepository().browse());
        }
    }

    /** Exchanges waiting in seda queues (mails, backups, restores): not in flight yet, but on their way. */
    private int queued() {
        return camel.getEndpoints().stream().filter(e -> e instanceof org.apache.camel.component.seda.SedaEndpoint)
                .mapToInt(e -> ((org.apache.camel.component.seda.SedaEndpoint) e).getCurrentQueueSize()).sum();
    }

    /** Mails of the outbox still to send (the sender polls every 200 ms in tests). */
    public long pendingMails() throws java.sql.SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT count(*) FROM mail_outbox WHERE state = 'pending'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private boolean claimerIdle() {
        return camel.getRegistry().lookupByNameAndType("claimer", jouvence.courses.pipeline.Claimer.class).inFlight().isEmpty();
    }

    /** The new platform's Moodle database, as the bridge sees it. */
    public javax.sql.DataSource moodleDb() {
        return postgres.getDatabase("postgres", MOODLE_DB);
    }

    public ProducerTemplate template() {
        return camel.createProducerTemplate();
    }

    /**
     * After a simulator's restart: the connections Jouvence keeps for reuse were closed by the old server, and
     * HttpClient checks a pooled connection only once it has been idle 2 s (validateAfterInactivity), so a request sent
     * sooner fails with NoHttpResponseException ("unreachable") instead of reaching the new server.
     */
    public void closeIdleHttpConnections() {
        List<HttpClientConnectionManager> managers = new ArrayList<>();
        managers.add(camel.getComponent("http", HttpComponent.class).getClientConnectionManager());
        camel.getEndpoints().stream().filter(e -> e instanceof HttpEndpoint)
                .forEach(e -> managers.add(((HttpEndpoint) e).getClientConnectionManager()));
        List<PoolingHttpClientConnectionManager> pools = managers.stream()
                .filter(m -> m instanceof PoolingHttpClientConnectionManager)
                .map(m -> (PoolingHttpClientConnectionManager) m).distinct().toList();
        if (pools.isEmpty()) {
            throw new IllegalStateException("no pool of HTTP connections found in camel-http: nothing closed");
        }
        pools.forEach(p -> p.closeIdle(TimeValue.ZERO_MILLISECONDS));
    }

    /** Looks at the queue now (what the Quartz trigger does every minute). */
    public void claimNow() {
        try (ProducerTemplate t = template()) {
            t.sendBody(routes.Endpoints.CLAIM_DUE, null);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public RestoreRequest request(long id) {
        return requests.find(id).orElseThrow();
    }

    /** Waits until the request matches, looking at the queue again meanwhile; fails with the request's state. */
    public RestoreRequest await(long id, Predicate<RestoreRequest> condition, Duration timeout) throws Exception {
        RestoreRequest r = poll(timeout, () -> request(id), condition);
        if (!condition.test(r)) {
            throw new AssertionError("request " + id + " did not reach the expected state within " + timeout + ": "
                    + r + "\nevents: " + requests.events(id));
        }
        return r;
    }

    /**
     * Reads until {@code done} holds or the deadline passes, then returns the last value read: the one waiting loop
     * of the tests (the service works on its own threads; a test waits for what it can observe).
     */
    public static <T> T poll(Duration timeout, java.util.concurrent.Callable<T> read, Predicate<T> done) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        T value = read.call();
        while (!done.test(value) && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
            value = read.call();
        }
        return value;
    }

    public RestoreRequest awaitStatus(long id, Status status) throws Exception {
        return await(id, r -> r.status() == status, Duration.ofSeconds(60));
    }

    /** Mails received so far to {@code to}, polled until {@code count} arrived or the deadline passed. */
    public List<MimeMessage> awaitMails(String to, int count, Duration timeout) throws Exception {
        return poll(timeout, () -> mailsTo(to), found -> found.size() >= count);
    }

    public List<MimeMessage> mailsTo(String to) throws Exception {
        List<MimeMessage> found = new ArrayList<>();
        for (MimeMessage m : mail.getReceivedMessages()) {
            if (Arrays.stream(m.getRecipients(Message.RecipientType.TO)).anyMatch(a -> a.toString().contains(to))) {
                found.add(m);
            }
        }
        return found;
    }

    public record Response(int status, JsonNode json, String body) {
    }

    public Response api(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json");
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

    public Response post(String json) throws Exception {
        return api("POST", "/api/v1/restore-requests", json, API_TOKEN);
    }

    /** Posts a request and returns its id, failing the test unless it was created. */
    public long schedule(String server, long course, String requester, boolean withUserData) throws Exception {
        Response r = post("{\"server\":\"" + server + "\",\"remoteCourseId\":" + course + ",\"requester\":\"" + requester
                + "\",\"withUserData\":" + withUserData + "}");
        if (r.status() != 201) {
            throw new AssertionError("expected 201, got " + r.status() + " " + r.body());
        }
        return r.json().get("id").asLong();
    }

    public static int freePort() {
        return LocalJouvence.freePort();
    }

    private void close() {
        try {
            main.stop();
        } catch (Exception ignored) {
            // JVM is exiting
        }
        old.stop();
        other.stop();
        client.stop();
        mail.stop();
        try {
            postgres.close();
        } catch (IOException ignored) {
            // JVM is exiting
        }
        deleteTree(staging);
        deleteTree(imports);
    }

    /** Removes a test folder and everything in it (the build checks that no test leaves one in the temp directory). */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
