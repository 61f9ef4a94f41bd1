package jouvence.userdata;

import com.fasterxml.jackson.databind.JsonNode;
import jouvence.Jouvence;
import jouvence.TestJouvence;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import routes.userdata.UserDataClaimRouteBuilder;
import simulator.MoodleSimulator;
import simulator.UserDataControls;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * A real Jouvence with profile and preferences on, beside the shared {@link TestJouvence} and on its parts (the same
 * embedded PostgreSQL and GreenMail), with its own simulated old platform (server {@code old}, a user-data token) and
 * new platform (offering core_user_update_users and core_user_set_user_preferences), over sockets. The scheduled claim
 * never fires: a new import is claimed at once; tests step the claim themselves for retries.
 */
public final class UserDataJouvence implements AutoCloseable {

    public static final String API_TOKEN = TestJouvence.API_TOKEN;
    public static final String OLD_TOKEN = "UDOLDTOKEN000000000000000000001";
    public static final String USER_DATA_TOKEN = "UDUSERDATATOKEN0000000000000004";
    public static final String CLIENT_TOKEN = "UDCLIENTTOKEN000000000000000002";

    public final TestJouvence env;
    public final MoodleSimulator old;
    public final MoodleSimulator client;
    public final Main main;
    public final CamelContext camel;
    public final int apiPort;
    public final int managementPort;

    public UserDataJouvence(Map<String, String> extra) throws Exception {
        env = TestJouvence.get();
        old = MoodleSimulator.courseServer(OLD_TOKEN).start();
        client = MoodleSimulator.courseClient(CLIENT_TOKEN).start();
        prepareSites();
        apiPort = TestJouvence.freePort();
        managementPort = TestJouvence.freePort();
        Map<String, String> p = env.properties();
        p.put("jouvence.instance-id", "user-data-test");
        p.put("camel.server.port", Integer.toString(apiPort));
        p.put("camel.management.port", Integer.toString(managementPort));
        p.put("jouvence.metrics.queue-refresh-interval", "200");
        p.put("jouvence.server.old.url", old.url());
        p.put("jouvence.server.old.token", OLD_TOKEN);
        p.put("jouvence.server.old.user-data-token", USER_DATA_TOKEN);
        p.put("jouvence.client.url", client.url());
        p.put("jouvence.client.token", CLIENT_TOKEN);
        p.put("jouvence.bridge.enabled", "false");
        p.put("jouvence.bridge.db.url", ""); // the new Moodle's database only when a test gives one
        p.put("jouvence.import.enabled", "false");
        p.put("jouvence.user-data.enabled", "true");
        p.put("jouvence.user-data.claim.cron", "0 0 0 1 1 ? 2099"); // never: new imports are claimed at once
        p.put("jouvence.user-data.retry.base-delay", "100ms");
        p.put("jouvence.user-data.retry.max-delay", "200ms");
        p.put("jouvence.user-data.retry.max-attempts", "3");
        p.putAll(extra);
        main = Jouvence.create(null, p);
        main.start();
        camel = main.getCamelContext();
    }

    private void prepareSites() {
        old.userData().token(USER_DATA_TOKEN);
        UserDataControls.CLIENT_FUNCTIONS.forEach(client::addFunction);
        client.userData().defineCustomField("matricule", "Matricule");
    }

    public DataSource db() {
        return env.postgres.getPostgresDatabase();
    }

    public void reset() throws Exception {
        truncate();
        old.reset();
        client.reset();
        prepareSites();
        env.mail.purgeEmailFromAllMailboxes();
    }

    private void truncate() throws SQLException {
        try (Connection c = db().getConnection(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE user_data_import, user_data_event, user_data_baseline, user_data_watch CASCADE");
            s.execute("DELETE FROM moodle_health WHERE site_id LIKE '%:user-data'");
        }
    }

    public TestJouvence.Response api(String method, String path, String body) throws Exception {
        return apiWith(method, path, body, API_TOKEN);
    }

    public TestJouvence.Response apiWith(String method, String path, String body, String token) throws Exception {
        var b = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + apiPort + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        b.method(method, body == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                : java.net.http.HttpRequest.BodyPublishers.ofString(body));
        var r = java.net.http.HttpClient.newHttpClient().send(b.build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        JsonNode json = null;
        try {
            json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
        } catch (java.io.IOException ignored) {
            // not JSON: the test looks at the body
        }
        return new TestJouvence.Response(r.statusCode(), json, r.body());
    }

    /** Uploads a CSV file to POST /api/v1/imports. */
    public TestJouvence.Response upload(String csv) throws Exception {
        var r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                "http://127.0.0.1:" + apiPort + "/api/v1/imports?name=people.csv")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "text/csv").header("Authorization", "Bearer " + API_TOKEN)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(csv)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        return new TestJouvence.Response(r.statusCode(), new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(r.body()), r.body());
    }

    /** Asks for an import through the API; returns its id (201 expected). */
    public long ask(String username) throws Exception {
        TestJouvence.Response r = api("POST", "/api/v1/user-data-imports", "{\"server\": \"old\", \"username\": \""
                + username + "\"}");
        if (r.status() != 201) {
            throw new AssertionError("expected 201, got " + r.status() + " " + r.body());
        }
        return r.json().get("id").asLong();
    }

    public JsonNode get(long id) throws Exception {
        return api("GET", "/api/v1/user-data-imports/" + id, null).json();
    }

    /** Waits until the import is finished (performed or error). */
    public JsonNode finished(long id) throws Exception {
        JsonNode n = TestJouvence.poll(Duration.ofSeconds(30), () -> get(id),
                j -> Set.of("performed", "error").contains(j.get("state").asText()));
        if (!Set.of("performed", "error").contains(n.get("state").asText())) {
            throw new AssertionError("import " + id + " not finished: " + n.toPrettyString());
        }
        return n;
    }

    /** Looks at the queue now, as the schedule would. */
    /** Claims at each look until the import is finished: for an import waiting out a back-off of unknown end. */
    public JsonNode finishedClaiming(long id) throws Exception {
        TestJouvence.poll(Duration.ofSeconds(30), () -> {
            claimNow();
            return get(id);
        }, j -> Set.of("performed", "error").contains(j.get("state").asText()));
        return finished(id);
    }

    public void claimNow() {
        try (ProducerTemplate t = camel.createProducerTemplate()) {
            t.sendBody(UserDataClaimRouteBuilder.CLAIM_DUE, null);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws Exception {
        main.stop();
        old.close();
        client.close();
        truncate();
    }
}
