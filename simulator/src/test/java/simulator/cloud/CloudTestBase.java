package simulator.cloud;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.AfterEach;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Real HTTP over sockets against a {@link CloudSimulator} per test: the system account {@code jouvence} (app password),
 * students {@code alice} and {@code bob}; helpers for WebDAV and OCS calls.
 */
abstract class CloudTestBase {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SYS = "jouvence";
    static final String SYS_PW = "SysAppPassword-0001";
    static final String SHARES_V1 = "/ocs/v1.php/apps/files_sharing/api/v1/shares";
    static final String SHARES_V2 = "/ocs/v2.php/apps/files_sharing/api/v1/shares";

    CloudSimulator sim;

    CloudSimulator start(Flavour flavour) {
        sim = (flavour == Flavour.NEXTCLOUD ? CloudSimulator.nextcloud() : CloudSimulator.ownCloud10())
                .addUser(SYS, "Jouvence system", "jouvence@univ.example").appPassword(SYS, SYS_PW)
                .addUser("alice", "Alice Martin", "alice.martin@univ.example").appPassword("alice", "alice-pw")
                .addUser("bob", "Bob Durand", "bob.durand@univ.example").appPassword("bob", "bob-pw")
                .start();
        return sim;
    }

    @AfterEach
    void stopSim() {
        if (sim != null) {
            sim.close();
        }
    }

    record Resp(int status, HttpResponse<String> raw) {
        String body() {
            return raw.body();
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        List<String> headers(String name) {
            return raw.headers().allValues(name);
        }

        JsonNode json() throws Exception {
            return JSON.readTree(raw.body());
        }
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    String sys() {
        return basic(SYS, SYS_PW);
    }

    /** Any request: {@code headers} as name, value pairs; a null auth sends none. */
    Resp call(String method, String pathAndQuery, String auth, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.url() + pathAndQuery))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (auth != null) {
            b.header("Authorization", auth);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Resp(r.statusCode(), r);
    }

    String dav(String user) {
        return "/remote.php/dav/files/" + user;
    }

    Resp mkcol(String auth, String path) throws Exception {
        return call("MKCOL", path, auth, null);
    }

    Resp propfind(String auth, String path, String depth, String body) throws Exception {
        return depth == null ? call("PROPFIND", path, auth, body)
                : call("PROPFIND", path, auth, body, "Depth", depth);
    }

    Resp move(String auth, String from, String to, String overwrite) throws Exception {
        return overwrite == null ? call("MOVE", from, auth, null, "Destination", sim.url() + to)
                : call("MOVE", from, auth, null, "Destination", sim.url() + to, "Overwrite", overwrite);
    }

    static final String PROPS = "<?xml version=\"1.0\"?><d:propfind xmlns:d=\"DAV:\" xmlns:oc=\"http://owncloud.org/ns\">"
            + "<d:prop><d:resourcetype/><oc:fileid/><oc:permissions/><oc:size/><d:getetag/><oc:nothere/></d:prop>"
            + "</d:propfind>";

    /** An OCS call with {@code OCS-APIRequest: true}, form body for POST. */
    Resp ocs(String method, String pathAndQuery, String auth, String... form) throws Exception {
        return call(method, pathAndQuery, auth, form.length == 0 ? null : form(form), "OCS-APIRequest", "true",
                "Content-Type", "application/x-www-form-urlencoded");
    }

    static String form(String... kv) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < kv.length; i += 2) {
            parts.add(URLEncoder.encode(kv[i], StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(kv[i + 1], StandardCharsets.UTF_8));
        }
        return String.join("&", parts);
    }

    /** Creates a user share through OCS v2 JSON as the system account and returns its data object. */
    JsonNode shareV2(String path, String with) throws Exception {
        Resp r = ocs("POST", SHARES_V2 + "?format=json", sys(), "path", path, "shareType", "0", "shareWith", with,
                "permissions", "31");
        if (r.status() != 200) {
            throw new AssertionError(r.status() + " " + r.body());
        }
        return r.json().get("ocs").get("data");
    }

    /** Counts {@code <d:response>} elements of a multistatus. */
    static int responses(String multistatus) {
        return multistatus.split("<d:response>", -1).length - 1;
    }
}
