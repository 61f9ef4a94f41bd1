package jouvence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jouvence.courses.RestoreRequest;
import jouvence.courses.Status;
import jouvence.moodle.SiteHealth;
import jouvence.observe.HealthChecks;
import jouvence.observe.Metrics;
import org.apache.camel.health.HealthCheckRegistry;
import simulator.MoodleSimulator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The admin REST API over real HTTP: authentication, validation, the views, the queue, sites, health and metrics. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REQUESTS = "/api/v1/restore-requests";
    private static final String VALID = "{\"server\":\"old\",\"remoteCourseId\":2,\"requester\":\"teacher1\"}";

    private final TestJouvence env = TestJouvence.get();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeEach
    void reset() throws Exception {
        env.reset();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Helpers

    private record Reply(int status, JsonNode json, String body) {
    }

    /** A request to the API port with any Authorization header (null = none). */
    private Reply call(String method, String path, String body, String authorization) throws Exception {
        return call(env.apiPort, method, path, body, authorization);
    }

    private Reply call(int port, String method, String path, String body, String authorization) throws Exception {
        List<String> headers = new ArrayList<>();
        if (body != null) {
            headers.addAll(List.of("Content-Type", "application/json"));
        }
        if (authorization != null) {
            headers.addAll(List.of("Authorization", authorization));
        }
        return send(port, method, path, body, headers.toArray(String[]::new));
    }

    private Reply authed(String method, String path, String body) throws Exception {
        return call(method, path, body, "Bearer " + TestJouvence.API_TOKEN);
    }

    private Reply list(String query) throws Exception {
        Reply r = authed("GET", REQUESTS + query, null);
        assertEquals(200, r.status(), r.body());
        return r;
    }

    private Reply create(String json) throws Exception {
        Reply r = authed("POST", REQUESTS, json);
        assertEquals(201, r.status(), "expected 201 for " + json + ": " + r.body());
        return r;
    }

    private static String request(String server, Object course, String requester) {
        return "{\"server\":\"" + server + "\",\"remoteCourseId\":" + course + ",\"requester\":\"" + requester + "\"}";
    }

    /** The queue as the API lists it with the right token. */
    private JsonNode queued() throws Exception {
        Reply r = list("?limit=500");
        assertNotNull(r.json(), r.body());
        return r.json().get("requests");
    }

    private void assertNothingQueued() throws Exception {
        JsonNode rows = queued();
        assertTrue(rows.isArray() && rows.isEmpty(), "nothing may be queued: " + rows);
        assertTrue(env.requests.list(null, null, null, 500, 0).isEmpty(), "nothing in the database either");
    }

    private static void assertErrorMessage(Reply r, int status, String... fragments) {
        assertEquals(status, r.status(), r.body());
        assertNotNull(r.json(), "the answer is JSON: " + r.body());
        JsonNode error = r.json().get("error");
        assertNotNull(error, "the answer has an 'error' message: " + r.body());
        assertTrue(error.isTextual() && !error.asText().isBlank(), "the 'error' message is not blank: " + r.body());
        for (String fragment : fragments) {
            assertTrue(error.asText().contains(fragment), "the message names '" + fragment + "': " + error.asText());
        }
    }

    private static List<String> names(JsonNode rows, String field) {
        List<String> out = new ArrayList<>();
        rows.forEach(r -> out.add(r.get(field).asText()));
        return out;
    }

    private SiteHealth siteHealth() {
        return env.camel.getRegistry().lookupByNameAndType("siteHealth", SiteHealth.class);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Authentication

    static Stream<Arguments> protectedEndpoints() {
        List<Arguments> out = new ArrayList<>();
        String[][] endpoints = {
                {"POST", REQUESTS, VALID},
                {"GET", REQUESTS, null},
                {"GET", REQUESTS + "/1", null},
                {"POST", "/api/v1/queue/run", null},
                {"GET", "/api/v1/sites", null},
        };
        String basic = "Basic " + Base64.getEncoder().encodeToString(
                ("admin:" + TestJouvence.API_TOKEN).getBytes(StandardCharsets.UTF_8));
        for (String[] e : endpoints) {
            out.add(Arguments.of(e[0], e[1], e[2], "no Authorization header", null));
            out.add(Arguments.of(e[0], e[1], e[2], "a wrong bearer token", "Bearer wrong-" + TestJouvence.API_TOKEN));
            out.add(Arguments.of(e[0], e[1], e[2], "a truncated bearer token",
                    "Bearer " + TestJouvence.API_TOKEN.substring(0, TestJouvence.API_TOKEN.length() - 1)));
            out.add(Arguments.of(e[0], e[1], e[2], "Basic credentials carrying the token", basic));
            out.add(Arguments.of(e[0], e[1], e[2], "the bare token without 'Bearer'", TestJouvence.API_TOKEN));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} with {3} is refused with 401 and queues nothing")
    @MethodSource("protectedEndpoints")
    void a_call_without_the_right_bearer_token_is_refused_with_401(String method, String path, String body,
                                                                   String what, String authorization) throws Exception {
        Reply r = call(method, path, body, authorization);
        assertErrorMessage(r, 401);
        assertTrue(r.json().get("error").asText().toLowerCase().contains("token"), r.body());
        assertFalse(r.body().contains("\"requests\""), "no listing leaks out: " + r.body());
        assertFalse(r.body().contains("\"sitename\""), "no site leaks out: " + r.body());
        assertNothingQueued();
    }

    @Test
    void a_401_does_not_reveal_an_existing_request() throws Exception {
        long id = env.schedule("old", 2, "teacher1", false);
        Reply r = call("GET", REQUESTS + "/" + id, null, "Bearer nope");
        assertErrorMessage(r, 401);
        assertFalse(r.body().contains("teacher1"), r.body());
        Reply listed = call("GET", REQUESTS, null, "Bearer nope");
        assertErrorMessage(listed, 401);
        assertFalse(listed.body().contains("teacher1"), listed.body());
        assertEquals(1, queued().size(), "the existing request is untouched");
    }

    /** A request with any headers (name, value, ...) and an optional body, its Content-Type among the headers. */
    private Reply raw(String method, String path, String body, String... headers) throws Exception {
        return send(env.apiPort, method, path, body, headers);
    }

    private Reply send(int port, String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = null;
        try {
            json = JSON.readTree(r.body());
        } catch (IOException notJson) {
            // the assertions look at the raw body
        }
        return new Reply(r.statusCode(), json, r.body());
    }

    @Test
    void the_token_counts_only_in_the_authorization_header_never_in_the_query_or_a_form_field() throws Exception {
        env.schedule("old", 2, "teacher1", false);
        String bearer = java.net.URLEncoder.encode("Bearer " + TestJouvence.API_TOKEN, StandardCharsets.UTF_8);
        Reply inQuery = raw("GET", REQUESTS + "?Authorization=" + bearer, null);
        assertErrorMessage(inQuery, 401, "token");
        assertFalse(inQuery.body().contains("teacher1"), inQuery.body());
        Reply inForm = raw("POST", REQUESTS, "Authorization=" + bearer + "&server=old&remoteCourseId=3"
                + "&requester=teacher1", "Content-Type", "application/x-www-form-urlencoded");
        assertErrorMessage(inForm, 401, "token");
        Reply runInForm = raw("POST", "/api/v1/queue/run", "Authorization=" + bearer,
                "Content-Type", "application/x-www-form-urlencoded");
        assertErrorMessage(runInForm, 401, "token");
        assertEquals(1, queued().size(), "nothing more queued");
    }

    @Test
    void list_filters_come_from_the_query_string_only_not_from_request_headers() throws Exception {
        create(request("old", 2, "teacher1"));
        create(request("old", 3, "teacher2"));
        Reply r = raw("GET", REQUESTS, null, "Authorization", "Bearer " + TestJouvence.API_TOKEN,
                "limit", "1", "requester", "teacher2", "status", "nonsense");
        assertEquals(200, r.status(), r.body());
        assertEquals(50, r.json().get("limit").asInt(), r.body());
        assertEquals(2, r.json().get("requests").size(), r.body());
        Reply filtered = list("?requester=teacher2&limit=1");
        assertEquals(List.of("teacher2"), names(filtered.json().get("requests"), "requester"));
    }

    @Test
    void the_request_id_comes_from_the_path_not_from_a_header_or_a_query_parameter() throws Exception {
        long first = create(request("old", 2, "teacher1")).json().get("id").asLong();
        long second = create(request("old", 3, "teacher2")).json().get("id").asLong();
        Reply r = raw("GET", REQUESTS + "/" + first + "?id=" + second, null,
                "Authorization", "Bearer " + TestJouvence.API_TOKEN, "id", Long.toString(second));
        assertEquals(200, r.status(), r.body());
        assertEquals(first, r.json().get("id").asLong(), r.body());
        Reply cancel = raw("POST", REQUESTS + "/" + first + "/cancel?id=" + second, null,
                "Authorization", "Bearer " + TestJouvence.API_TOKEN, "id", Long.toString(second));
        assertEquals(first, cancel.json().get("id").asLong(), cancel.body());
        assertEquals(Status.SCHEDULED, env.request(second).status(), "the other request is untouched");
    }

    @Test
    void a_json_body_with_a_duplicate_key_is_a_400_and_queues_nothing() throws Exception {
        Reply r = authed("POST", REQUESTS,
                "{\"server\":\"old\",\"remoteCourseId\":2,\"remoteCourseId\":3,\"requester\":\"teacher1\"}");
        assertErrorMessage(r, 400, "remoteCourseId", "uplicate");
        assertNothingQueued();
        long id = create(VALID).json().get("id").asLong();
        Reply category = authed("POST", REQUESTS + "/" + id + "/category",
                "{\"category\":\"default\",\"category\":\"original\"}");
        assertErrorMessage(category, 400, "uplicate");
        assertEquals("default", env.request(id).category(), "the category is unchanged");
    }

    @Test
    void a_body_that_is_not_json_by_its_content_type_is_a_415_with_a_message() throws Exception {
        String token = "Bearer " + TestJouvence.API_TOKEN;
        Reply plain = raw("POST", REQUESTS, VALID, "Authorization", token, "Content-Type", "text/plain");
        assertErrorMessage(plain, 415, "application/json", "text/plain");
        Reply none = raw("POST", REQUESTS, VALID, "Authorization", token);
        assertErrorMessage(none, 415, "application/json");
        assertNothingQueued();
        Reply charset = raw("POST", REQUESTS, VALID, "Authorization", token,
                "Content-Type", "Application/JSON; charset=utf-8");
        assertEquals(201, charset.status(), charset.body());
        long id = charset.json().get("id").asLong();
        Reply category = raw("POST", REQUESTS + "/" + id + "/category", "{\"category\":\"original\"}",
                "Authorization", token, "Content-Type", "text/plain");
        assertErrorMessage(category, 415, "application/json");
        assertEquals("default", env.request(id).category());
        Reply wrongToken = raw("POST", REQUESTS, VALID, "Authorization", "Bearer nope", "Content-Type", "text/plain");
        assertEquals(401, wrongToken.status(), "the token is checked first: " + wrongToken.body());
    }

    @Test
    void a_course_id_beyond_moodles_ten_digits_is_a_400_and_one_beyond_2_pow_31_is_taken() throws Exception {
        assertErrorMessage(authed("POST", REQUESTS, request("old", "10000000000", "teacher1")), 400,
                "remoteCourseId", "9999999999");
        assertErrorMessage(authed("POST", REQUESTS, request("old", Long.MAX_VALUE, "teacher1")), 400,
                "remoteCourseId");
        assertNothingQueued();
        assertErrorMessage(authed("POST", REQUESTS, request("old", 2147483648L, "teacher1")), 400,
                "course 2147483648 does not exist on server old"); // valid, and looked up: the simulator has none
        env.old.failNextCalls(MoodleSimulator.FN_COURSES_BY_FIELD, 1, 503); // the server cannot say: taken
        Reply big = create(request("old", 2147483648L, "teacher1"));
        assertEquals(2147483648L, big.json().get("remoteCourseId").asLong(), big.body());
    }

    @Test
    void api_answers_are_never_cached() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + env.apiPort
                + REQUESTS)).header("Authorization", "Bearer " + TestJouvence.API_TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse("(none)"));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Paths and methods no route serves

    private HttpResponse<String> exchange(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + env.apiPort + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + TestJouvence.API_TOKEN);
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode assertJsonError(HttpResponse<String> r, int status, String... fragments) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                "JSON, like every answer of the API: " + r.headers().map());
        assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse("(none)"));
        JsonNode json = JSON.readTree(r.body());
        assertEquals(status, json.path("status").asInt(), r.body());
        for (String fragment : fragments) {
            assertTrue(json.path("error").asText().contains(fragment), "the message names '" + fragment + "': "
                    + r.body());
        }
        return json;
    }

    @ParameterizedTest(name = "{0} {1} is a JSON 404")
    @org.junit.jupiter.params.provider.CsvSource({
            "GET, /api/v1/nope", "GET, /api/nope", "GET, /api", "POST, /api/v1/restore-requests/1/nope",
            "DELETE, /api/v2/restore-requests"})
    void an_unknown_path_under_the_api_is_a_json_404_naming_it(String method, String path) throws Exception {
        assertJsonError(exchange(method, path, null), 404, path);
    }

    @ParameterizedTest(name = "{0} {1} is a JSON 405 allowing {2}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "PUT    | /api/v1/restore-requests         | GET, POST",
            "DELETE | /api/v1/restore-requests/1       | GET",
            "GET    | /api/v1/queue/run                | POST",
            "GET    | /api/v1/restore-requests/1/retry | POST",
            "POST   | /api/v1/sites                    | GET"})
    void a_wrong_method_on_a_known_path_is_a_json_405_with_the_allowed_methods(String method, String path,
                                                                               String allowed) throws Exception {
        HttpResponse<String> r = exchange(method, path, method.equals("GET") ? null : "{}");
        assertJsonError(r, 405, method, path, allowed);
        assertEquals(allowed, r.headers().firstValue("Allow").orElse("(none)"), r.headers().map().toString());
    }

    @Test
    void the_pages_answer_an_unknown_path_or_a_wrong_method_with_a_page_not_an_empty_body() throws Exception {
        HttpResponse<String> missing = exchange("GET", "/no-such-page", null);
        assertEquals(404, missing.statusCode());
        assertTrue(missing.headers().firstValue("Content-Type").orElse("").startsWith("text/html"),
                missing.headers().map().toString());
        assertTrue(missing.body().contains("/no-such-page"), missing.body());
        HttpResponse<String> wrong = exchange("DELETE", "/login", null);
        assertEquals(405, wrong.statusCode());
        assertTrue(wrong.headers().firstValue("Content-Type").orElse("").startsWith("text/html"),
                wrong.headers().map().toString());
        assertTrue(wrong.body().contains("DELETE"), wrong.body());
        assertEquals("GET, POST", wrong.headers().firstValue("Allow").orElse("(none)"));
    }

    @Test
    void a_body_past_the_servers_limit_is_a_json_413_naming_the_limit() throws Exception {
        String body = VALID.substring(0, VALID.length() - 1) + " ".repeat(1_100_000) + "}";
        assertJsonError(exchange("POST", REQUESTS, body), 413, "1048576");
        assertNothingQueued();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Validation

    static Stream<Arguments> badBodies() {
        String ok = "\"server\":\"old\",\"remoteCourseId\":2,\"requester\":\"teacher1\"";
        return Stream.of(
                Arguments.of("an empty body", "", "empty"),
                Arguments.of("malformed JSON", "{\"server\":", "JSON"),
                Arguments.of("a JSON array", "[" + VALID + "]", "JSON object"),
                Arguments.of("a JSON string", "\"old\"", "JSON object"),
                Arguments.of("an unknown field 'servr'",
                        "{\"servr\":\"old\",\"remoteCourseId\":2,\"requester\":\"teacher1\"}", "servr"),
                Arguments.of("a missing server", "{\"remoteCourseId\":2,\"requester\":\"teacher1\"}", "server"),
                Arguments.of("an unknown server 'nope'", request("nope", 2, "teacher1"), "nope"),
                Arguments.of("a server given as a URL", request("http://127.0.0.1:8081", 2, "teacher1"), "server"),
                Arguments.of("the old server's real URL", "{\"server\":\"" + TestJouvence.get().old.url()
                        + "\",\"remoteCourseId\":2,\"requester\":\"teacher1\"}", "server"),
                Arguments.of("a server given as a number", "{\"server\":1,\"remoteCourseId\":2,\"requester\":\"teacher1\"}",
                        "server"),
                Arguments.of("a missing remoteCourseId", "{\"server\":\"old\",\"requester\":\"teacher1\"}", "remoteCourseId"),
                Arguments.of("remoteCourseId as the string \"4\"", request("old", "\"4\"", "teacher1"), "remoteCourseId"),
                Arguments.of("remoteCourseId as \"abc\"", request("old", "\"abc\"", "teacher1"), "remoteCourseId"),
                Arguments.of("remoteCourseId 0", request("old", 0, "teacher1"), "remoteCourseId"),
                Arguments.of("remoteCourseId -3", request("old", -3, "teacher1"), "remoteCourseId"),
                Arguments.of("remoteCourseId 4.5", request("old", 4.5, "teacher1"), "remoteCourseId"),
                Arguments.of("remoteCourseId null", request("old", null, "teacher1"), "remoteCourseId"),
                Arguments.of("remoteCourseId beyond a long", request("old", "99999999999999999999", "teacher1"),
                        "remoteCourseId"),
                Arguments.of("a missing requester", "{\"server\":\"old\",\"remoteCourseId\":2}", "requester"),
                Arguments.of("a blank requester", request("old", 2, "   "), "requester"),
                Arguments.of("a requester with a space", request("old", 2, "teacher 1"), "requester"),
                Arguments.of("a requester of 101 characters", request("old", 2, "t".repeat(101)), "requester"),
                Arguments.of("withUserData as \"yes\"", "{" + ok + ",\"withUserData\":\"yes\"}", "withUserData"),
                Arguments.of("withUserData as 1", "{" + ok + ",\"withUserData\":1}", "withUserData"),
                Arguments.of("enrolmentMode \"sometimes\"", "{" + ok + ",\"enrolmentMode\":\"sometimes\"}", "enrolmentMode"),
                Arguments.of("enrolmentMode as the number 2", "{" + ok + ",\"enrolmentMode\":2}", "enrolmentMode"),
                Arguments.of("category \"elsewhere\"", "{" + ok + ",\"category\":\"elsewhere\"}", "category"),
                Arguments.of("category -1", "{" + ok + ",\"category\":-1}", "category"),
                Arguments.of("category 0", "{" + ok + ",\"category\":0}", "category"),
                Arguments.of("category \"0\"", "{" + ok + ",\"category\":\"0\"}", "category"),
                Arguments.of("category 2.5", "{" + ok + ",\"category\":2.5}", "category"));
    }

    @ParameterizedTest(name = "{0} is refused with 400 naming {2}, and nothing is queued")
    @MethodSource("badBodies")
    void an_invalid_request_is_refused_with_a_message_naming_the_bad_field(String what, String body, String names)
            throws Exception {
        Reply r = authed("POST", REQUESTS, body);
        assertErrorMessage(r, 400, names);
        assertEquals(400, r.json().get("status").asInt(), r.body());
        assertNothingQueued();
    }

    @Test
    void a_body_larger_than_the_api_limit_is_refused_with_400_mentioning_the_size() throws Exception {
        String body = VALID.substring(0, VALID.length() - 1) + ",\"category\":\"default\"" + " ".repeat(70_000) + "}";
        assertTrue(body.length() > 65_536 && body.length() < 1_048_576);
        Reply r = authed("POST", REQUESTS, body);
        assertErrorMessage(r, 400, "65536");
        assertTrue(r.json().get("error").asText().contains("larger"), r.body());
        assertNothingQueued();
    }

    @Test
    void a_body_exactly_at_the_api_limit_is_still_accepted() throws Exception {
        String head = VALID.substring(0, VALID.length() - 1);
        String body = head + " ".repeat(65_536 - head.length() - 1) + "}";
        assertEquals(65_536, body.getBytes(StandardCharsets.UTF_8).length);
        create(body);
    }

    @Test
    void a_body_over_the_servers_one_mebibyte_limit_is_refused_with_a_4xx() throws Exception {
        String body = VALID.substring(0, VALID.length() - 1) + " ".repeat(1_100_000) + "}";
        Reply r;
        try {
            r = authed("POST", REQUESTS, body);
        } catch (IOException e) {
            throw new AssertionError("the server should answer a 4xx, not drop the connection: " + e, e);
        }
        assertTrue(r.status() >= 400 && r.status() < 500, "a 4xx, got " + r.status() + " " + r.body());
        assertEquals(413, r.status(), "the HTTP server's own limit answers 413 Payload Too Large: " + r.body());
        assertNothingQueued();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Creation

    @Test
    void a_valid_request_is_created_with_201_and_the_defaults() throws Exception {
        Reply r = create(VALID);
        JsonNode v = r.json();
        assertTrue(v.get("id").isIntegralNumber() && v.get("id").asLong() > 0, r.body());
        assertEquals("scheduled", v.get("status").asText());
        assertEquals(0, v.get("statusCode").asInt());
        assertTrue(v.get("statusCode").isInt(), r.body());
        assertEquals("old", v.get("server").asText());
        assertEquals(2, v.get("remoteCourseId").asLong());
        assertTrue(v.get("remoteCourseId").isIntegralNumber(), r.body());
        assertEquals("teacher1", v.get("requester").asText());
        assertFalse(v.get("withUserData").asBoolean());
        assertTrue(v.get("withUserData").isBoolean(), r.body());
        assertEquals("always", v.get("enrolmentMode").asText());
        assertEquals("default", v.get("category").asText());
        assertTrue(v.get("restoredCourseId").isNull(), r.body());
        assertFalse(v.has("events"), "the creation answer has no event trail: " + r.body());

        RestoreRequest stored = env.request(v.get("id").asLong());
        assertEquals(Status.SCHEDULED, stored.status());
        assertEquals(2, stored.enrolmentMode(), "always = 2 in the plugin's encoding");
        assertEquals("api", stored.scheduledBy());
        assertEquals(1, queued().size());
    }

    @Test
    void with_user_data_and_the_enrolment_modes_are_stored_with_the_plugins_codes() throws Exception {
        String[][] cases = {{"always", "2"}, {"with-users", "1"}, {"never", "0"}};
        int course = 2;
        for (String[] c : cases) {
            Reply r = create("{\"server\":\"old\",\"remoteCourseId\":" + course++ + ",\"requester\":\"teacher1\","
                    + "\"withUserData\":true,\"enrolmentMode\":\"" + c[0] + "\"}");
            assertEquals(c[0], r.json().get("enrolmentMode").asText(), r.body());
            assertTrue(r.json().get("withUserData").asBoolean(), r.body());
            RestoreRequest stored = env.request(r.json().get("id").asLong());
            assertEquals(Integer.parseInt(c[1]), stored.enrolmentMode(), c[0]);
            assertTrue(stored.withUserData());
        }
    }

    @Test
    void the_category_original_or_a_category_id_is_accepted_and_echoed() throws Exception {
        Reply original = create("{\"server\":\"old\",\"remoteCourseId\":2,\"requester\":\"teacher1\",\"category\":\"original\"}");
        assertEquals("original", original.json().get("category").asText());
        Reply number = create("{\"server\":\"old\",\"remoteCourseId\":3,\"requester\":\"teacher1\",\"category\":3}");
        assertEquals("3", number.json().get("category").asText());
        Reply text = create("{\"server\":\"old\",\"remoteCourseId\":4,\"requester\":\"teacher1\",\"category\":\"3\"}");
        assertEquals("3", text.json().get("category").asText());
        Reply dflt = create("{\"server\":\"old\",\"remoteCourseId\":6,\"requester\":\"teacher1\",\"category\":\"default\"}");
        assertEquals("default", dflt.json().get("category").asText());
        assertEquals("3", env.request(number.json().get("id").asLong()).category());
    }

    @Test
    void a_category_the_new_platform_does_not_have_is_refused_at_creation_as_the_category_call_refuses_it()
            throws Exception {
        Reply created = authed("POST", REQUESTS, "{\"server\":\"old\",\"remoteCourseId\":2,"
                + "\"requester\":\"teacher1\",\"category\":999}");
        assertErrorMessage(created, 400, "field 'category'", "category 999 does not exist on the new platform");
        assertNothingQueued();
        long id = env.schedule("old", 2, "teacher1", false);
        Reply changed = authed("POST", REQUESTS + "/" + id + "/category", "{\"category\":999}");
        assertEquals(created.json().get("error"), changed.json().get("error"), "one rule, one message");
    }

    @Test
    void a_category_is_accepted_at_creation_when_the_new_platform_cannot_be_asked_now() throws Exception {
        env.client.failNextCalls("core_course_get_categories", 1, 503);
        Reply r = create("{\"server\":\"old\",\"remoteCourseId\":2,\"requester\":\"teacher1\",\"category\":999}");
        assertEquals("999", r.json().get("category").asText(), "the restore step looks again (default category)");
        assertEquals(1, env.client.calls("core_course_get_categories").size(), "it was asked");
    }

    @Test
    void a_remote_course_its_server_does_not_have_is_refused_at_creation_naming_course_and_server() throws Exception {
        assertErrorMessage(authed("POST", REQUESTS, request("old", 77, "teacher1")), 400,
                "field 'remoteCourseId': course 77 does not exist on server old");
        assertNothingQueued();
        Reply known = create(request("old", 2, "teacher1"));
        assertEquals("Biology 101 (old platform)", known.json().get("remoteCourseName").asText(),
                "the course's name is known from the start");
    }

    @Test
    void the_other_configured_server_is_accepted_by_its_id() throws Exception {
        Reply r = create(request("other", 2, "teacher1"));
        assertEquals("other", r.json().get("server").asText());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Duplicates

    @Test
    void the_same_requester_cannot_ask_twice_for_a_course_still_scheduled() throws Exception {
        long first = create(VALID).json().get("id").asLong();
        Reply again = authed("POST", REQUESTS, VALID);
        assertErrorMessage(again, 409, "already");
        assertTrue(again.json().get("error").asText().contains("teacher1"), again.body());
        assertEquals(1, queued().size(), "only the first is queued");
        assertEquals(first, queued().get(0).get("id").asLong());
    }

    @Test
    void another_requester_is_refused_because_a_remote_course_is_restored_only_once() throws Exception {
        create(VALID);
        Reply other = authed("POST", REQUESTS, request("old", 2, "teacher2"));
        assertErrorMessage(other, 409, "restored only once");
        Reply sameCourseOtherServer = create(request("other", 2, "teacher1"));
        assertEquals("other", sameCourseOtherServer.json().get("server").asText());
        assertEquals(2, queued().size());
    }

    @Test
    void ten_identical_posts_at_once_create_exactly_one_request() throws Exception {
        int n = 10;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Reply>> replies = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Callable<Reply> post = () -> {
                    start.await();
                    return authed("POST", REQUESTS, VALID);
                };
                replies.add(pool.submit(post));
            }
            start.countDown();
            int created = 0;
            int conflicts = 0;
            List<String> others = new ArrayList<>();
            for (Future<Reply> f : replies) {
                Reply r = f.get(60, TimeUnit.SECONDS);
                if (r.status() == 201) {
                    created++;
                } else if (r.status() == 409) {
                    conflicts++;
                    assertNotNull(r.json().get("error"), r.body());
                } else {
                    others.add(r.status() + " " + r.body());
                }
            }
            assertEquals(List.of(), others, "only 201 and 409 answers");
            assertEquals(1, created, "exactly one 201");
            assertEquals(n - 1, conflicts, "the rest 409");
            assertEquals(1, queued().size());
        } finally {
            pool.shutdownNow();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // One request

    @Test
    void a_request_is_shown_with_its_event_trail() throws Exception {
        long id = create(VALID).json().get("id").asLong();
        Reply r = authed("GET", REQUESTS + "/" + id, null);
        assertEquals(200, r.status(), r.body());
        assertEquals(id, r.json().get("id").asLong());
        assertEquals("scheduled", r.json().get("status").asText());
        JsonNode events = r.json().get("events");
        assertTrue(events != null && events.isArray() && !events.isEmpty(), r.body());
        assertEquals("intake", events.get(0).get("step").asText());
        assertEquals("ok", events.get(0).get("outcome").asText());
    }

    @Test
    void an_event_without_a_measured_duration_shows_no_duration() throws Exception {
        long id = create(VALID).json().get("id").asLong();
        JsonNode intake = authed("GET", REQUESTS + "/" + id, null).json().get("events").get(0);
        assertEquals("intake", intake.get("step").asText());
        assertEquals("scheduled by api (api)", intake.get("message").asText(), intake.toString());
        assertTrue(intake.has("durationMs") && intake.get("durationMs").isNull(),
                "the intake is not timed: durationMs must be null, not a made-up 0: " + intake);
    }

    @Test
    void an_unknown_request_id_is_a_404_with_a_message() throws Exception {
        Reply r = authed("GET", REQUESTS + "/424242", null);
        assertErrorMessage(r, 404, "424242");
    }

    @Test
    void a_request_id_that_is_not_a_number_is_a_400() throws Exception {
        assertErrorMessage(authed("GET", REQUESTS + "/abc", null), 400, "id");
        assertErrorMessage(authed("GET", REQUESTS + "/-1", null), 400, "id");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Listing

    @Test
    void the_list_is_filtered_by_status_requester_and_server() throws Exception {
        long a = create(request("old", 2, "teacher1")).json().get("id").asLong();
        long b = create(request("old", 3, "teacher1")).json().get("id").asLong();
        long c = create(request("other", 2, "teacher1")).json().get("id").asLong();
        long d = create(request("old", 4, "teacher2")).json().get("id").asLong();
        try (java.sql.Connection db = env.requests.dataSource().getConnection();
             java.sql.PreparedStatement ps = db.prepareStatement("UPDATE restore_request SET status = -1 WHERE id = ?")) {
            ps.setLong(1, b);
            assertEquals(1, ps.executeUpdate());
        }
        assertEquals(Status.ERROR, env.request(b).status());

        JsonNode all = list("").json().get("requests");
        assertEquals(4, all.size(), all.toString());

        JsonNode filtered = list("?status=scheduled&requester=teacher1&server=old").json().get("requests");
        assertEquals(List.of(Long.toString(a)), names(filtered, "id"), filtered.toString());

        JsonNode byCode = list("?status=0&requester=teacher1&server=old").json().get("requests");
        assertEquals(List.of(Long.toString(a)), names(byCode, "id"), byCode.toString());

        JsonNode errors = list("?status=error").json().get("requests");
        assertEquals(List.of(Long.toString(b)), names(errors, "id"));
        JsonNode errorsByCode = list("?status=-1").json().get("requests");
        assertEquals(List.of(Long.toString(b)), names(errorsByCode, "id"));
        assertEquals(0, list("?status=cancelled").json().get("requests").size());

        JsonNode teacher2 = list("?requester=teacher2").json().get("requests");
        assertEquals(List.of(Long.toString(d)), names(teacher2, "id"));

        JsonNode onOther = list("?server=other").json().get("requests");
        assertEquals(List.of(Long.toString(c)), names(onOther, "id"));

        JsonNode scheduled = list("?status=scheduled").json().get("requests");
        assertEquals(3, scheduled.size(), scheduled.toString());
        assertTrue(names(scheduled, "status").stream().allMatch("scheduled"::equals), scheduled.toString());
    }

    @Test
    void an_unknown_status_filter_is_a_400_with_a_message() throws Exception {
        assertErrorMessage(authed("GET", REQUESTS + "?status=sleeping", null), 400, "status", "sleeping");
        assertErrorMessage(authed("GET", REQUESTS + "?status=7", null), 400, "status");
    }

    @Test
    void an_unknown_server_filter_is_a_400_with_a_message() throws Exception {
        assertErrorMessage(authed("GET", REQUESTS + "?server=nope", null), 400, "server", "nope");
    }

    @Test
    void bad_paging_parameters_are_a_400() throws Exception {
        assertErrorMessage(authed("GET", REQUESTS + "?limit=-1", null), 400, "limit");
        assertErrorMessage(authed("GET", REQUESTS + "?offset=x", null), 400, "offset");
    }

    @Test
    void a_limit_outside_1_to_500_is_a_400_not_silently_changed() throws Exception {
        for (String limit : List.of("0", "501", "100000", "100000000")) {
            assertErrorMessage(authed("GET", REQUESTS + "?limit=" + limit, null), 400, "limit", "1-500");
        }
    }

    @Test
    void the_list_is_paged_with_limit_and_offset_and_the_limit_is_capped_at_500() throws Exception {
        List<Long> ids = new ArrayList<>();
        for (int course = 2; course <= 6; course++) {
            ids.add(create(request("old", course, "teacher1")).json().get("id").asLong());
        }
        Reply first = list("?limit=2&offset=0");
        Reply second = list("?limit=2&offset=2");
        Reply third = list("?limit=2&offset=4");
        Reply beyond = list("?limit=2&offset=10");
        assertEquals(2, first.json().get("limit").asInt());
        assertEquals(2, second.json().get("offset").asInt());
        List<String> seen = new ArrayList<>();
        seen.addAll(names(first.json().get("requests"), "id"));
        seen.addAll(names(second.json().get("requests"), "id"));
        seen.addAll(names(third.json().get("requests"), "id"));
        assertEquals(2, first.json().get("requests").size());
        assertEquals(2, second.json().get("requests").size());
        assertEquals(1, third.json().get("requests").size());
        assertEquals(0, beyond.json().get("requests").size());
        assertEquals(5, seen.stream().distinct().count(), "the pages do not overlap: " + seen);
        assertTrue(seen.containsAll(ids.stream().map(String::valueOf).toList()), seen.toString());

        Reply most = list("?limit=500");
        assertEquals(500, most.json().get("limit").asInt(), most.body());
        assertEquals(5, most.json().get("requests").size());
        Reply dflt = list("");
        assertEquals(50, dflt.json().get("limit").asInt());
        assertEquals(0, dflt.json().get("offset").asInt());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // A performed request

    @Test
    void a_performed_request_shows_the_restored_course_the_archive_and_every_step() throws Exception {
        long id = env.schedule("old", 2, "teacher1", false);
        env.claimNow();
        RestoreRequest performed = env.awaitStatus(id, Status.PERFORMED);

        Reply r = authed("GET", REQUESTS + "/" + id, null);
        assertEquals(200, r.status(), r.body());
        JsonNode v = r.json();
        assertEquals("performed", v.get("status").asText());
        assertEquals(2, v.get("statusCode").asInt());
        long course = v.get("restoredCourseId").asLong();
        assertTrue(course > 0, r.body());
        assertEquals(performed.restoredCourseId().longValue(), course);
        assertEquals(env.client.url() + "/course/view.php?id=" + course, v.get("restoredCourseUrl").asText());
        assertEquals("Biology 101 (old platform)", env.client.course((int) course).fullname());

        JsonNode archive = v.get("archive");
        assertNotNull(archive, r.body());
        assertEquals("Biology 101 (old platform)", archive.get("fullname").asText(), r.body());
        assertFalse(archive.get("includesUsers").asBoolean(), r.body());
        assertTrue(archive.get("includesUsers").isBoolean(), r.body());
        assertTrue(archive.get("bytes").asLong() > 0, r.body());
        assertTrue(v.get("nextAttemptAt").isNull(), "a finished request has no next attempt: " + r.body());
        assertTrue(v.get("lastError").isNull(), r.body());

        List<String> steps = names(v.get("events"), "step");
        assertEquals(List.of("intake", "claim", "backup", "download", "restore", "enrol", "finish"), steps, r.body());
        assertEquals(1, v.get("attempts").asInt(), "one attempt made, the first: " + r.body());
        assertEquals("attempt 1", v.get("events").get(1).get("message").asText(), "the trail counts as the JSON does");

        JsonNode inList = list("?status=performed").json().get("requests");
        assertEquals(List.of(Long.toString(id)), names(inList, "id"));
        JsonNode byCode = list("?status=2").json().get("requests");
        assertEquals(List.of(Long.toString(id)), names(byCode, "id"));
    }

    @Test
    void once_performed_a_remote_course_cannot_be_scheduled_again() throws Exception {
        long id = env.schedule("old", 2, "teacher1", false);
        env.claimNow();
        env.awaitStatus(id, Status.PERFORMED);
        assertErrorMessage(authed("POST", REQUESTS, VALID), 409, "already scheduled or restored");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Queue, sites

    @Test
    void running_the_queue_now_is_accepted_with_202() throws Exception {
        Reply r = authed("POST", "/api/v1/queue/run", null);
        assertEquals(202, r.status(), r.body());
        assertTrue(r.json().get("message").asText().contains("queue"), r.body());
    }

    /**
     * Runs last: if the API ever waits for the claim again (seda in InOut), the claimed request deadlocks, stays in
     * the claimer's in-flight set and every later env.reset() would time out.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void running_the_queue_now_answers_at_once_and_starts_a_scheduled_request() throws Exception {
        long id = env.schedule("old", 2, "teacher1", false);
        HttpRequest run = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + env.apiPort + "/api/v1/queue/run"))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + TestJouvence.API_TOKEN)
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        long started = System.nanoTime();
        HttpResponse<String> r = http.send(run, HttpResponse.BodyHandlers.ofString());
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        assertEquals(202, r.statusCode(), r.body());
        assertTrue(tookMs < 5_000, "202 is answered without waiting for the pipeline: took " + tookMs + " ms");
        RestoreRequest done = env.awaitStatus(id, Status.PERFORMED);
        assertNotNull(done.restoredCourseId());
    }

    @Test
    void the_sites_are_listed_with_their_last_probe() throws Exception {
        siteHealth().probeAll();
        Reply r = authed("GET", "/api/v1/sites", null);
        assertEquals(200, r.status(), r.body());
        for (String site : List.of("old", "other", "client")) {
            JsonNode s = r.json().get(site);
            assertNotNull(s, site + " is listed: " + r.body());
            assertTrue(s.get("ok").asBoolean(), site + " is ok: " + r.body());
            assertTrue(s.get("sitename").isTextual() && !s.get("sitename").asText().isBlank(), r.body());
            assertFalse(s.get("down").asBoolean(), r.body());
            assertTrue(s.get("problem").isNull(), r.body());
        }
        assertEquals(3, r.json().size(), r.body());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Health and metrics (management port, no token)

    private Reply management(String path) throws Exception {
        return call(env.managementPort, "GET", path, null, null);
    }

    private static JsonNode check(JsonNode health, String name) {
        JsonNode checks = health.get("checks");
        if (checks == null) {
            return null;
        }
        for (JsonNode c : checks) {
            if (c.has("name") && c.get("name").asText().equals(name)) {
                return c;
            }
        }
        return null;
    }

    /** Every check with its message (Camel's exposure level {@code full}); the plain endpoints show only failing ones. */
    private static final String FULL_HEALTH = "/observe/health?exposureLevel=full";

    @Test
    void readiness_and_liveness_are_short_and_the_full_report_lists_every_check() throws Exception {
        siteHealth().probeAll();
        for (String probe : List.of("/observe/health/ready", "/observe/health/live", "/observe/health")) {
            Reply r = management(probe);
            assertEquals(200, r.status(), probe + ": " + r.body());
            assertEquals("{\"status\":\"UP\"}", r.body().replaceAll("\\s", ""),
                    probe + " says UP, not one line per route: " + r.body());
        }
        Reply full = management(FULL_HEALTH);
        assertEquals(200, full.status(), full.body());
        int routes = env.camel.getRoutes().size();
        long routeChecks = java.util.stream.StreamSupport.stream(full.json().get("checks").spliterator(), false)
                .filter(c -> c.get("name").asText().startsWith("route:")).count();
        assertEquals(routes, routeChecks, "the full report keeps one check per route: " + full.body());
        assertNotNull(check(full.json(), "moodle-old"), full.body());
    }

    @Test
    void a_moodle_down_is_reported_by_its_check_but_keeps_the_service_ready() throws Exception {
        SiteHealth health = siteHealth();
        try {
            health.probeAll();
            Reply full = management(FULL_HEALTH);
            assertEquals(200, full.status(), full.body());
            for (String name : List.of("moodle-old", "moodle-other", "moodle-client", "database")) {
                JsonNode c = check(full.json(), name);
                assertNotNull(c, name + " is listed: " + full.body());
                assertEquals("UP", c.get("status").asText(), full.body());
            }
            Reply fullReady = management("/observe/health/ready?exposureLevel=full");
            assertNotNull(check(fullReady.json(), "database"), "readiness checks the database: " + fullReady.body());
            assertNull(check(fullReady.json(), "moodle-old"), "Moodles are not part of readiness by default: "
                    + fullReady.body());

            env.old.revokeToken();
            health.probeAll();
            Reply down = management("/observe/health");
            assertEquals(503, down.status(), "the health report shows the failing Moodle: " + down.body());
            JsonNode old = check(down.json(), "moodle-old");
            assertNotNull(old, down.body());
            assertEquals("DOWN", old.get("status").asText(), down.body());
            assertTrue(old.get("message").asText().contains("token"), "and says why: " + down.body());
            assertEquals(1, down.json().get("checks").size(), "only the failing check, the site whose token was revoked: "
                    + down.body());
            assertEquals("UP", check(management(FULL_HEALTH).json(), "moodle-other").get("status").asText(),
                    "the other sites are up");
            Reply stillReady = management("/observe/health/ready");
            assertEquals(200, stillReady.status(), "an old Moodle down must not take Jouvence out of its Service: "
                    + stillReady.body());
            Reply live = management("/observe/health/live");
            assertEquals(200, live.status(), "a Moodle down must not make Jouvence look dead: " + live.body());
            String metrics = management("/observe/metrics").body();
            assertEquals(0.0, sample(metrics, "jouvence_moodle_up{site=\"old\"}"), metrics);
            assertEquals(1.0, sample(metrics, "jouvence_moodle_up{site=\"other\"}"), metrics);

            // jouvence.health.moodles-in-readiness=true registers the same check as a readiness check
            HealthCheckRegistry checks = HealthCheckRegistry.get(env.camel);
            Object usual = checks.getCheck("moodle-old").orElseThrow();
            HealthChecks.Site strict = new HealthChecks.Site("old", health, true);
            strict.setCamelContext(env.camel);
            checks.unregister(usual);
            checks.register(strict);
            try {
                Reply notReady = management("/observe/health/ready");
                assertEquals(503, notReady.status(), "with Moodles in readiness, a Moodle down makes it not ready: "
                        + notReady.body());
                assertEquals("DOWN", check(notReady.json(), "moodle-old").get("status").asText());
            } finally {
                checks.unregister(strict);
                checks.register(usual);
            }
        } finally {
            env.old.token(TestJouvence.OLD_TOKEN);
            health.probeAll();
        }
        Reply back = management("/observe/health");
        assertEquals(200, back.status(), back.body());
        assertEquals("UP", back.json().get("status").asText(), back.body());
    }

    @Test
    void metrics_are_served_in_the_prometheus_format() throws Exception {
        Reply r = management("/observe/metrics");
        assertEquals(200, r.status());
        assertTrue(r.body().lines().anyMatch(l -> !l.startsWith("#") && (l.startsWith("jvm_memory") || l.startsWith("camel_"))),
                r.body().length() > 2000 ? r.body().substring(0, 2000) : r.body());
        assertTrue(r.body().contains("# TYPE"), "Prometheus text exposition");
    }

    @Test
    void metrics_count_requests_by_server_and_status_steps_bytes_and_the_oldest_due_request() throws Exception {
        Metrics metrics = env.camel.getRegistry().lookupByNameAndType("metrics", Metrics.class);
        long done = env.schedule("old", 2, "teacher1", false);
        env.claimNow();
        env.awaitStatus(done, Status.PERFORMED);
        // a request no replica will claim (its server is not configured any more), due for 90 s
        try (var c = env.requests.dataSource().getConnection(); var st = c.createStatement()) {
            st.execute("INSERT INTO restore_request (server_id, remote_course_id, requester_username, scheduled_by, "
                    + "next_attempt_at, created_at) VALUES ('retired', 5, 'teacher1', 'test', now() - interval '90 seconds', "
                    + "now() - interval '90 seconds')");
        }
        metrics.refreshQueue();
        String body = management("/observe/metrics").body();
        assertEquals(1.0, sample(body, "jouvence_requests{server=\"old\",status=\"performed\"}"), body);
        assertEquals(0.0, sample(body, "jouvence_requests{server=\"old\",status=\"error\"}"), body);
        assertEquals(1.0, sample(body, "jouvence_requests{server=\"retired\",status=\"scheduled\"}"), body);
        assertEquals(1.0, sample(body, "jouvence_queue_depth"), body);
        double age = sample(body, "jouvence_queue_oldest_due_age_seconds");
        assertTrue(age >= 90 && age < 150, "oldest due request waits ~90 s: " + age);
        long bytes = env.request(done).archiveBytes();
        assertTrue(bytes > 0 && sample(body, "jouvence_downloaded_bytes_total{server=\"old\"}") >= bytes, body);
        assertTrue(sample(body, "jouvence_step_duration_seconds_count{outcome=\"ok\",step=\"backup\"}") >= 1, body);
        assertTrue(sample(body, "jouvence_step_duration_seconds_count{outcome=\"ok\",step=\"restore\"}") >= 1, body);
        assertTrue(body.contains("jouvence_step_duration_seconds_bucket{outcome=\"ok\",step=\"download\",le=\"300.0\"}"),
                "a histogram with buckets: " + body.lines().filter(l -> l.startsWith("jouvence_step")).toList());
    }

    /** The value of one sample line of a Prometheus text exposition ("name{labels} value"); fails when absent. */
    private static double sample(String exposition, String series) {
        return exposition.lines().filter(l -> l.startsWith(series + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(series.length() + 1).strip().split(" ")[0]))
                .orElseThrow(() -> new AssertionError(series + " is not exposed: " + exposition.lines()
                        .filter(l -> l.startsWith(series.replaceAll("\\{.*", ""))).toList()));
    }

    @Test
    void health_and_metrics_are_not_served_on_the_api_port() throws Exception {
        Reply r = call("GET", "/observe/health/ready", null, null);
        assertEquals(404, r.status(), r.body());
    }
}
