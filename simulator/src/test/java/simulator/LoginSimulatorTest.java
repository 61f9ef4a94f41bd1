package simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static simulator.Transcript.C1;
import static simulator.Transcript.S13;
import static simulator.Transcript.S15;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** login/token.php (Moodle 4.4 AJAX_SCRIPT error shape, HTTP 200 everywhere) and the user tokens it gives. */
class LoginSimulatorTest extends SimulatorTestBase {

    private static final String INVALID_LOGIN = "{\"error\":\"Invalid login, please try again\",\"errorcode\":\"invalidlogin\",\"stacktrace\":null,\"debuginfo\":null,\"reproductionlink\":null}";
    private static final String NO_SERVICE = "{\"error\":\"Web service is not available (it doesn't exist or might be disabled)\",\"errorcode\":\"servicenotavailable\",\"stacktrace\":null,\"debuginfo\":null,\"reproductionlink\":null}";

    private static String login(String... kv) throws Exception {
        Resp r = post(client, MoodleSimulator.TOKEN_PATH, kv);
        assertEquals(200, r.status());
        assertEquals(EMPTY_JSON_CT, r.header("Content-Type"));
        return r.text();
    }

    @Test
    void tokenPhpLogsInAndTheTokenIsTheUsers() throws Exception {
        String ok = login("username", "teacher1", "password", "Teacher1!", "service", "moodle_mobile_app");
        assertTrue(ok.matches("\\{\"token\":\"[0-9a-f]{32}\",\"privatetoken\":null\\}"), ok);
        String token = JSON.readTree(ok).get("token").asText();
        assertFalse(token.equals(CTOKEN));
        // same user, same token while valid; GET query parameters work too
        HttpResponse<String> get = HTTP.send(HttpRequest.newBuilder(URI.create(client.url() + MoodleSimulator.TOKEN_PATH
                + "?username=teacher1&password=Teacher1%21&service=moodle_mobile_app")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(ok, get.body());

        JsonNode info = JSON.readTree(wsWithToken(client, token, MoodleSimulator.FN_SITE_INFO));
        assertEquals("teacher1", info.get("username").asText());
        assertEquals("Tina Teacher", info.get("fullname").asText());
        assertEquals(3, info.get("userid").asInt());
        assertFalse(info.get("userissiteadmin").asBoolean());
        assertEquals("Course Client (new platform)", info.get("sitename").asText());
        assertEquals(JSON.readTree(site(C1, client)).size(), info.size(), "same fields as C1");
        // the teacher's mobile token is not the integration token
        assertEquals(S15, wsWithToken(client, token, MoodleSimulator.FN_USERS_BY_FIELD, "field", "username",
                "values[0]", "teacher1"));
        client.removeFunction(UPDATE);
        assertEquals(site(C1, client), ws(client, MoodleSimulator.FN_SITE_INFO), "integration token unchanged");

        String admin = JSON.readTree(login("username", " Admin ", "password", "Admin1!", "service",
                "moodle_mobile_app")).get("token").asText();
        JsonNode adminInfo = JSON.readTree(wsWithToken(client, admin, MoodleSimulator.FN_SITE_INFO));
        assertEquals("admin", adminInfo.get("username").asText());
        assertTrue(adminInfo.get("userissiteadmin").asBoolean());

        client.siteName("New platform");
        assertEquals("New platform", JSON.readTree(wsWithToken(client, token, MoodleSimulator.FN_SITE_INFO))
                .get("sitename").asText());
        client.revokeUserTokens();
        assertEquals(S13, wsWithToken(client, token, MoodleSimulator.FN_SITE_INFO));
        assertEquals(List.of(new MoodleSimulator.Login("teacher1", "moodle_mobile_app", "token"),
                new MoodleSimulator.Login("teacher1", "moodle_mobile_app", "token"),
                new MoodleSimulator.Login("admin", "moodle_mobile_app", "token")), client.logins());
    }

    @Test
    void everyListedAccountLogsInWithItsPasswordAndTheListFollowsChanges() throws Exception {
        List<MoodleSimulator.Account> accounts = client.accounts();
        assertEquals(List.of("admin", "student1", "teacher1", "teacher2"),
                accounts.stream().map(MoodleSimulator.Account::username).toList());
        for (MoodleSimulator.Account a : accounts) {
            String token = JSON.readTree(login("username", a.username(), "password", a.password(), "service",
                    "moodle_mobile_app")).path("token").asText();
            assertFalse(token.isEmpty(), a + " logs in");
            assertEquals(a.siteAdmin(), JSON.readTree(wsWithToken(client, token, MoodleSimulator.FN_SITE_INFO))
                    .get("userissiteadmin").asBoolean(), a + " site admin");
        }
        assertFalse(accounts.get(0).toString().contains(accounts.get(0).password()), "no password in toString");
        client.password("student1", null);
        client.siteAdmin("teacher2", true);
        assertEquals(List.of("admin", "teacher1", "teacher2"),
                client.accounts().stream().map(MoodleSimulator.Account::username).toList());
        assertTrue(client.accounts().get(2).siteAdmin());
    }

    @Test
    void tokenPhpErrors() throws Exception {
        assertEquals(INVALID_LOGIN, login("username", "teacher1", "password", "wrong", "service", "moodle_mobile_app"));
        assertEquals(INVALID_LOGIN, login("username", "nosuchuser", "password", "x", "service", "moodle_mobile_app"));
        assertEquals(INVALID_LOGIN, login("username", "ws_integration", "password", "", "service", "moodle_mobile_app"));
        // credentials are checked before the service
        assertEquals(INVALID_LOGIN, login("username", "teacher1", "password", "wrong", "service", "nosuchservice"));
        assertEquals(NO_SERVICE, login("username", "teacher1", "password", "Teacher1!", "service", "nosuchservice"));
        client.mobileService(false);
        assertEquals(NO_SERVICE, login("username", "teacher1", "password", "Teacher1!", "service", "moodle_mobile_app"));
        assertEquals("{\"error\":\"A required parameter (password) was missing\",\"errorcode\":\"missingparam\","
                + "\"stacktrace\":null,\"debuginfo\":null,\"reproductionlink\":null}",
                login("username", "teacher1", "service", "moodle_mobile_app"));
        assertEquals("{\"error\":\"A required parameter (username) was missing\",\"errorcode\":\"missingparam\","
                + "\"stacktrace\":null,\"debuginfo\":null,\"reproductionlink\":null}", login());
        assertEquals("{\"error\":\"A required parameter (service) was missing\",\"errorcode\":\"missingparam\","
                + "\"stacktrace\":null,\"debuginfo\":null,\"reproductionlink\":null}",
                login("username", "teacher1", "password", "Teacher1!"));
        assertEquals(List.of("invalidlogin", "invalidlogin", "invalidlogin", "invalidlogin", "servicenotavailable",
                "servicenotavailable", "missingparam", "missingparam", "missingparam"),
                client.logins().stream().map(MoodleSimulator.Login::outcome).toList());
        assertFalse(client.logins().toString().contains("wrong"), "passwords are never recorded");

        client.password("teacher1", "N3w!");
        client.mobileService(true);
        assertEquals(INVALID_LOGIN, login("username", "teacher1", "password", "Teacher1!", "service", "moodle_mobile_app"));
        assertTrue(login("username", "teacher1", "password", "N3w!", "service", "moodle_mobile_app").contains("\"token\""));
        client.reset();
        assertTrue(client.logins().isEmpty());
        assertTrue(login("username", "teacher1", "password", "Teacher1!", "service", "moodle_mobile_app")
                .contains("\"token\""));
        assertThrows(IllegalArgumentException.class, () -> client.password("nosuchuser", "x"));
    }
}
