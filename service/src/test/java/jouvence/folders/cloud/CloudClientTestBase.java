package jouvence.folders.cloud;

import jouvence.folders.FoldersConfig;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import simulator.cloud.CloudSimulator;
import simulator.cloud.Flavour;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A {@link CloudSimulator} per test over real sockets, with the system account {@code jouvence} (an app password) and
 * the students {@code alice} and {@code bob}, and a started CamelContext whose camel-http component carries the
 * client's calls.
 */
abstract class CloudClientTestBase {

    static final String SYS = "jouvence";
    static final String SYS_PW = "SysAppPassword-0001";
    static final String CLIENT_ID = "jouvence-client-id";
    static final String CLIENT_SECRET = "Client-Secret-0042";
    static final String REDIRECT = "https://jouvence.univ.example/folders/oauth";

    CloudSimulator sim;
    CamelContext camel;

    CloudSimulator start(Flavour flavour) throws Exception {
        sim = (flavour == Flavour.NEXTCLOUD ? CloudSimulator.nextcloud() : CloudSimulator.ownCloud10())
                .addUser(SYS, "Jouvence system", "jouvence@univ.example").appPassword(SYS, SYS_PW)
                .addUser("alice", "Alice Martin", "alice.martin@univ.example").appPassword("alice", "alice-pw")
                .addUser("bob", "Bob Durand", "bob.durand@univ.example").appPassword("bob", "bob-pw")
                .addOAuthClient(CLIENT_ID, CLIENT_SECRET, REDIRECT)
                .start();
        camel = new DefaultCamelContext();
        camel.start();
        return sim;
    }

    @AfterEach
    void stopAll() throws Exception {
        if (sim != null) {
            sim.close();
        }
        if (camel != null) {
            camel.close();
        }
    }

    static FoldersConfig.Cloud config(String url, String appPassword, String refreshToken, int ocsVersion,
                                      Duration readTimeout) {
        return new FoldersConfig.Cloud(url, SYS, appPassword, CLIENT_ID, CLIENT_SECRET, refreshToken, true,
                Duration.ofSeconds(5), readTimeout, ocsVersion, 1024 * 1024);
    }

    /** The client as the system account with its app password, OCS v2. */
    CloudClient client() {
        return client(2);
    }

    CloudClient client(int ocsVersion) {
        return new CloudClient(camel, config(sim.url(), SYS_PW, "", ocsVersion, Duration.ofSeconds(20)),
                new RefreshTokenStore.InMemory(), Clock.systemUTC());
    }

    /**
     * The participant's side of the authorisation: the browser follows {@link CloudOAuth#authorizeUrl}, the cloud
     * (where {@code user} is logged in) redirects to the callback with the code, which is returned.
     */
    String authorise(CloudClient client, String user) throws Exception {
        sim.authorizeAs(user);
        HttpResponse<Void> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(client.oauth().authorizeUrl("state-42", REDIRECT))).build(),
                HttpResponse.BodyHandlers.discarding());
        assertEquals(303, r.statusCode());
        String location = r.headers().firstValue("Location").orElseThrow();
        Matcher m = Pattern.compile("^" + Pattern.quote(REDIRECT) + "\\?state=state-42&code=(\\w+)$").matcher(location);
        if (!m.matches()) {
            throw new AssertionError("unexpected redirect " + location);
        }
        return m.group(1);
    }

    /** Runs a call that must fail and returns the fault. */
    static CloudFault fault(CloudFault.Reason reason, Action call) {
        CloudFault f = assertThrows(CloudFault.class, call::run);
        assertEquals(reason, f.reason(), f.getMessage());
        assertEquals(reason.kind(), f.kind());
        return f;
    }

    interface Action {
        void run() throws Exception;
    }

    long calls(String method) {
        return sim.calls().stream().filter(c -> c.method().equals(method)).count();
    }
}
