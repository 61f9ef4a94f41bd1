package jouvence;

import jouvence.courses.RestoreRequest;
import jouvence.courses.Status;
import jouvence.moodle.MoodleClient;
import jouvence.web.MoodleLogin;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import simulator.MoodleSimulator.Kind;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With everything Camel can log turned on (the tracer, message history, camel-http's request and answer logging), no
 * Moodle token appears in any log line, stack trace or stored error: the tokens travel in POST bodies, never in an
 * endpoint URI (Camel sanitises URIs only for some parameter names: {@code token} is one, {@code wstoken} is not), and
 * {@code camel.main.log-mask} masks the bodies Camel logs.
 */
class TokenHygieneTest {

    /** teacher1's password on the simulated new platform. */
    private static final String PASSWORD = "Teacher1!";

    private final TestJouvence env = TestJouvence.get();

    @BeforeEach
    void reset() throws Exception {
        env.reset();
    }

    @Test
    void no_token_in_logs_or_errors_with_tracing_message_history_and_http_activity_on() throws Exception {
        Map<String, String> p = env.properties();
        p.put("jouvence.instance-id", "traced-instance");
        p.put("camel.server.port", Integer.toString(TestJouvence.freePort()));
        p.put("camel.management.port", Integer.toString(TestJouvence.freePort()));
        p.put("jouvence.bridge.enabled", "false");
        p.put("jouvence.web.enabled", "false");
        p.put("jouvence.server.other.url", "http://127.0.0.1:" + TestJouvence.freePort()); // nobody listens
        p.put("camel.main.tracing", "true");
        p.put("camel.main.message-history", "true");
        p.put("camel.component.http.log-http-activity", "true");
        int from = env.logs.size();
        String userToken;
        Main traced = Jouvence.create(null, p);
        traced.start();
        try (ProducerTemplate claim = traced.getCamelContext().createProducerTemplate()) {
            long ok = env.schedule("old", 2, "teacher1", false);
            claim.sendBody("direct:claimDue", null);
            env.awaitStatus(ok, Status.PERFORMED);

            env.old.archiveOverride(Kind.TRUNCATED, 1); // a download cut short: an I/O failure in the stream
            long cut = env.schedule("old", 4, "teacher1", false);
            claim.sendBody("direct:claimDue", null);
            RestoreRequest cutShort = env.await(cut, r -> r.lastErrorStep() != null, java.time.Duration.ofSeconds(30));

            long unreachable = env.schedule("other", 2, "teacher1", false);
            claim.sendBody("direct:claimDue", null);
            RestoreRequest down = env.await(unreachable, r -> r.lastErrorCode() != null, java.time.Duration.ofSeconds(30));
            assertEquals("unreachable", down.lastErrorCode(), down.lastErrorMessage());

            // The web login's form (a password) goes through the same camel-http client since issue 9.
            MoodleLogin.Outcome login = traced.getCamelContext().getRegistry()
                    .lookupByNameAndType("moodleLogin", MoodleLogin.class).login("teacher1", PASSWORD);
            assertTrue(login instanceof MoodleLogin.Ok, login.toString());
            userToken = ((MoodleLogin.Ok) login).token();

            for (RestoreRequest r : List.of(cutShort, down)) {
                for (String token : List.of(TestJouvence.OLD_TOKEN, TestJouvence.OTHER_TOKEN, TestJouvence.CLIENT_TOKEN)) {
                    assertFalse(r.lastErrorMessage().contains(token), r.lastErrorMessage());
                }
            }
        } finally {
            traced.stop();
        }
        // What was asked was logged: the tracer's lines of the download route, camel-http's requests.
        assertFalse(env.logs.linesSince(from, "download-archive").isEmpty(), "the tracer logged the download route");
        assertFalse(env.logs.linesSince(from, MoodleClient.DOWNLOAD_PATH).isEmpty(), "the download's endpoint was logged");
        assertFalse(env.logs.linesSince(from, "POST " + MoodleClient.REST_PATH).isEmpty(), "camel-http logged its requests");
        assertFalse(env.logs.linesSince(from, "wstoken=").isEmpty(), "camel-http logged the forms, masked");
        assertFalse(env.logs.linesSince(from, MoodleLogin.TOKEN_PATH).isEmpty(), "camel-http logged the login's request");
        for (String secret : List.of(TestJouvence.OLD_TOKEN, TestJouvence.OTHER_TOKEN, TestJouvence.CLIENT_TOKEN,
                PASSWORD, userToken)) {
            assertEquals(List.of(), env.logs.linesSince(from, secret), "a token or password in the logs");
        }
    }
}
