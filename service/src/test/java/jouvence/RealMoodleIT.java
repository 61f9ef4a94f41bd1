package jouvence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jouvence.courses.queue.RequestRepository;
import jouvence.courses.restore.RestoreTemplate;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import simulator.cloud.ApacheDav;
import simulator.LocalJouvence;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole pipeline against the two REAL Moodle 4.4.3+ sites of {@code ../shared/moodle-lab} (the unmodified plugin on
 * the old platform), with Jouvence's restore runner on the new platform's PHP (long-lived workers in this JVM's
 * instance, one process per restore in the packaged replica of the kill -9 test). Runs when {@code jouvence.moodle-lab}
 * names the kit's {@code lab.env} ({@code mvn -B verify -Djouvence.moodle-lab=/tmp/moodle-lab/lab.env}, as
 * {@code .ci/run} does after building the kit), as root: the runner runs as {@code www-data} through {@code runuser}.
 * Both sites are reset to the kit's snapshot before each test.
 */
class RealMoodleIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API_TOKEN = "real-moodle-it-token";
    private static final Set<String> FINAL = Set.of("performed", "error");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static RealMoodleLab lab;
    private static EmbeddedPostgres postgres;
    private static GreenMail smtp;
    private static Main jouvence;
    private static Map<String, String> properties;
    private static Path staging;
    private static Path runner;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        lab = RealMoodleLab.load(Path.of(System.getProperty("jouvence.moodle-lab", "/tmp/moodle-lab/lab.env")));
        lab.reset();
        postgres = EmbeddedPostgres.start();
        smtp = new GreenMail(new ServerSetup(LocalJouvence.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        staging = Files.createTempDirectory(ApacheDav.SHARED_TMP, "jouvence-real-staging"); // www-data reads it
        staging.toFile().setReadable(true, false);
        staging.toFile().setExecutable(true, false);
        // The runner, where www-data can read it whatever the checkout's own permissions (a clone under /root…).
        Path runnerDir = Files.createTempDirectory(ApacheDav.SHARED_TMP, "jouvence-real-runner"); // www-data reads it
        runnerDir.toFile().setReadable(true, false);
        runnerDir.toFile().setExecutable(true, false);
        runner = Files.copy(Path.of("src", "main", "moodle", "jouvence-restore.php"), runnerDir.resolve("jouvence-restore.php"));
        runner.toFile().setReadable(true, false);
        properties = properties("real-moodle-it", LocalJouvence.freePort());
        // This instance restores with long-lived runners; the packaged replica of the kill -9 test with a runner process
        // per restore (the default command): both ways meet the real new platform.
        properties.put("jouvence.restore.worker-command", "runuser -u www-data -- php {runner} --worker --moodle={moodle}");
        jouvence = Jouvence.create(null, properties);
        jouvence.start();
        base = "http://127.0.0.1:" + properties.get("camel.server.port");
        // The start-up probes of the sites must not meet the first test's reset.
        JsonNode sites = TestJouvence.poll(Duration.ofMinutes(1), () -> call("GET", "/sites", null), all -> all.size() == 4
                && StreamSupport.stream(all.spliterator(), false).allMatch(s -> s.hasNonNull("checkedAt")));
        assertEquals(4, sites.size(), "every site probed once: " + sites);
    }

    /** One Jouvence on the lab's sites: this JVM's, or a packaged one started beside it (same database and staging). */
    private static Map<String, String> properties(String instance, int apiPort) {
        Map<String, String> p = new HashMap<>();
        p.put("jouvence.instance-id", instance);
        p.put("jouvence.db.url", postgres.getJdbcUrl("postgres", "postgres"));
        p.put("jouvence.db.username", "postgres");
        p.put("jouvence.api.token", API_TOKEN);
        p.put("camel.server.host", "127.0.0.1");
        p.put("camel.server.port", Integer.toString(apiPort));
        p.put("camel.management.host", "127.0.0.1");
        p.put("camel.management.port", Integer.toString(LocalJouvence.freePort()));
        p.put("camel.main.shutdown-timeout", "5");
        p.put("jouvence.servers", "old,wrong,alias");
        p.put("jouvence.server.old.url", lab.get("SERVER_URL"));
        p.put("jouvence.server.old.token", lab.get("SERVER_TOKEN"));
        // The same real site with a token it never issued (declared after "old": the bridge gives a block row to the
        // first server with its URL).
        p.put("jouvence.server.wrong.url", lab.get("SERVER_URL") + "/");
        p.put("jouvence.server.wrong.token", "0123456789abcdef0123456789abcdef");
        // The same site under a name that is not its wwwroot: Moodle answers with a redirect.
        p.put("jouvence.server.alias.url", lab.get("SERVER_URL").replace("127.0.0.1", "localhost"));
        p.put("jouvence.server.alias.token", lab.get("SERVER_TOKEN"));
        p.put("jouvence.client.url", lab.get("CLIENT_URL"));
        p.put("jouvence.client.token", lab.get("CLIENT_TOKEN"));
        p.put("jouvence.client.default-category-id", lab.get("CLIENT_CATEGORY_RESTORED_ID"));
        p.put("jouvence.client.enrol-role-id", lab.get("CLIENT_ROLE_EDITINGTEACHER_ID"));
        p.put("jouvence.restore.only-one-per-remote-course", "false");
        p.put("jouvence.restore.moodle-dir", lab.get("CLIENT_DIRROOT"));
        p.put("jouvence.restore.runner", runner.toString());
        // The default command, as Moodle's web user.
        p.put("jouvence.restore.command", "runuser -u www-data -- " + RestoreTemplate.DEFAULT_TEMPLATE);
        p.put("jouvence.restore.timeout", "300s");
        p.put("jouvence.staging.dir", staging.toString());
        p.put("jouvence.import.dir", staging.resolveSibling(staging.getFileName() + "-import").toString());
        p.put("jouvence.claim.enabled", "false");
        p.put("jouvence.claim.sweep-interval", "3600000");
        p.put("jouvence.health.probe-interval", "3600000");
        p.put("jouvence.bridge.enabled", "true"); // polled only when a test steps direct:bridgeTakeRows
        p.put("jouvence.bridge.poll-interval", "86400000");
        p.put("jouvence.bridge.db.url", lab.dbUrl("CLIENT_DB"));
        p.put("jouvence.bridge.db.username", lab.get("PGUSER"));
        p.put("jouvence.bridge.db.password", lab.get("PGPASSWORD"));
        p.put("jouvence.bridge.table-prefix", lab.get("DB_PREFIX"));
        p.put("jouvence.mail.smtp.host", "127.0.0.1");
        p.put("jouvence.mail.smtp.port", Integer.toString(smtp.getSmtp().getPort()));
        p.put("jouvence.mail.admins", "moodle-admins@univ.example");
        p.put("jouvence.mail.from", "jouvence@univ.example");
        return p;
    }

    @AfterAll
    static void stop() throws Exception {
        if (jouvence != null) {
            jouvence.stop();
        }
        if (smtp != null) {
            smtp.stop();
        }
        if (postgres != null) {
            postgres.close();
        }
        if (staging != null) {
            TestJouvence.deleteTree(staging);
            TestJouvence.deleteTree(staging.resolveSibling(staging.getFileName() + "-import"));
        }
        if (runner != null) {
            TestJouvence.deleteTree(runner.getParent());
        }
    }

    @BeforeEach
    void reset() throws Exception {
        lab.reset();
    }

    @Test
    void user_data_and_each_enrolment_mode_are_honoured_names_kept_and_the_requester_enrolled_with_the_role()
            throws Exception {
        assertFalse(lab.clientUserExists("student1"), "the new platform starts without the old one's students");
        // The old course's self enrolment, switched on and named: carried over only when enrolment methods are.
        lab.update("SERVER_DB", "UPDATE mdl_enrol SET status = 0, name = 'Jouvence self' WHERE courseid = ? AND enrol = "
                + "'self'", Long.parseLong(lab.get("SERVER_COURSE_PHYS301_ID")));
        // One active request per requester and course: the same courses again in a second round.
        long bio = create(request("SERVER_COURSE_BIO101_ID", false, "never"));
        long chemNever = create(request("SERVER_COURSE_CHEM201_ID", true, "never"));
        long physAlways = create(request("SERVER_COURSE_PHYS301_ID", false, "always"));
        Map<Long, JsonNode> done = performed(List.of(bio, chemNever, physAlways));
        long chemWithUsers = create(request("SERVER_COURSE_CHEM201_ID", true, "with-users"));
        long physNever = create(request("SERVER_COURSE_PHYS301_ID", false, "never"));
        done.putAll(performed(List.of(chemWithUsers, physNever)));

        JsonNode bioCourse = lab.clientCourse(done.get(bio).path("restoredCourseId").asLong());
        assertEquals("OLD-BIO101", bioCourse.path("shortname").asText(), "the backup's short name kept");
        assertEquals("Biology 101 (old platform)", bioCourse.path("fullname").asText(), "and its full name");
        assertEquals(lab.get("CLIENT_CATEGORY_RESTORED_ID"), bioCourse.path("categoryid").asText());
        assertEquals(Map.of("teacher1", List.of("editingteacher")), lab.enrolled(bioCourse.path("id").asLong()),
                "without user data only the requester, with the configured role");

        assertTrue(lab.clientUserExists("student1"), "with user data, the course's users come along");
        Map<String, List<String>> never = lab.enrolled(done.get(chemNever).path("restoredCourseId").asLong());
        Map<String, List<String>> withUsers = lab.enrolled(done.get(chemWithUsers).path("restoredCourseId").asLong());
        // Moodle's "never" (the plugin's 0): "No, restore users as manual enrolments" — the users keep their place.
        assertEquals(List.of("student"), never.get("student1"), "never: enrolled, as a manual enrolment: " + never);
        assertEquals(List.of("manual"), lab.rows("CLIENT_DB", "SELECT e.enrol FROM mdl_user_enrolments ue JOIN mdl_enrol e "
                + "ON e.id = ue.enrolid JOIN mdl_user u ON u.id = ue.userid WHERE e.courseid = ? AND u.username = "
                + "'student1'", done.get(chemNever).path("restoredCourseId").asLong()).stream().map(r -> r.get("enrol"))
                .toList());
        assertEquals(List.of("student"), withUsers.get("student1"), "with users: enrolled as before: " + withUsers);
        assertEquals(List.of("editingteacher"), never.get("teacher1"));
        assertEquals("OLD-CHEM201_1", lab.clientCourse(done.get(chemWithUsers).path("restoredCourseId").asLong())
                .path("shortname").asText(), "a taken short name gets Moodle's suffix");
        assertTrue(done.get(chemWithUsers).path("warnings").toString().contains("was taken"),
                done.get(chemWithUsers).path("warnings").toString());

        assertEquals(List.of("0"), selfEnrolmentNamed(done.get(physAlways)), "always: the enrolment methods come along");
        assertEquals(List.of(), selfEnrolmentNamed(done.get(physNever)), "never: they do not");
    }

    @Test
    void the_block_stores_one_backup_per_server_without_user_data_and_one_per_course_with_it() throws Exception {
        // What the claim's rule rests on (RequestClaims.CLAIM_ONE): every backup is stored as backup.mbz, without user
        // data in the admin's area (a later one replaces it whatever its course), with user data in the course's.
        String[] courses = lab.get("SERVER_COURSES_TEACHER1").split(",");
        long first = backupOnServer(courses[0], false);
        long second = backupOnServer(courses[1], false);
        assertEquals(0, downloadFromServer(first), "the first no-user-data archive is gone, replaced by the second");
        assertTrue(downloadFromServer(second) > 0);
        long withUsers = backupOnServer(courses[0], true);
        long otherCourse = backupOnServer(courses[1], true);
        assertTrue(downloadFromServer(withUsers) > 0, "another course's backup with user data is stored elsewhere");
        assertTrue(downloadFromServer(second) > 0, "backups with user data leave the server's no-user-data one alone");
        backupOnServer(courses[0], true);
        assertEquals(0, downloadFromServer(withUsers), "the same course with user data again: replaced");
        assertTrue(downloadFromServer(otherCourse) > 0);
    }

    @Test
    void two_teachers_asking_one_course_share_one_backup_and_each_gets_their_copy() throws Exception {
        long course = Long.parseLong(lab.get("SERVER_COURSE_BIO101_ID"));
        // teacher2 co-teaches the course on the old platform and has an account on the new one (as after a login)
        lab.update("SERVER_DB", "INSERT INTO mdl_role_assignments (roleid, contextid, userid, timemodified, modifierid) "
                + "SELECT r.id, x.id, ?, 0, 2 FROM mdl_role r, mdl_context x WHERE r.shortname = 'editingteacher' "
                + "AND x.contextlevel = 50 AND x.instanceid = ?", Long.parseLong(lab.get("SERVER_USER_TEACHER2_ID")), course);
        lab.update("CLIENT_DB", "INSERT INTO mdl_user (auth, confirmed, mnethostid, username, password, firstname, lastname, "
                + "email) SELECT 'manual', 1, mnethostid, 'teacher2', '', 'Theo', 'Teacher', 'teacher2@example.invalid' "
                + "FROM mdl_user WHERE username = 'teacher1'");
        long first = create(request("SERVER_COURSE_BIO101_ID", false, "always"));
        long second = create(request("SERVER_COURSE_BIO101_ID", false, "always").replace("teacher1", "teacher2"));
        Map<Long, JsonNode> done = performed(List.of(first, second));

        assertEquals(List.of("1"), lab.rows("SERVER_DB", "SELECT count(*) AS n FROM mdl_backup_controllers WHERE "
                + "operation = 'backup' AND itemid = ?", course).stream().map(r -> r.get("n")).toList(),
                "the old platform made one backup for both requests");
        assertTrue(done.get(second).path("events").toString().contains("the archive of request " + first),
                done.get(second).path("events").toString());
        List<String> shortnames = new java.util.ArrayList<>();
        for (long id : List.of(first, second)) {
            long restored = done.get(id).path("restoredCourseId").asLong();
            shortnames.add(lab.clientCourse(restored).path("shortname").asText());
            String requester = id == first ? "teacher1" : "teacher2";
            assertEquals(List.of("editingteacher"), lab.enrolled(restored).get(requester), "each requester in their copy");
        }
        assertEquals(List.of("OLD-BIO101", "OLD-BIO101_1"), shortnames.stream().sorted().toList(),
                "two courses from one archive, restored side by side");
    }

    /** The block's backup function, called as Jouvence calls it; returns the stored file's id. */
    private static long backupOnServer(String course, boolean users) throws Exception {
        String form = "wstoken=" + lab.get("SERVER_TOKEN") + "&moodlewsrestformat=json"
                + "&wsfunction=block_my_external_backup_restore_courses_get_courses_zip&username=teacher1&courseid="
                + course + "&withuserdatas=" + (users ? 1 : 0);
        JsonNode answer = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(lab.get("SERVER_URL")
                        + "/webservice/rest/server.php")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString()).body());
        assertTrue(answer.path("filerecordid").asLong() > 0, answer.toString());
        return answer.path("filerecordid").asLong();
    }

    /** The block's download script; returns the length of the body (0: the file record is gone, transcript D1). */
    private static int downloadFromServer(long fileId) throws Exception {
        String form = "token=" + lab.get("SERVER_TOKEN") + "&filerecordid=" + fileId;
        return HTTP.send(HttpRequest.newBuilder(URI.create(lab.get("SERVER_URL")
                        + "/blocks/my_external_backup_restore_courses/get_user_backup_course_webservice.php"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofByteArray())
                .body().length;
    }

    @Test
    void refusals_not_the_owner_unknown_user_and_a_bad_token_are_errors_in_words() throws Exception {
        long notOwner = create(request("SERVER_COURSE_MATH999_ID", false, "always"));
        long ghost = create("{\"server\":\"old\",\"remoteCourseId\":" + lab.get("SERVER_COURSE_BIO101_ID")
                + ",\"requester\":\"ghost\"}");
        long badToken = create("{\"server\":\"wrong\",\"remoteCourseId\":" + lab.get("SERVER_COURSE_BIO101_ID")
                + ",\"requester\":\"teacher1\"}");
        call("POST", "/queue/run", "");
        JsonNode r1 = awaitFinal(notOwner);
        assertEquals("error", r1.path("status").asText(), r1.toString());
        assertTrue(r1.path("lastError").toString().contains("does not teach this course"), r1.toString());
        JsonNode r2 = awaitFinal(ghost);
        assertEquals("error", r2.path("status").asText(), r2.toString());
        assertTrue(r2.path("lastError").path("message").asText().contains("no account with this username on the course "
                + "server"), r2.toString());
        // A token the site never issued: the server is down for Jouvence (its start-up probe said why), its requests
        // wait for an admin to fix the configuration instead of failing one by one.
        JsonNode wrong = call("GET", "/sites", null).path("wrong");
        assertTrue(wrong.path("down").asBoolean(), wrong.toString());
        assertTrue(wrong.path("problem").asText().contains("token"), wrong.toString());
        JsonNode r3 = call("GET", "/restore-requests/" + badToken, null);
        assertEquals("scheduled", r3.path("status").asText(), "waits, not lost: " + r3);
        // A URL that is not the site's wwwroot: Moodle redirects (the POST would become a GET without its form).
        JsonNode alias = call("GET", "/sites", null).path("alias");
        assertTrue(alias.path("problem").asText().contains("was redirected (HTTP 303) to " + lab.get("SERVER_URL")
                + "/webservice/rest/server.php: jouvence.server.alias.url must be the site's own address"), alias.toString());
        assertEquals(0, lab.clientCoursesNamed("OLD-MATH999"));
    }

    @Test
    void the_bridge_takes_a_row_of_the_real_block_table_and_writes_the_outcome_back() throws Exception {
        long teacher1 = Long.parseLong(lab.get("CLIENT_USER_TEACHER1_ID"));
        long now = System.currentTimeMillis() / 1000;
        lab.update("CLIENT_DB", "INSERT INTO mdl_block_external_backuprestore (userid, externalcourseid, "
                + "externalcoursename, externalmoodleurl, internalcategory, status, withuserdatas, enrolmentmode, "
                + "timecreated, timemodified) VALUES (?, ?, 'Physics 301 (old platform)', ?, 0, 0, 0, 2, ?, ?)",
                teacher1, Long.parseLong(lab.get("SERVER_COURSE_PHYS301_ID")), lab.get("SERVER_URL"), now, now);
        try (ProducerTemplate t = jouvence.getCamelContext().createProducerTemplate()) {
            t.requestBody("direct:bridgeTakeRows", (Object) null);
            assertEquals("1", lab.rows("CLIENT_DB", "SELECT status FROM mdl_block_external_backuprestore").get(0)
                    .get("status"), "taken as the plugin's task takes it");
            long id = call("GET", "/restore-requests?limit=1", null).path("requests").get(0).path("id").asLong();
            call("POST", "/queue/run", "");
            JsonNode r = awaitFinal(id);
            assertEquals(Long.parseLong(lab.get("SERVER_COURSE_PHYS301_ID")), r.path("remoteCourseId").asLong(), r.toString());
            assertEquals("performed", r.path("status").asText(), r.toString());
            t.requestBody("direct:bridgeWriteBack", (Object) null);
            Map<String, String> row = lab.rows("CLIENT_DB", "SELECT status, courseid FROM mdl_block_external_backuprestore")
                    .get(0);
            assertEquals("2", row.get("status"));
            assertEquals(r.path("restoredCourseId").asText(), row.get("courseid"));
        }
    }

    @Test
    void a_restore_cut_by_kill_9_of_its_service_is_resumed_at_the_finish_and_the_course_exists_once(
            @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path work) throws Exception { // its log kept on failure
        int port = LocalJouvence.freePort();
        Properties p = new Properties();
        p.putAll(properties("doomed-replica", port));
        Path config = work.resolve("doomed.properties");
        try (var out = Files.newBufferedWriter(config)) {
            p.store(out, "RealMoodleIT: the replica killed during its restore");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process doomed = new ProcessBuilder(java, "-Xmx256m", "-jar", Path.of("target", "jouvence.jar").toAbsolutePath()
                .toString(), "--config=" + config).redirectErrorStream(true).redirectOutput(work.resolve("doomed.log")
                .toFile()).start();
        try {
            String doomedApi = "http://127.0.0.1:" + port + "/api/v1";
            assertTrue(TestJouvence.poll(Duration.ofMinutes(1), () -> {
                try {
                    return !call(doomedApi, "GET", "/sites", null).isMissingNode();
                } catch (java.io.IOException notYet) {
                    return false;
                }
            }, Boolean::booleanValue), "the packaged replica started");
            JsonNode created = call(doomedApi, "POST", "/restore-requests", request("SERVER_COURSE_BIG401_ID", true,
                    "with-users"));
            assertTrue(created.has("id"), created.toString());
            long id = created.path("id").asLong();
            call(doomedApi, "POST", "/queue/run", "");
            Path marker = staging.resolve(Long.toString(id)).resolve("restore.pid");
            assertTrue(TestJouvence.poll(Duration.ofMinutes(2), () -> Files.exists(marker), Boolean::booleanValue),
                    "the restore started: " + Files.readString(work.resolve("doomed.log")));
            doomed.destroyForcibly(); // SIGKILL: nothing of the JVM runs any more
            doomed.waitFor();
            long php = Long.parseLong(Files.readAllLines(marker).stream().filter(l -> l.startsWith("pid="))
                    .findFirst().orElseThrow().substring(4));
            assertTrue(ProcessHandle.of(php).isPresent() || Files.readString(marker.resolveSibling("restore.log"))
                    .contains("Restored course ID"), "the restore outlived its service");
            assertFalse(TestJouvence.poll(Duration.ofMinutes(3), () -> ProcessHandle.of(php).map(ProcessHandle::isAlive)
                    .orElse(false), alive -> !alive), "the orphaned restore ended by itself");

            jouvence.getCamelContext().getRegistry().lookupByNameAndType("requests", RequestRepository.class)
                    .expireLease(id);
            try (ProducerTemplate t = jouvence.getCamelContext().createProducerTemplate()) {
                t.requestBody("direct:sweepLeases", (Object) null);
            }
            call("POST", "/queue/run", "");
            JsonNode r = awaitFinal(id);
            assertEquals("performed", r.path("status").asText(), r.toString());
            assertTrue(r.path("events").toString().contains("resumed at the finish"), r.path("events").toString());
            assertEquals(1, lab.clientCoursesNamed("OLD-BIG401"), "the course exists once");
            assertEquals(List.of("editingteacher"), lab.enrolled(r.path("restoredCourseId").asLong()).get("teacher1"));
        } finally {
            doomed.destroyForcibly();
        }
    }

    @Test
    void teachers_log_in_to_the_pages_through_the_real_login_token_php() throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> wrong = login(browser, "teacher1", "not-the-password");
        assertEquals(401, wrong.statusCode(), "the login page again, with the reason");
        assertTrue(wrong.body().contains("Wrong username or password."), wrong.body());
        HttpResponse<String> in = login(browser, "teacher1", lab.get("PASSWORD_TEACHER1"));
        assertEquals(303, in.statusCode(), in.body());
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(URI.create(base + in.headers()
                .firstValue("Location").orElseThrow())).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        for (String course : List.of("Biology 101 (old platform)", "Big 401 (old platform)")) {
            assertTrue(page.body().contains(course), "teacher1's courses on the old platform are listed: " + course);
        }
        assertFalse(page.body().contains("Maths 999"), "not another teacher's course");
    }

    // --- helpers ------------------------------------------------------------------------------------------------------

    /** Runs the queue and waits for each request to be performed by the runner (every setting honoured). */
    private static Map<Long, JsonNode> performed(List<Long> ids) throws Exception {
        call("POST", "/queue/run", "");
        Map<Long, JsonNode> done = new HashMap<>();
        for (long id : ids) {
            JsonNode r = awaitFinal(id);
            assertEquals("performed", r.path("status").asText(), r.toString());
            done.put(id, r);
            for (JsonNode w : r.path("warnings")) {
                assertFalse(w.asText().contains("does not pass"), "the runner honours every setting: " + w);
            }
            assertTrue(StreamSupport.stream(r.path("events").spliterator(), false).anyMatch(e ->
                    e.path("step").asText().equals("enrol") && e.path("message").asText().endsWith("by the restore runner")),
                    "enrolled by the runner, no web-service call: " + r.path("events"));
        }
        return done;
    }

    private static String request(String courseKey, boolean withUserData, String mode) {
        return "{\"server\":\"old\",\"remoteCourseId\":" + lab.get(courseKey) + ",\"requester\":\"teacher1\","
                + "\"withUserData\":" + withUserData + ",\"enrolmentMode\":\"" + mode + "\"}";
    }

    /** The status of the restored course's self enrolment instances named as the test named the old one. */
    private static List<String> selfEnrolmentNamed(JsonNode done) throws Exception {
        return lab.rows("CLIENT_DB", "SELECT status FROM mdl_enrol WHERE courseid = ? AND enrol = 'self' AND name = "
                + "'Jouvence self'", done.path("restoredCourseId").asLong()).stream().map(r -> r.get("status")).toList();
    }

    private static HttpResponse<String> login(HttpClient browser, String username, String password) throws Exception {
        String form = browser.send(HttpRequest.newBuilder(URI.create(base + "/login")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher csrf = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(form);
        assertTrue(csrf.find(), form);
        String body = "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&csrf=" + csrf.group(1);
        return browser.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long create(String body) throws Exception {
        JsonNode r = call("POST", "/restore-requests", body);
        assertTrue(r.has("id"), r.toString());
        return r.get("id").asLong();
    }

    private static JsonNode awaitFinal(long id) throws Exception {
        return TestJouvence.poll(Duration.ofMinutes(5), () -> call("GET", "/restore-requests/" + id, null),
                r -> FINAL.contains(r.path("status").asText()));
    }

    private static JsonNode call(String method, String path, String body) throws Exception {
        return call(base + "/api/v1", method, path, body);
    }

    private static JsonNode call(String api, String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(api + path))
                .header("Authorization", "Bearer " + API_TOKEN).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return JSON.readTree(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }
}
