package jouvence.userdata;

import com.fasterxml.jackson.databind.JsonNode;
import jouvence.TestJouvence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * jouvence.user-data.on-first-login: a person's first login on Jouvence's pages (the new platform's login) asks an
 * import under the username the site info gave; a second login asks nothing more.
 */
class UserDataFirstLoginTest {

    private static UserDataJouvence jouvence;

    @BeforeAll
    static void start() throws Exception {
        jouvence = new UserDataJouvence(Map.of("jouvence.user-data.on-first-login", "true"));
        jouvence.reset();
    }

    @AfterAll
    static void stop() throws Exception {
        jouvence.close();
    }

    private static HttpClient login(String username, String password) throws Exception {
        HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        String form = http.send(HttpRequest.newBuilder(uri("/login")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(form);
        assertTrue(m.find(), form);
        String body = "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&csrf=" + m.group(1);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(303, r.statusCode(), r.body());
        return http;
    }

    private static HttpResponse<String> get(HttpClient http, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Accept-Language", "en").GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + jouvence.apiPort + path);
    }

    @Test
    void the_first_login_imports_the_persons_data_once() throws Exception {
        jouvence.client.password("teacher1", "Teacher1!");
        login("  TEACHER1 ", "Teacher1!"); // Moodle cleans the username: the site info's is used
        JsonNode list = TestJouvence.poll(Duration.ofSeconds(10), () -> jouvence.api("GET",
                "/api/v1/user-data-imports?username=teacher1", null).json(), n -> n.get("imports").size() == 1);
        assertEquals(1, list.get("imports").size(), list.toPrettyString());
        JsonNode first = list.get("imports").get(0);
        assertEquals("teacher1", first.get("username").asText());
        assertEquals("first-login", first.get("origin").asText());
        JsonNode done = jouvence.finished(first.get("id").asLong());
        assertEquals("performed", done.get("state").asText(), done.toPrettyString());
        assertEquals("Strasbourg", jouvence.client.userData().field("teacher1", "city"));
        login("teacher1", "Teacher1!"); // the hook runs within the login's answer: a second import would be there now
        assertEquals(1, jouvence.api("GET", "/api/v1/user-data-imports?username=teacher1", null).json()
                .get("imports").size());
    }

    @Test
    void the_console_asks_an_import_and_shows_its_warnings_and_trail_to_admins_only() throws Exception {
        jouvence.client.password("admin", "Admin1!");
        jouvence.client.siteAdmin("admin", true);
        jouvence.client.password("teacher2", "Teacher2!");
        HttpClient teacher = login("teacher2", "Teacher2!");
        assertEquals(403, get(teacher, "/admin/user-data").statusCode());
        HttpClient admin = login("admin", "Admin1!");
        String page = get(admin, "/admin/user-data").body();
        assertTrue(page.contains("id=\"user-data-ask\""), page);
        Matcher csrf = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page);
        assertTrue(csrf.find());
        HttpResponse<String> asked = admin.send(HttpRequest.newBuilder(uri("/admin/user-data"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(
                        "csrf=" + csrf.group(1) + "&server=old&username=teacher1")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(303, asked.statusCode(), asked.body());
        String location = asked.headers().firstValue("Location").orElseThrow();
        assertTrue(location.matches("/admin/user-data/\\d+"), location);
        jouvence.finished(Long.parseLong(location.substring(location.lastIndexOf('/') + 1)));
        String detail = get(admin, location).body();
        assertTrue(detail.contains("data-state=\"performed\""), detail);
        assertTrue(detail.contains("preference timeformat not written"), detail);
        assertTrue(detail.contains("class=\"event outcome-ok\""), detail);
        assertTrue(get(admin, "/admin/user-data").body().contains("data-import=\""
                + location.substring(location.lastIndexOf('/') + 1) + "\""));
        assertTrue(get(admin, "/admin").body().contains("id=\"user-data-admin-link\""));
    }
}
