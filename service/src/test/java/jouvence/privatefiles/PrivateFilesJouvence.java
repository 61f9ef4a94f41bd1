package jouvence.privatefiles;

import jouvence.Jouvence;
import jouvence.TestJouvence;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import simulator.MoodleSimulator;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * A real Jouvence with the private files on, beside the shared {@link TestJouvence} and on its parts (the embedded
 * PostgreSQL, GreenMail): its own simulated old platform (the block's service token) and new platform (logins, upload,
 * private files), over sockets. The scheduled claim runs every second (retries are due after 1 s); a request, or a
 * login, wakes it at once.
 */
public final class PrivateFilesJouvence implements AutoCloseable {

    public static final String SERVER_TOKEN = "PFSERVERTOKEN0000000000000000001";
    public static final String PF_TOKEN = "PFBLOCKTOKEN00000000000000000003";
    public static final String CLIENT_TOKEN = "PFCLIENTTOKEN0000000000000000002";

    public final TestJouvence env;
    public final MoodleSimulator server;
    public final MoodleSimulator client;
    public final Main main;
    public final CamelContext camel;
    public final int apiPort;
    public final int managementPort;

    public PrivateFilesJouvence(Map<String, String> extra) throws Exception {
        env = TestJouvence.get();
        server = MoodleSimulator.courseServer(SERVER_TOKEN).start();
        server.privateFilesToken(PF_TOKEN);
        client = MoodleSimulator.courseClient(CLIENT_TOKEN).start();
        apiPort = TestJouvence.freePort();
        managementPort = TestJouvence.freePort();
        Map<String, String> p = env.properties();
        p.put("jouvence.instance-id", "private-files-test");
        p.put("camel.server.port", Integer.toString(apiPort));
        p.put("camel.management.port", Integer.toString(managementPort));
        p.put("jouvence.metrics.queue-refresh-interval", "500");
        p.put("jouvence.servers", "old");
        p.put("jouvence.server.old.url", server.url());
        p.put("jouvence.server.old.token", SERVER_TOKEN);
        p.put("jouvence.server.old.private-files-token", PF_TOKEN);
        p.put("jouvence.client.url", client.url());
        p.put("jouvence.client.token", CLIENT_TOKEN);
        p.put("jouvence.bridge.enabled", "false");
        p.put("jouvence.import.enabled", "false");
        p.put("jouvence.staging.dir", env.staging.resolve("pf-" + apiPort).toString());
        p.put("jouvence.private-files.enabled", "true");
        p.put("jouvence.private-files.claim.cron", "0/1 * * * * ?"); // retries are due after 1 s
        p.put("jouvence.private-files.max-bytes", Long.toString(8 * 1024 * 1024));
        p.put("jouvence.private-files.retry.base-delay", "1s");
        p.put("jouvence.private-files.retry.max-delay", "2s");
        p.put("jouvence.private-files.retry.max-attempts", "30");
        p.putAll(extra);
        main = Jouvence.create(null, p);
        main.start();
        camel = main.getCamelContext();
    }

    public DataSource db() {
        return env.postgres.getPostgresDatabase();
    }

    public void reset() throws Exception {
        // the previous test's work and mails first (a request's mail is queued just after its end: wait for the
        // exchange that ends it, then for the outbox), not left to land in this test's mailbox
        TestJouvence.poll(Duration.ofSeconds(20), () -> camel.getInflightRepository().size() == 0
                && env.pendingMails() == 0, done -> done);
        try (Connection c = db().getConnection(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE private_files_request, private_files_item, private_files_event, private_files_server "
                    + "CASCADE");
        }
        server.reset();
        server.privateFilesToken(PF_TOKEN);
        client.reset();
        env.mail.purgeEmailFromAllMailboxes();
    }

    /** The request's state word, from the database. */
    public String state(String username) throws Exception {
        try (Connection c = db().getConnection(); Statement s = c.createStatement(); var rs = s.executeQuery(
                "SELECT state FROM private_files_request WHERE username = '" + username + "' ORDER BY id DESC")) {
            return rs.next() ? jouvence.privatefiles.PrivateFilesRequest.word(rs.getInt(1)) : null;
        }
    }

    public String awaitState(String username, String wanted) throws Exception {
        String got = TestJouvence.poll(Duration.ofSeconds(30), () -> state(username), wanted::equals);
        if (!wanted.equals(got)) {
            throw new AssertionError("expected " + wanted + " but was " + got + "; trail: " + trail(username));
        }
        return got;
    }

    /** The latest request's trail, one line per event (for failure messages). */
    public String trail(String username) throws Exception {
        StringBuilder t = new StringBuilder();
        try (Connection c = db().getConnection(); Statement s = c.createStatement(); var rs = s.executeQuery(
                "SELECT e.step, e.outcome, e.message FROM private_files_event e JOIN private_files_request r "
                        + "ON r.id = e.request_id WHERE r.username = '" + username + "' ORDER BY e.id")) {
            while (rs.next()) {
                t.append("\n  ").append(rs.getString(1)).append(' ').append(rs.getString(2)).append(": ")
                        .append(rs.getString(3));
            }
        }
        return t.toString();
    }

    /** Wakes the claim now (what a new request or a login does). */
    public void claimNow() {
        camel.createProducerTemplate().sendBody(PrivateFilesBeans.CLAIM_AGAIN, null);
    }

    public HttpResponse<String> api(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path))
                .header("Authorization", "Bearer " + TestJouvence.API_TOKEN).header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A browser: its own cookies, redirects not followed. */
    public final class Browser {
        final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();

        public HttpResponse<String> get(String path) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path))
                    .header("Accept-Language", "en").GET().build(), HttpResponse.BodyHandlers.ofString());
        }

        public HttpResponse<String> post(String path, String... fields) throws Exception {
            StringBuilder body = new StringBuilder();
            for (int i = 0; i < fields.length; i += 2) {
                body.append(body.length() == 0 ? "" : "&").append(URLEncoder.encode(fields[i], StandardCharsets.UTF_8))
                        .append('=').append(URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8));
            }
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path))
                            .header("Accept-Language", "en").header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        public Browser login(String username, String password) throws Exception {
            HttpResponse<String> r = post("/login", "username", username, "password", password, "csrf",
                    csrf(get("/login").body()));
            if (r.statusCode() != 303) {
                throw new AssertionError("login failed: " + r.statusCode() + " " + r.body());
            }
            return this;
        }

        /** The page, and its form's CSRF token. */
        public String page() throws Exception {
            HttpResponse<String> r = get("/private-files");
            if (r.statusCode() != 200) {
                throw new AssertionError(r.statusCode() + " " + r.body());
            }
            return r.body();
        }

        /** Presses "Bring my private files" for {@code server}, with any extra form fields. */
        public HttpResponse<String> bring(String server, String... extra) throws Exception {
            String[] fields = new String[4 + extra.length];
            fields[0] = "csrf";
            fields[1] = csrf(page());
            fields[2] = "server";
            fields[3] = server;
            System.arraycopy(extra, 0, fields, 4, extra.length);
            return post("/private-files", fields);
        }
    }

    static String csrf(String html) {
        Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(html);
        if (!m.find()) {
            throw new AssertionError("no csrf field in " + html);
        }
        return m.group(1);
    }

    @Override
    public void close() throws Exception {
        main.stop();
        server.close();
        client.close();
    }
}
