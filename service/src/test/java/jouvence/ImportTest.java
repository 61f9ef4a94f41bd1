package jouvence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.internet.MimeMessage;
import jouvence.courses.RestoreRequest;
import jouvence.courses.Status;
import jouvence.courses.intake.CsvImport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Import from CSV on the real service: the API upload and the watched folder, real PostgreSQL (the one-restore-per-
 * remote-course rule on), GreenMail and the Moodle simulators.
 */
class ImportTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HEADER = "server,remoteCourseId,requester,withUserData,enrolmentMode,category";

    private final TestJouvence env = TestJouvence.get();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void reset() throws Exception {
        env.reset();
    }

    private record Reply(int status, JsonNode json, String body) {
    }

    private Reply upload(String csv, String name, String token) throws Exception {
        String query = name == null ? "" : "?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + env.apiPort + "/api/v1/imports"
                        + query))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "text/csv; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(csv, StandardCharsets.UTF_8));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = null;
        try {
            json = JSON.readTree(r.body());
        } catch (IOException notJson) {
            // the assertions show the body
        }
        return new Reply(r.statusCode(), json, r.body());
    }

    private static Map<Integer, String> rejected(JsonNode report) {
        Map<Integer, String> out = new LinkedHashMap<>();
        report.get("rejected").forEach(x -> out.put(x.get("line").asInt(), x.get("reason").asText()));
        return out;
    }

    private static Map<Integer, Long> queued(JsonNode report) {
        Map<Integer, Long> out = new LinkedHashMap<>();
        report.get("queued").forEach(x -> out.put(x.get("line").asInt(), x.get("id").asLong()));
        return out;
    }

    // -----------------------------------------------------------------------------------------------------------------
    // API upload

    @Test
    void an_uploaded_csv_queues_its_good_lines_rejects_each_bad_one_with_its_reason_and_a_good_one_is_restored()
            throws Exception {
        String csv = String.join("\r\n",
                HEADER,                                   // 1
                "old,2,teacher1,false,always,default",    // 2 good
                "nope,3,teacher1",                        // 3 unknown server
                "old,abc,teacher1",                       // 4 course id not a number
                "# teacher2's courses",                   // 5 comment
                "old,4,,true",                            // 6 no requester
                "old,3,teacher1,yes,sometimes",           // 7 bad enrolment mode
                "",                                       // 8 blank
                "old,2,teacher2",                         // 9 same server + course as line 2
                "other,3,teacher1,1,never,original")      // 10 good
                + "\r\n";
        Reply r = upload(csv, "sciences-2024.csv", TestJouvence.API_TOKEN);
        assertEquals(200, r.status(), r.body());
        JsonNode report = r.json();
        assertEquals("sciences-2024.csv", report.get("file").asText());
        assertEquals(7, report.get("linesRead").asInt(), r.body());

        Map<Integer, String> rejected = rejected(report);
        assertEquals(List.of(3, 4, 6, 7, 9), List.copyOf(rejected.keySet()), r.body());
        assertEquals("field 'server': unknown course server 'nope' (configured: "
                + String.join(", ", env.camel.getRegistry().lookupByNameAndType("jouvenceConfig", JouvenceConfig.class)
                .servers().keySet()) + ")", rejected.get(3), "the API's message");
        assertEquals("field 'remoteCourseId' must be a positive integer (the course id on the old platform)",
                rejected.get(4));
        assertEquals("field 'requester' is required: the teacher's username", rejected.get(6));
        assertEquals("field 'enrolmentMode' must be one of always, with-users, never", rejected.get(7));
        assertTrue(rejected.get(9).contains("course 2 of server 'old' is already scheduled or restored"), rejected.get(9));
        assertTrue(rejected.get(9).contains("restored only once"), "the 409 reason: " + rejected.get(9));

        Map<Integer, Long> queued = queued(report);
        assertEquals(List.of(2, 10), List.copyOf(queued.keySet()), r.body());
        RestoreRequest line2 = env.request(queued.get(2));
        assertEquals("csv", line2.source());
        assertEquals("sciences-2024.csv:2", line2.externalRef());
        assertEquals("api", line2.scheduledBy());
        assertEquals(Status.SCHEDULED, line2.status());
        assertEquals("teacher1", line2.requester());
        RestoreRequest line10 = env.request(queued.get(10));
        assertEquals("other", line10.serverId());
        assertEquals(3, line10.remoteCourseId());
        assertTrue(line10.withUserData());
        assertEquals(0, line10.enrolmentMode());
        assertEquals("original", line10.category());
        assertEquals("sciences-2024.csv:10", line10.externalRef());
        assertEquals(2, env.requests.list(null, null, null, 100, 0).size(), "only the good lines are in the queue");

        TestJouvence.Response viaApi = env.api("GET", "/api/v1/restore-requests/" + queued.get(2), null,
                TestJouvence.API_TOKEN);
        assertEquals(200, viaApi.status());
        assertEquals("scheduled", viaApi.json().get("status").asText());
        assertTrue(viaApi.json().get("events").get(0).get("message").asText().contains("(csv)"), viaApi.body());

        env.claimNow();
        RestoreRequest done = env.awaitStatus(queued.get(2), Status.PERFORMED);
        assertEquals("OLD-BIO101", env.client.course(done.restoredCourseId().intValue()).shortname());
        assertEquals("sciences-2024.csv:2", done.externalRef());
    }

    @Test
    void a_line_naming_a_category_or_a_course_the_moodles_do_not_have_is_rejected_with_the_apis_reason()
            throws Exception {
        Reply r = upload(String.join("\n", HEADER, "old,2,teacher1,false,always,999", "old,77,teacher1",
                "old,3,teacher1"), "checks.csv", TestJouvence.API_TOKEN);
        assertEquals(200, r.status(), r.body());
        Map<Integer, String> rejected = rejected(r.json());
        assertEquals("field 'category': category 999 does not exist on the new platform", rejected.get(2));
        assertEquals("field 'remoteCourseId': course 77 does not exist on server old", rejected.get(3));
        assertEquals(List.of(4), List.copyOf(queued(r.json()).keySet()));
    }

    @Test
    void a_semicolon_file_from_a_spreadsheet_with_a_bom_and_quotes_is_imported() throws Exception {
        String csv = "\uFEFF\"server\";\"remoteCourseId\";\"requester\";\"withUserData\"\r\n"
                + "\"old\";\"3\";\"teacher1\";\"no\"\r\n;;;\r\n\"old\";\"5\";\"teacher2\";\"\"\r\n";
        Reply r = upload(csv, null, TestJouvence.API_TOKEN);
        assertEquals(200, r.status(), r.body());
        assertEquals(List.of(2, 4), List.copyOf(queued(r.json()).keySet()), r.body());
        assertTrue(r.json().get("rejected").isEmpty(), r.body());
        assertTrue(r.json().get("file").asText().matches("upload-\\d{8}-\\d{6}\\.csv"), r.body());
    }

    @Test
    void a_bad_header_an_empty_body_or_no_token_is_refused_and_nothing_is_queued() throws Exception {
        Reply badHeader = upload("server,remoteCourseId,teacher\nold,2,teacher1\n", "x.csv", TestJouvence.API_TOKEN);
        assertEquals(400, badHeader.status(), badHeader.body());
        String error = badHeader.json().get("error").asText();
        assertTrue(error.contains("unknown column 'teacher'") && error.contains("missing column 'requester'"), error);
        assertEquals(400, badHeader.json().get("status").asInt());

        Reply empty = upload("", "x.csv", TestJouvence.API_TOKEN);
        assertEquals(400, empty.status(), empty.body());
        assertTrue(empty.json().get("error").asText().contains("empty"), empty.body());

        Reply noToken = upload(HEADER + "\nold,2,teacher1\n", "x.csv", null);
        assertEquals(401, noToken.status(), noToken.body());
        Reply wrongToken = upload(HEADER + "\nold,2,teacher1\n", "x.csv", "wrong");
        assertEquals(401, wrongToken.status(), wrongToken.body());
        assertTrue(env.requests.list(null, null, null, 100, 0).isEmpty(), "nothing queued");
    }

    // -----------------------------------------------------------------------------------------------------------------
    // Watched folder

    /** Writes the file under a hidden name, then renames it into the folder: never read half-written. */
    private String drop(String base, String csv) throws IOException {
        String name = base + "-" + UUID.randomUUID().toString().substring(0, 8) + ".csv";
        Path part = env.imports.resolve("." + name + ".part");
        Files.writeString(part, csv, StandardCharsets.UTF_8);
        Files.move(part, env.imports.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        return name;
    }

    private Path awaitFile(Path file) throws Exception {
        if (!TestJouvence.poll(Duration.ofSeconds(30), () -> Files.exists(file), exists -> exists)) {
            throw new AssertionError(file + " did not appear within 30 s");
        }
        return file;
    }

    private MimeMessage awaitAdminMail(String subjectPart) throws Exception {
        List<MimeMessage> found = TestJouvence.poll(Duration.ofSeconds(30), () -> env.mailsTo(TestJouvence.ADMIN_MAIL)
                .stream().filter(m -> subject(m).contains(subjectPart)).toList(), l -> !l.isEmpty());
        if (found.isEmpty()) {
            throw new AssertionError("no admin mail about " + subjectPart + " within 30 s");
        }
        return found.get(0);
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void a_dropped_file_with_a_bad_line_goes_to_failed_with_its_report_its_good_lines_queued_and_admins_mailed()
            throws Exception {
        String name = drop("mixed", HEADER + "\nold,2,teacher1\nold,x,teacher1\nother,4,teacher1,true\n");
        String base = name.substring(0, name.length() - ".csv".length());
        Path moved = awaitFile(env.imports.resolve("failed").resolve(name));
        assertFalse(Files.exists(env.imports.resolve(name)), "the file left the folder");
        String report = Files.readString(env.imports.resolve("failed").resolve(base + ".report.txt"));
        assertTrue(report.contains("Course lines read: 3"), report);
        assertTrue(report.contains("line 3: field 'remoteCourseId' must be a positive integer"), report);
        assertTrue(report.contains(moved.toAbsolutePath().toString()), report);
        String again = Files.readString(env.imports.resolve("failed").resolve(base + ".rejected.csv"));
        assertEquals(HEADER + "\n# line 3 of " + name + ": field 'remoteCourseId' must be a positive integer (the course "
                + "id on the old platform)\nold,x,teacher1\n", again);

        List<RestoreRequest> rows = env.requests.list(null, null, null, 100, 0);
        assertEquals(2, rows.size(), rows.toString());
        for (RestoreRequest row : rows) {
            assertEquals("csv", row.source());
            assertEquals(CsvImport.FOLDER_CALLER, row.scheduledBy());
            assertEquals(Status.SCHEDULED, row.status());
        }
        assertEquals(List.of(name + ":2", name + ":4"),
                rows.stream().map(RestoreRequest::externalRef).sorted().toList());

        MimeMessage mail = awaitAdminMail(name);
        assertEquals("[Jouvence] Import of " + name + ": 2 queued, 1 rejected", mail.getSubject());
        String body = mail.getContent().toString();
        assertTrue(body.contains("- line 3: field 'remoteCourseId'"), body);
        assertTrue(body.contains(base + ".rejected.csv"), body);
    }

    @Test
    void a_dropped_file_whose_lines_are_all_queued_goes_to_done_and_a_bad_header_to_failed() throws Exception {
        String good = drop("good", "server;remoteCourseId;requester\r\nold;3;teacher1\r\nold;4;teacher1\r\n");
        awaitFile(env.imports.resolve("done").resolve(good));
        String goodBase = good.substring(0, good.length() - 4);
        String report = Files.readString(awaitFile(env.imports.resolve("done").resolve(goodBase + ".report.txt")));
        assertTrue(report.contains("Queued:            2"), report);
        assertFalse(Files.exists(env.imports.resolve("done").resolve(goodBase + ".rejected.csv")));
        assertEquals(2, env.requests.list(Status.SCHEDULED, "teacher1", "old", 100, 0).size());
        assertNotNull(awaitAdminMail(good));

        String bad = drop("bad-header", "course,teacher\n2,teacher1\n");
        awaitFile(env.imports.resolve("failed").resolve(bad));
        String badReport = Files.readString(env.imports.resolve("failed")
                .resolve(bad.substring(0, bad.length() - 4) + ".report.txt"));
        assertTrue(badReport.contains("unknown column 'course'") && badReport.contains("missing column 'server'"),
                badReport);
        MimeMessage refused = awaitAdminMail(bad);
        assertEquals("[Jouvence] Import of " + bad + " refused", refused.getSubject());
        assertEquals(2, env.requests.list(null, null, null, 100, 0).size(), "the bad file queued nothing");
    }

    @Test
    void a_symbolic_link_dropped_in_the_folder_is_not_followed_named_but_never_read() throws Exception {
        String marker = "SECRET-" + UUID.randomUUID();
        Path secret = Files.createTempFile("jouvence-not-an-import", ".txt");
        Files.writeString(secret, "root:x:0:0:" + marker + ":/root:/bin/bash\n" + HEADER + "\nold,2,teacher1\n");
        try {
            String name = "leak-" + UUID.randomUUID().toString().substring(0, 8) + ".csv";
            Files.createSymbolicLink(env.imports.resolve(name), secret);
            String base = name.substring(0, name.length() - ".csv".length());
            String report = Files.readString(awaitFile(env.imports.resolve("failed").resolve(base + ".report.txt")));
            // the report is written during the exchange, the link moved when it ends: waited for, or the target
            // could be deleted below before camel-file's move, which then fails on a dangling link
            assertTrue(Files.isSymbolicLink(awaitFile(env.imports.resolve("failed").resolve(name))),
                    "the link itself was moved");
            assertFalse(Files.exists(env.imports.resolve(name), LinkOption.NOFOLLOW_LINKS), "it left the folder");
            assertTrue(report.contains("symbolic link"), report);
            assertFalse(report.contains(marker) || report.contains("root:x"), report);
            MimeMessage mail = awaitAdminMail(name);
            assertEquals("[Jouvence] Import of " + name + " refused", mail.getSubject());
            String body = mail.getContent().toString();
            assertTrue(body.contains("symbolic link"), body);
            assertFalse(body.contains(marker) || body.contains("root:x"), body);
            assertEquals(List.of(), env.logs.linesContaining(marker), "nothing of its content in the log");
            assertFalse(env.logs.linesContaining(name).stream().filter(l -> l.contains("symbolic link")).toList()
                    .isEmpty(), "a log line names the file");
            assertTrue(env.requests.list(null, null, null, 100, 0).isEmpty(), "nothing queued");
            assertTrue(Files.readString(secret).contains(marker), "the target is left alone");
        } finally {
            Files.deleteIfExists(secret);
        }
    }
}
