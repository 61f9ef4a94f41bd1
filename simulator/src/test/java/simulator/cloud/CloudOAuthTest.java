package simulator.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.JsonNode;

/** OAuth 2 authorisation-code flow, refresh rotation, bearer use, who-am-I and the sharees search. */
class CloudOAuthTest extends CloudTestBase {

    static final String CLIENT = "jouvence-client";
    static final String SECRET = "client-secret-0001";
    static final String REDIRECT = "https://jouvence.example/folders/oauth";

    private String authorize(String state) throws Exception {
        Resp r = call("GET", "/index.php/apps/oauth2/authorize?response_type=code&client_id=" + CLIENT
                + "&redirect_uri=" + java.net.URLEncoder.encode(REDIRECT, StandardCharsets.UTF_8)
                + "&state=" + java.net.URLEncoder.encode(state, StandardCharsets.UTF_8), null, null);
        assertEquals(303, r.status(), r.body());
        return r.header("Location");
    }

    private static Map<String, String> query(String location) {
        Map<String, String> m = new HashMap<>();
        for (String kv : URI.create(location).getRawQuery().split("&")) {
            String[] p = kv.split("=", 2);
            m.put(p[0], URLDecoder.decode(p[1], StandardCharsets.UTF_8));
        }
        return m;
    }

    private Resp token(String... form) throws Exception {
        return call("POST", "/index.php/apps/oauth2/api/v1/token", basic(CLIENT, SECRET), form(form),
                "Content-Type", "application/x-www-form-urlencoded");
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void authorisationCodeFlowRefreshAndBearerUse(Flavour f) throws Exception {
        start(f).addOAuthClient(CLIENT, SECRET, REDIRECT);
        assertTrue(authorize("s1").startsWith("/index.php/login?redirect_url="), "nobody logged in: login page");

        sim.authorizeAs("alice");
        String location = authorize("xyz 1");
        assertTrue(location.startsWith(REDIRECT + "?"), location);
        Map<String, String> q = query(location);
        assertEquals("xyz 1", q.get("state"));
        Resp tok = token("grant_type", "authorization_code", "code", q.get("code"), "redirect_uri", REDIRECT);
        assertEquals(200, tok.status(), tok.body());
        JsonNode t = tok.json();
        assertEquals("alice", t.get("user_id").asText());
        assertEquals("Bearer", t.get("token_type").asText());
        assertEquals(3600, t.get("expires_in").asInt());
        String access = t.get("access_token").asText();
        String refresh = t.get("refresh_token").asText();

        Resp reuse = token("grant_type", "authorization_code", "code", q.get("code"), "redirect_uri", REDIRECT);
        assertEquals(400, reuse.status());
        assertEquals("invalid_request", reuse.json().get("error").asText());
        Resp badClient = call("POST", "/index.php/apps/oauth2/api/v1/token", basic(CLIENT, "wrong"),
                form("grant_type", "refresh_token", "refresh_token", refresh), "Content-Type",
                "application/x-www-form-urlencoded");
        assertEquals("invalid_client", badClient.json().get("error").asText());

        Resp me = call("GET", "/ocs/v2.php/cloud/user?format=json", "Bearer " + access, null); // no OCS header
        assertEquals(200, me.status(), me.body());
        assertEquals("alice", me.json().at("/ocs/data/id").asText());
        assertEquals("Alice Martin", me.json().at("/ocs/data/display-name").asText());
        assertEquals(207, propfind("Bearer " + access, dav("alice"), "0", null).status());

        // the participant renames the share's mount with their own token; the owner's folder keeps its name
        long folder = sim.mkdirs(SYS, "/Set/Team A");
        sim.share(SYS, "/Set/Team A", "alice", 31);
        assertEquals(201, move("Bearer " + access, dav("alice") + "/Team%20A", dav("alice") + "/My%20team", "F")
                .status());
        assertEquals(folder, sim.fileId("alice", "/My team"));
        assertEquals(folder, sim.fileId(SYS, "/Set/Team A"));
        assertEquals(401, move("Bearer " + access + "x", dav("alice") + "/My%20team", dav("alice") + "/Other", "F")
                .status());

        Resp refreshed = token("grant_type", "refresh_token", "refresh_token", refresh);
        assertEquals(200, refreshed.status());
        String access2 = refreshed.json().get("access_token").asText();
        assertNotEquals(refresh, refreshed.json().get("refresh_token").asText());
        assertEquals(401, propfind("Bearer " + access, dav("alice"), "0", null).status()); // rotated away
        assertEquals(400, token("grant_type", "refresh_token", "refresh_token", refresh).status());
        assertEquals(207, propfind("Bearer " + access2, dav("alice"), "0", null).status());
        sim.expireAccessTokens();
        assertEquals(401, propfind("Bearer " + access2, dav("alice"), "0", null).status());
        assertEquals("invalid_grant", token("grant_type", "password").json().get("error").asText());
        assertTrue(sim.calls().stream().filter(c -> c.path().startsWith("/index.php/apps/oauth2/"))
                .allMatch(c -> c.query() == null), "no OAuth parameter is logged");
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void shareesSearchExactAndPartialByIdNameAndEmail(Flavour f) throws Exception {
        start(f);
        sim.addUser("alicia", "Alicia Keys", "ak@other.example");
        JsonNode byEmail = ocs("GET", "/ocs/v2.php/apps/files_sharing/api/v1/sharees?format=json&itemType=folder"
                + "&search=alice.martin%40univ.example", sys()).json().at("/ocs/data");
        assertEquals(1, byEmail.at("/exact/users").size());
        assertEquals("alice", byEmail.at("/exact/users/0/value/shareWith").asText());
        assertEquals(0, byEmail.at("/exact/users/0/value/shareType").asInt());
        assertEquals(0, byEmail.at("/users").size());
        assertEquals(6, byEmail.at("/exact/remotes/0/value/shareType").asInt()); // the federated guess, not a user

        JsonNode partial = ocs("GET", "/ocs/v2.php/apps/files_sharing/api/v1/sharees?format=json&itemType=folder"
                + "&search=ali", sys()).json().at("/ocs/data");
        assertEquals(0, partial.at("/exact/users").size());
        assertEquals(2, partial.at("/users").size());
        JsonNode byName = ocs("GET", "/ocs/v2.php/apps/files_sharing/api/v1/sharees?format=json&itemType=folder"
                + "&search=bob%20durand", sys()).json().at("/ocs/data");
        assertEquals("bob", byName.at("/exact/users/0/value/shareWith").asText());
        assertEquals(f == Flavour.NEXTCLOUD, byName.has("lookupEnabled"));
        Resp noType = ocs("GET", "/ocs/v2.php/apps/files_sharing/api/v1/sharees?format=json&search=bob", sys());
        assertEquals(400, noType.status());
        assertEquals("Missing itemType", noType.json().at("/ocs/meta/message").asText());
    }
}
