package simulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The simulator against the recorded Moodle 4.4 transcript, over real HTTP. Expected strings are copied verbatim from
 * /work/shared/moodle/protocol-transcript.md (only the site URL is substituted by the simulator's).
 */
class MoodleSimulatorTest {

    // ---- verbatim transcript answers
    private static final String S1 = "{\"sitename\":\"Course Server (old platform)\",\"username\":\"block_my_external_backup_restore_courses_user\",\"firstname\":\"wsuser\",\"lastname\":\"block_my_external_backup_restore_courses_user\",\"fullname\":\"wsuser block_my_external_backup_restore_courses_user\",\"lang\":\"en\",\"userid\":3,\"siteurl\":\"http:\\/\\/127.0.0.1:8081\",\"userpictureurl\":\"http:\\/\\/127.0.0.1:8081\\/theme\\/image.php\\/boost\\/core\\/1795296961\\/u\\/f1\",\"functions\":[{\"name\":\"core_course_get_courses_by_field\",\"version\":\"2024042203.01\"},{\"name\":\"core_webservice_get_site_info\",\"version\":\"2024042203.01\"},{\"name\":\"block_my_external_backup_restore_courses_get_courses_zip\",\"version\":\"2024021600\"},{\"name\":\"block_my_external_backup_restore_courses_get_courses\",\"version\":\"2024021600\"}],\"downloadfiles\":1,\"uploadfiles\":0,\"release\":\"4.4.3+ (Build: 20240903)\",\"version\":\"2024042203.01\",\"mobilecssurl\":\"\",\"advancedfeatures\":[{\"name\":\"usecomments\",\"value\":1},{\"name\":\"usetags\",\"value\":1},{\"name\":\"enablenotes\",\"value\":1},{\"name\":\"messaging\",\"value\":1},{\"name\":\"enableblogs\",\"value\":1},{\"name\":\"enablecompletion\",\"value\":1},{\"name\":\"enablebadges\",\"value\":1},{\"name\":\"messagingallusers\",\"value\":0},{\"name\":\"enablecustomreports\",\"value\":1},{\"name\":\"enableglobalsearch\",\"value\":0},{\"name\":\"mnet_dispatcher_mode\",\"value\":0},{\"name\":\"enablecompetencies\",\"value\":1}],\"usercanmanageownfiles\":true,\"userquota\":104857600,\"usermaxuploadfilesize\":104857600,\"userhomepage\":1,\"userprivateaccesskey\":\"cafaed2a8e388a2a04249f5a7d1e4c0c\",\"siteid\":1,\"sitecalendartype\":\"gregorian\",\"usercalendartype\":\"gregorian\",\"userissiteadmin\":false,\"theme\":\"boost\",\"limitconcurrentlogins\":0,\"policyagreed\":0}";
    private static final String S2 = "[{\"id\":4,\"shortname\":\"OLD-PHYS301\",\"category\":2,\"sortorder\":20002,\"fullname\":\"Physics 301 (old platform)\",\"idnumber\":\"OLD-PHYS301\",\"startdate\":1795219200,\"visible\":1,\"groupmode\":0,\"groupmodeforce\":0,\"categoryidentifier\":null,\"concernedusers\":\"\"},{\"id\":3,\"shortname\":\"OLD-CHEM201\",\"category\":2,\"sortorder\":20003,\"fullname\":\"Chemistry 201 (old platform)\",\"idnumber\":\"OLD-CHEM201\",\"startdate\":1795219200,\"visible\":1,\"groupmode\":0,\"groupmodeforce\":0,\"categoryidentifier\":null,\"concernedusers\":\"\"},{\"id\":2,\"shortname\":\"OLD-BIO101\",\"category\":2,\"sortorder\":20004,\"fullname\":\"Biology 101 (old platform)\",\"idnumber\":\"OLD-BIO101\",\"startdate\":1795219200,\"visible\":1,\"groupmode\":0,\"groupmodeforce\":0,\"categoryidentifier\":null,\"concernedusers\":\"\"}]";
    private static final String S3 = "[{\"id\":5,\"shortname\":\"OLD-MATH999\",\"category\":2,\"sortorder\":20001,\"fullname\":\"Maths 999 - owned by teacher2 only\",\"idnumber\":\"OLD-MATH999\",\"startdate\":1795219200,\"visible\":1,\"groupmode\":0,\"groupmodeforce\":0,\"categoryidentifier\":null,\"concernedusers\":\"\"}]";
    private static final String S5 = "{\"exception\":\"block_my_external_backup_restore_courses_invalid_username_exception\",\"errorcode\":\"invalidusername\",\"message\":\"debug\\/invalidusername\"}";
    private static final String S8 = "{\"exception\":\"Exception\",\"message\":\"[[notcourseowner]]\"}";
    private static final String S11 = "{\"exception\":\"backup_controller_exception\",\"errorcode\":\"backup_check_course_not_exists\",\"message\":\"error\\/backup_check_course_not_exists\"}";
    private static final String S13 = "{\"exception\":\"moodle_exception\",\"errorcode\":\"invalidtoken\",\"message\":\"Invalid token - token not found\"}";
    private static final String S14 = "{\"exception\":\"dml_missing_record_exception\",\"errorcode\":\"invalidrecord\",\"message\":\"Can't find data record in database table external_functions.\"}";
    private static final String S15 = "{\"exception\":\"webservice_access_exception\",\"errorcode\":\"accessexception\",\"message\":\"Access control exception\"}";
    private static final String S16 = "{\"exception\":\"invalid_parameter_exception\",\"errorcode\":\"invalidparameter\",\"message\":\"Invalid parameter value detected\"}";
    private static final String S17 = "{\"courses\":[{\"id\":2,\"fullname\":\"Biology 101 (old platform)\",\"displayname\":\"Biology 101 (old platform)\",\"shortname\":\"OLD-BIO101\",\"courseimage\":\"http:\\/\\/127.0.0.1:8081\\/pluginfile.php\\/16\\/course\\/generated\\/course.svg\",\"categoryid\":2,\"categoryname\":\"Old platform - Sciences 2024\",\"sortorder\":20004,\"summary\":\"Summary of Biology 101 (old platform)\",\"summaryformat\":1,\"summaryfiles\":[],\"overviewfiles\":[],\"showactivitydates\":false,\"showcompletionconditions\":true,\"contacts\":[{\"id\":4,\"fullname\":\"Tina Teacher\"}],\"enrollmentmethods\":[\"manual\"]}],\"warnings\":[]}";
    private static final String S22 = "[{\"id\":4,\"shortname\":\"OLD-PHYS301\",\"category\":2,\"sortorder\":20002,\"fullname\":\"Physics 301 (old platform)\",\"idnumber\":\"OLD-PHYS301\",\"startdate\":1795219200,\"visible\":1,\"groupmode\":0,\"groupmodeforce\":0,\"categoryidentifier\":\"OLDCAT-2024\",\"concernedusers\":\"\"},{\"id\":3,\"shortname\":\"OLD-CHEM201\",\"category\":2,\"sortorder\":20003,\"fullname\":\"Chemistry 201 (old platform)\",\"idnumber\":\"OLD-CHEM201\",\"startdate\":1795219200,\"visible\":1,\"groupmode\":0,\"groupmodeforce\":0,\"categoryidentifier\":\"OLDCAT-2024\",\"concernedusers\":\"\"},{\"id\":2,\"shortname\":\"OLD-BIO101\",\"category\":2,\"sortorder\":20004,\"fullname\":\"Biology 101 (old platform)\",\"idnumber\":\"OLD-BIO101\",\"startdate\":1795219200,\"visible\":1,\"groupmode\":0,\"groupmodeforce\":0,\"categoryidentifier\":\"OLDCAT-2024\",\"concernedusers\":\"\"}]";
    private static final String C1 = "{\"sitename\":\"Course Client (new platform)\",\"username\":\"ws_integration\",\"firstname\":\"Integration\",\"lastname\":\"Service\",\"fullname\":\"Integration Service\",\"lang\":\"en\",\"userid\":4,\"siteurl\":\"http:\\/\\/127.0.0.1:8082\",\"userpictureurl\":\"http:\\/\\/127.0.0.1:8082\\/theme\\/image.php\\/boost\\/core\\/1795297071\\/u\\/f1\",\"functions\":[{\"name\":\"enrol_manual_enrol_users\",\"version\":\"2024042200\"},{\"name\":\"core_user_get_users_by_field\",\"version\":\"2024042203.01\"},{\"name\":\"core_course_get_courses_by_field\",\"version\":\"2024042203.01\"},{\"name\":\"core_course_get_categories\",\"version\":\"2024042203.01\"},{\"name\":\"core_webservice_get_site_info\",\"version\":\"2024042203.01\"}],\"downloadfiles\":1,\"uploadfiles\":0,\"release\":\"4.4.3+ (Build: 20240903)\",\"version\":\"2024042203.01\",\"mobilecssurl\":\"\",\"advancedfeatures\":[{\"name\":\"usecomments\",\"value\":1},{\"name\":\"usetags\",\"value\":1},{\"name\":\"enablenotes\",\"value\":1},{\"name\":\"messaging\",\"value\":1},{\"name\":\"enableblogs\",\"value\":1},{\"name\":\"enablecompletion\",\"value\":1},{\"name\":\"enablebadges\",\"value\":1},{\"name\":\"messagingallusers\",\"value\":0},{\"name\":\"enablecustomreports\",\"value\":1},{\"name\":\"enableglobalsearch\",\"value\":0},{\"name\":\"mnet_dispatcher_mode\",\"value\":0},{\"name\":\"enablecompetencies\",\"value\":1}],\"usercanmanageownfiles\":true,\"userquota\":104857600,\"usermaxuploadfilesize\":104857600,\"userhomepage\":1,\"userprivateaccesskey\":\"19e73807708caad419271dac83346f63\",\"siteid\":1,\"sitecalendartype\":\"gregorian\",\"usercalendartype\":\"gregorian\",\"userissiteadmin\":false,\"theme\":\"boost\",\"limitconcurrentlogins\":0,\"policyagreed\":0}";
    private static final String C3 = "[{\"id\":3,\"username\":\"teacher1\",\"firstname\":\"Tina\",\"lastname\":\"Teacher\",\"fullname\":\"Tina Teacher\",\"email\":\"teacher1@example.invalid\",\"department\":\"\",\"firstaccess\":0,\"lastaccess\":0,\"auth\":\"manual\",\"suspended\":false,\"confirmed\":true,\"lang\":\"en\",\"theme\":\"\",\"timezone\":\"99\",\"mailformat\":1,\"trackforums\":0,\"profileimageurlsmall\":\"http:\\/\\/127.0.0.1:8082\\/theme\\/image.php\\/boost\\/core\\/1795297071\\/u\\/f2\",\"profileimageurl\":\"http:\\/\\/127.0.0.1:8082\\/theme\\/image.php\\/boost\\/core\\/1795297071\\/u\\/f1\"}]";
    private static final String C4 = "[{\"id\":2,\"name\":\"Restored from old platform\",\"idnumber\":\"RESTORED\",\"description\":\"\",\"descriptionformat\":0,\"parent\":0,\"sortorder\":20000,\"coursecount\":1,\"visible\":1,\"visibleold\":1,\"timemodified\":1795297153,\"depth\":1,\"path\":\"\\/2\",\"theme\":\"\"}]";
    private static final String C5 = "[{\"id\":1,\"name\":\"Category 1\",\"idnumber\":null,\"description\":\"\",\"descriptionformat\":1,\"parent\":0,\"sortorder\":10000,\"coursecount\":0,\"visible\":1,\"visibleold\":1,\"timemodified\":1795296999,\"depth\":1,\"path\":\"\\/1\",\"theme\":\"\"},{\"id\":2,\"name\":\"Restored from old platform\",\"idnumber\":\"RESTORED\",\"description\":\"\",\"descriptionformat\":0,\"parent\":0,\"sortorder\":20000,\"coursecount\":1,\"visible\":1,\"visibleold\":1,\"timemodified\":1795297153,\"depth\":1,\"path\":\"\\/2\",\"theme\":\"\"},{\"id\":3,\"name\":\"Sciences 2024 (new)\",\"idnumber\":\"OLDCAT-2024\",\"description\":\"\",\"descriptionformat\":0,\"parent\":0,\"sortorder\":30000,\"coursecount\":0,\"visible\":1,\"visibleold\":1,\"timemodified\":1795297153,\"depth\":1,\"path\":\"\\/3\",\"theme\":\"\"}]";
    private static final String C6 = "{\"courses\":[{\"id\":2,\"fullname\":\"Restore as a new course\",\"displayname\":\"Restore as a new course\",\"shortname\":\"New course\",\"courseimage\":\"http:\\/\\/127.0.0.1:8082\\/pluginfile.php\\/15\\/course\\/generated\\/course.svg\",\"categoryid\":2,\"categoryname\":\"Restored from old platform\",\"sortorder\":0,\"summary\":\"Summary of Biology 101 (old platform)\",\"summaryformat\":1,\"summaryfiles\":[],\"overviewfiles\":[],\"showactivitydates\":false,\"showcompletionconditions\":true,\"contacts\":[],\"enrollmentmethods\":[\"manual\"],\"idnumber\":\"\",\"format\":\"topics\",\"showgrades\":1,\"newsitems\":0,\"startdate\":1795219200,\"enddate\":0,\"maxbytes\":0,\"showreports\":0,\"visible\":1,\"groupmode\":0,\"groupmodeforce\":0,\"defaultgroupingid\":0,\"enablecompletion\":0,\"completionnotify\":0,\"lang\":\"\",\"theme\":\"\",\"marker\":0,\"legacyfiles\":0,\"calendartype\":\"\",\"timecreated\":1795297149,\"timemodified\":1795297149,\"requested\":0,\"cacherev\":1795297192,\"filters\":[{\"filter\":\"displayh5p\",\"localstate\":0,\"inheritedstate\":1},{\"filter\":\"activitynames\",\"localstate\":0,\"inheritedstate\":1},{\"filter\":\"mathjaxloader\",\"localstate\":0,\"inheritedstate\":1},{\"filter\":\"emoticon\",\"localstate\":0,\"inheritedstate\":1},{\"filter\":\"urltolink\",\"localstate\":0,\"inheritedstate\":1},{\"filter\":\"mediaplugin\",\"localstate\":0,\"inheritedstate\":1}],\"courseformatoptions\":[{\"name\":\"hiddensections\",\"value\":1},{\"name\":\"coursedisplay\",\"value\":0},{\"name\":\"indentation\",\"value\":\"1\"}]}],\"warnings\":[]}";
    private static final String C8 = "{\"exception\":\"coding_exception\",\"errorcode\":\"codingerror\",\"message\":\"Coding error detected, it must be fixed by a programmer: User ID does not exist or is deleted!\"}";
    private static final String C10 = "{\"exception\":\"invalid_parameter_exception\",\"errorcode\":\"invalidparameter\",\"message\":\"Invalid parameter value detected\"}";
    private static final String C17 = "{\"courses\":[{\"id\":2,\"fullname\":\"Restore as a new course\",\"displayname\":\"Restore as a new course\",\"shortname\":\"New course\",\"courseimage\":\"http:\\/\\/127.0.0.1:8082\\/pluginfile.php\\/15\\/course\\/generated\\/course.svg\",\"categoryid\":2,\"categoryname\":\"Restored from old platform\",\"sortorder\":0,\"summary\":\"Summary of Biology 101 (old platform)\",\"summaryformat\":1,\"summaryfiles\":[],\"overviewfiles\":[],\"showactivitydates\":false,\"showcompletionconditions\":true,\"contacts\":[{\"id\":3,\"fullname\":\"Tina Teacher\"}],\"enrollmentmethods\":[\"manual\"],\"idnumber\":\"\",\"format\":\"topics\",\"showgrades\":1,\"newsitems\":0,\"startdate\":1795219200,\"enddate\":0,\"maxbytes\":0,\"showreports\":0,\"visible\":1,\"groupmode\":0,\"groupmodeforce\":0,\"defaultgroupingid\":0,\"enablecompletion\":0,\"completionnotify\":0,\"lang\":\"\",\"theme\":\"\",\"marker\":0,\"legacyfiles\":0,\"calendartype\":\"\",\"timecreated\":1795297149,\"timemodified\":1795297149,\"requested\":0,\"cacherev\":1795297192,\"filters\":[{\"filter\":\"displayh5p\",\"localstate\":0,\"inheritedstate\":1},{\"filter\":\"activitynames\",\"localstate\":0,\"inheritedstate\":1},{\"filter\":\"mathjaxloader\",\"localstate\":0,\"inheritedstate\":1},{\"filter\":\"emoticon\",\"localstate\":0,\"inheritedstate\":1},{\"filter\":\"urltolink\",\"localstate\":0,\"inheritedstate\":1},{\"filter\":\"mediaplugin\",\"localstate\":0,\"inheritedstate\":1}],\"courseformatoptions\":[{\"name\":\"hiddensections\",\"value\":1},{\"name\":\"coursedisplay\",\"value\":0},{\"name\":\"indentation\",\"value\":\"1\"}]}],\"warnings\":[]}";
    private static final String C18 = "{\"exception\":\"moodle_exception\",\"errorcode\":\"wsusercannotassign\",\"message\":\"You don't have the permission to assign this role (7) to this user (3) in this course (2).\"}";
    private static final String C21 = "[{\"id\":5,\"username\":\"student1\",\"firstname\":\"Sam\",\"lastname\":\"Student\",\"fullname\":\"Sam Student\",\"email\":\"student1@example.invalid\",\"department\":\"\",\"firstaccess\":0,\"lastaccess\":0,\"auth\":\"manual\",\"suspended\":false,\"confirmed\":true,\"lang\":\"en\",\"theme\":\"\",\"timezone\":\"99\",\"mailformat\":1,\"trackforums\":0,\"profileimageurlsmall\":\"http:\\/\\/127.0.0.1:8082\\/theme\\/image.php\\/boost\\/core\\/1795297071\\/u\\/f2\",\"profileimageurl\":\"http:\\/\\/127.0.0.1:8082\\/theme\\/image.php\\/boost\\/core\\/1795297071\\/u\\/f1\"}]";
    private static final String D3 = "{\"error\":\"Invalid token - token not found\",\"errorcode\":\"invalidtoken\",\"stacktrace\":null,\"debuginfo\":null,\"reproductionlink\":null}";
    private static final String D6 = "{\"error\":\"A required parameter (filerecordid) was missing\",\"errorcode\":\"missingparam\",\"stacktrace\":null,\"debuginfo\":null,\"reproductionlink\":null}";

    private static final String STOKEN = "SERVERTOKEN0000000000000000000001";
    private static final String CTOKEN = "CLIENTTOKEN0000000000000000000002";
    private static final String ZIP = MoodleSimulator.FN_GET_COURSES_ZIP;
    private static final String COURSES = MoodleSimulator.FN_GET_COURSES;
    private static final String ENROL = MoodleSimulator.FN_ENROL;
    private static final String UPDATE = MoodleSimulator.FN_UPDATE_COURSES;
    private static final String EMPTY_JSON_CT = "application/json; charset=utf-8";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static MoodleSimulator server;
    private static MoodleSimulator client;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startSites() {
        server = MoodleSimulator.courseServer(STOKEN).start();
        client = MoodleSimulator.courseClient(CTOKEN).start();
    }

    @AfterAll
    static void stopSites() {
        server.close();
        client.close();
    }

    @BeforeEach
    void resetSites() {
        server.reset();
        client.reset();
    }

    // ================================================================ course server: REST

    @Test
    void s1SiteInfo() throws Exception {
        assertEquals(site(S1, server), ws(server, MoodleSimulator.FN_SITE_INFO));
        assertTrue(server.url().matches("http://127\\.0\\.0\\.1:\\d+"));
    }

    @Test
    void s2GetCoursesTeacher1() throws Exception {
        String all = ws(server, COURSES, "username", "teacher1", "concernedroles", "editingteacher");
        // Course 6 (created after S2 was recorded) comes last; the first three are S2 verbatim.
        assertTrue(all.startsWith(S2.substring(0, S2.length() - 1) + ",{\"id\":6,\"shortname\":\"OLD-BIG401\""), all);
        server.deleteCourse(6);
        assertEquals(S2, ws(server, COURSES, "username", "teacher1", "concernedroles", "editingteacher"));
        assertEquals(S2, ws(server, COURSES, "username", "teacher1", "concernedroles", "")); // S21
        assertEquals(S3, ws(server, COURSES, "username", "teacher2", "concernedroles", "editingteacher"));
        assertEquals("[]", ws(server, COURSES, "username", "student1", "concernedroles", "editingteacher")); // S4
        assertEquals("[]", ws(server, COURSES, "username", "student1", "concernedroles", "student")); // S20
        server.setRestoreCourseInOriginalCategory(true);
        assertEquals(S22, ws(server, COURSES, "username", "teacher1", "concernedroles", "editingteacher"));
    }

    @Test
    void s5GetCoursesUnknownUser() throws Exception {
        assertEquals(S5, ws(server, COURSES, "username", "nosuchuser", "concernedroles", "editingteacher"));
    }

    @Test
    void s6d4BackupCourse2AndDownloadTheRealArchive() throws Exception {
        assertEquals("{\"filename\":\"\",\"filerecordid\":22}", ws(server, ZIP, "username", "teacher1", "courseid", "2"));
        Resp d = download(server, "token=" + STOKEN + "&filerecordid=22");
        assertEquals(200, d.status());
        assertArrayEquals(realArchive("course2-bio101-nouserdata.mbz"), d.body());
        assertEquals("application/vnd.moodle.backup", d.header("Content-Type"));
        assertEquals("8160", d.header("Content-Length"));
        assertEquals("inline; filename=\"backup.mbz\"", d.header("Content-Disposition"));
        assertEquals("\"be1d6d48a8c78ca9397e826fed245e36ef9da51a\"", d.header("Etag"));
        assertEquals("bytes", d.header("Accept-Ranges"));
        assertEquals("private, max-age=21600, no-transform", d.header("Cache-Control"));
        assertNotNull(d.header("Last-Modified"));
        assertNotNull(d.header("Expires"));
        assertEquals(List.of(new MoodleSimulator.Backup(22, 2, false, 8160,
                "be1d6d48a8c78ca9397e826fed245e36ef9da51a", true)), server.backups());
    }

    @Test
    void s8s12NotCourseOwner() throws Exception {
        assertEquals(S8, ws(server, ZIP, "username", "teacher1", "courseid", "5"));
        assertEquals("{\"exception\":\"Exception\",\"message\":\"[[notcourseowner]]\"}",
                ws(server, ZIP, "username", "teacher1", "courseid", "9999"));
        server.removeTeacher(4, "teacher1");
        assertEquals(S8, ws(server, ZIP, "username", "teacher1", "courseid", "4"));
        assertTrue(server.backups().isEmpty());
    }

    @Test
    void s9ZipUnknownUser() throws Exception {
        assertEquals(S5, ws(server, ZIP, "username", "nosuchuser", "courseid", "2"));
    }

    @Test
    void s10EmptyUsernameSkipsOwnershipCheck() throws Exception {
        assertEquals("{\"filename\":\"\",\"filerecordid\":22}", ws(server, ZIP, "username", "", "courseid", "5"));
        assertEquals(5, server.backups().get(0).courseid());
    }

    @Test
    void s11EmptyUsernameNonExistentCourse() throws Exception {
        assertEquals(S11, ws(server, ZIP, "username", "", "courseid", "9999"));
    }

    @Test
    void s13BadTokenAndRevocation() throws Exception {
        assertEquals(S13, wsWithToken(server, "00000000000000000000000000000000", MoodleSimulator.FN_SITE_INFO));
        assertEquals(S13, wsWithToken(client, STOKEN, MoodleSimulator.FN_SITE_INFO)); // C16: other site's token
        server.revokeToken();
        assertEquals(S13, ws(server, MoodleSimulator.FN_SITE_INFO));
        assertEquals(S13, ws(server, COURSES, "username", "teacher1", "concernedroles", "editingteacher"));
        server.token(STOKEN);
        assertTrue(ws(server, MoodleSimulator.FN_SITE_INFO).startsWith("{\"sitename\":"));
    }

    @Test
    void s14UnknownFunction() throws Exception {
        assertEquals(S14, ws(server, "block_my_external_backup_restore_courses_does_not_exist"));
        assertEquals(S14, ws(client, "local_nothing_here")); // C15
    }

    @Test
    void s15FunctionNotInService() throws Exception {
        assertEquals(S15, ws(server, MoodleSimulator.FN_USERS_BY_FIELD, "field", "username", "values[0]", "teacher1"));
        assertEquals(S15, ws(client, "core_course_create_courses", "courses[0][fullname]", "x",
                "courses[0][shortname]", "x", "courses[0][categoryid]", "2")); // C14
        server.removeFunction(ZIP);
        assertEquals(S15, ws(server, ZIP, "username", "teacher1", "courseid", "2"));
        assertFalse(ws(server, MoodleSimulator.FN_SITE_INFO).contains(ZIP));
        server.addFunction(ZIP);
        assertTrue(ws(server, MoodleSimulator.FN_SITE_INFO).contains(ZIP));
    }

    @Test
    void s16MissingOrUnexpectedParameter() throws Exception {
        assertEquals(S16, ws(server, COURSES, "username", "teacher1"));
        assertEquals(S16, ws(server, ZIP, "courseid", "2")); // username is required even if it may be empty
        assertEquals(S16, ws(server, ZIP, "username", "teacher1", "courseid", "2", "withuserdata", "1")); // typo
        assertEquals(S16, ws(server, ZIP, "username", "teacher1", "courseid", "2", "withuserdatas", "true"));
        assertTrue(server.backups().isEmpty());
    }

    @Test
    void s17CoursesByFieldOnServer() throws Exception {
        assertEquals(site(S17, server), ws(server, MoodleSimulator.FN_COURSES_BY_FIELD, "field", "id", "value", "2"));
        assertEquals("{\"courses\":[],\"warnings\":[]}",
                ws(server, MoodleSimulator.FN_COURSES_BY_FIELD, "field", "id", "value", "9999"));
    }

    @Test
    void s18InvalidParameterType() throws Exception {
        assertEquals(S16, ws(server, ZIP, "username", "teacher1", "courseid", "abc"));
    }

    @Test
    void restParametersInQueryStringAndRecording() throws Exception {
        // The plugin puts wstoken/wsfunction/format in the query string and the function's parameters in the body.
        String q = "wstoken=" + STOKEN + "&wsfunction=" + COURSES + "&moodlewsrestformat=json";
        Resp r = post(server, MoodleSimulator.REST_PATH + "?" + q, "username", "teacher2", "concernedroles", "x");
        assertEquals(S3, r.text());
        assertEquals("application/json", r.header("Content-Type"));
        Map<String, String> call = server.calls(COURSES).get(0);
        assertEquals("teacher2", call.get("username"));
        assertEquals(STOKEN, call.get("wstoken"));
        assertEquals("POST " + MoodleSimulator.REST_PATH + "?" + q + " HTTP/1.1", server.requestLines().get(0));
        // Without moodlewsrestformat Moodle answers XML.
        Resp xml = post(server, MoodleSimulator.REST_PATH, "wstoken", STOKEN, "wsfunction", COURSES,
                "username", "teacher2", "concernedroles", "editingteacher");
        assertTrue(xml.text().startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<RESPONSE>\n<MULTIPLE>\n"
                + "<SINGLE>\n<KEY name=\"id\"><VALUE>5</VALUE>\n</KEY>\n"), xml.text());
    }

    // ================================================================ course server: downloads

    @Test
    void d1SharedSlotOverwrittenGivesEmptyBody() throws Exception {
        assertEquals("{\"filename\":\"\",\"filerecordid\":22}", ws(server, ZIP, "username", "teacher1", "courseid", "2"));
        assertEquals("{\"filename\":\"\",\"filerecordid\":23}", ws(server, ZIP, "username", "", "courseid", "5"));
        Resp d = download(server, "token=" + STOKEN + "&filerecordid=22");
        assertEmptyFailure(d);
        assertFalse(server.backups().get(0).available());
        assertTrue(server.backups().get(1).available());
        assertEquals(200, download(server, "token=" + STOKEN + "&filerecordid=23").status());
    }

    @Test
    void d2WithUserDataLivesInTheCourseArea() throws Exception {
        assertEquals("{\"filename\":\"\",\"filerecordid\":22}", ws(server, ZIP, "username", "teacher1", "courseid", "2"));
        assertEquals("{\"filename\":\"\",\"filerecordid\":24}",
                ws(server, ZIP, "username", "teacher1", "courseid", "3", "withuserdatas", "1")); // S7
        // A no-user-data backup does not touch the course area.
        ws(server, ZIP, "username", "teacher1", "courseid", "4");
        Resp d = download(server, "token=" + STOKEN + "&filerecordid=24");
        assertArrayEquals(realArchive("course3-chem201-withuserdata.mbz"), d.body());
        assertEquals("11618", d.header("Content-Length"));
        assertEquals("\"a6f9cc4ae1cde1121f56b5d69566444cba50e33a\"", d.header("Etag"));
        assertEquals("application/vnd.moodle.backup", d.header("Content-Type"));
        // A new with-user-data backup of the same course replaces that course's previous one.
        ws(server, ZIP, "username", "teacher1", "courseid", "3", "withuserdatas", "1");
        assertEmptyFailure(download(server, "token=" + STOKEN + "&filerecordid=24"));
    }

    @Test
    void d3DownloadBadToken() throws Exception {
        Resp d = download(server, "token=deadbeef&filerecordid=24");
        assertEquals(200, d.status());
        assertEquals(D3, d.text());
        assertEquals(EMPTY_JSON_CT, d.header("Content-Type"));
        assertEquals("129", d.header("Content-Length"));
        assertEquals(List.of("no-store, no-cache, must-revalidate", "post-check=0, pre-check=0"),
                d.headers().allValues("Cache-Control"));
        assertEquals("none", d.header("Accept-Ranges"));
    }

    @Test
    void d5DownloadUnknownId() throws Exception {
        assertEmptyFailure(download(server, "token=" + STOKEN + "&filerecordid=999999"));
    }

    @Test
    void d6DownloadMissingFilerecordid() throws Exception {
        Resp d = download(server, "token=" + STOKEN);
        assertEquals(D6, d.text());
        assertEquals("145", d.header("Content-Length"));
        assertEquals(EMPTY_JSON_CT, d.header("Content-Type"));
    }

    @Test
    void d11DownloadAnyStoredFile() throws Exception {
        Resp d = download(server, "token=" + STOKEN + "&filerecordid=8");
        assertEquals("Test resource resource1.txt file", d.text());
        assertEquals("text/plain; charset=utf-8", d.header("Content-Type"));
        assertEquals("inline; filename=\"resource1.txt\"", d.header("Content-Disposition"));
        assertEquals("\"1b7a98807a781c03ee96add6edf22e947b4014f6\"", d.header("Etag"));
        assertEquals("32", d.header("Content-Length"));
        assertEquals("none", d.header("Accept-Ranges"));
        // Params in a POST body are accepted too.
        Resp p = post(server, MoodleSimulator.DOWNLOAD_PATH, "token", STOKEN, "filerecordid", "8");
        assertEquals("Test resource resource1.txt file", p.text());
    }

    @Test
    void rangeRequestOnBackup() throws Exception {
        ws(server, ZIP, "username", "teacher1", "courseid", "2");
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(server.url()
                + MoodleSimulator.DOWNLOAD_PATH + "?token=" + STOKEN + "&filerecordid=22")).header("Range", "bytes=100-")
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(206, r.statusCode());
        byte[] full = realArchive("course2-bio101-nouserdata.mbz");
        assertEquals("bytes 100-8159/8160", r.headers().firstValue("Content-Range").orElseThrow());
        assertArrayEquals(java.util.Arrays.copyOfRange(full, 100, full.length), r.body());
    }

    @Test
    void archiveOverrides() throws Exception {
        ws(server, ZIP, "username", "teacher1", "courseid", "2");
        String q = "token=" + STOKEN + "&filerecordid=22";

        server.archiveOverride(MoodleSimulator.Kind.EMPTY_BODY, 1);
        assertEmptyFailure(download(server, q));
        assertEquals(8160, download(server, q).body().length); // one-shot

        server.archiveOverride(MoodleSimulator.Kind.JSON_ERROR, 1);
        assertEquals(D3, download(server, q).text());

        server.archiveOverride(MoodleSimulator.Kind.GARBAGE, 1);
        Resp g = download(server, q);
        assertEquals("application/vnd.moodle.backup", g.header("Content-Type"));
        assertFalse((g.body()[0] & 0xff) == 0x1f || g.body()[0] == 'P');
        Path garbage = Files.write(tmp.resolve("garbage.mbz"), g.body());
        assertThrows(IOException.class, () -> SimulatedArchive.inspect(garbage));

        server.archiveOverride(MoodleSimulator.Kind.NO_BACKUP_XML, 1);
        Resp nx = download(server, q);
        assertEquals(0x1f, nx.body()[0] & 0xff);
        Path noXml = Files.write(tmp.resolve("noxml.mbz"), nx.body());
        IOException e = assertThrows(IOException.class, () -> SimulatedArchive.inspect(noXml));
        assertTrue(e.getMessage().contains("moodle_backup.xml"), e.getMessage());

        server.archiveOverride(MoodleSimulator.Kind.TRUNCATED);
        assertThrows(IOException.class, () -> HTTP.send(HttpRequest.newBuilder(URI.create(server.url()
                + MoodleSimulator.DOWNLOAD_PATH + "?" + q)).GET().build(), HttpResponse.BodyHandlers.ofByteArray()));
        assertThrows(IOException.class, () -> HTTP.send(HttpRequest.newBuilder(URI.create(server.url()
                + MoodleSimulator.DOWNLOAD_PATH + "?" + q)).GET().build(), HttpResponse.BodyHandlers.ofByteArray()));
        server.archiveOverride(null);
        assertEquals(8160, download(server, q).body().length);
    }

    @Test
    void failureInjectionAndFilerecordidOverride() throws Exception {
        server.failNextCalls(ZIP, 2, 503);
        for (int i = 0; i < 2; i++) {
            Resp r = post(server, MoodleSimulator.REST_PATH, "wstoken", STOKEN, "wsfunction", ZIP,
                    "moodlewsrestformat", "json", "username", "teacher1", "courseid", "2");
            assertEquals(503, r.status());
            assertTrue(r.text().contains("<title>503 Service Unavailable</title>"), r.text());
            assertTrue(r.header("Content-Type").startsWith("text/html"));
        }
        assertEquals("{\"filename\":\"\",\"filerecordid\":22}", ws(server, ZIP, "username", "teacher1", "courseid", "2"));
        assertEquals(3, server.calls(ZIP).size());

        server.failNextCalls(MoodleSimulator.DOWNLOAD, 1, 500);
        assertEquals(500, download(server, "token=" + STOKEN + "&filerecordid=22").status());
        assertEquals(200, download(server, "token=" + STOKEN + "&filerecordid=22").status());

        server.filerecordidOverride(0, 1);
        assertEquals("{\"filename\":\"\",\"filerecordid\":0}", ws(server, ZIP, "username", "teacher1", "courseid", "4"));
        assertEquals(1, server.backups().size());
    }

    @Test
    void concurrentNoUserDataBackupsShareOneSlot() throws Exception {
        server.backupLatency(Duration.ofMillis(400));
        CompletableFuture<String> a = CompletableFuture.supplyAsync(
                () -> wsUnchecked(server, ZIP, "username", "teacher1", "courseid", "2"));
        CompletableFuture<String> b = CompletableFuture.supplyAsync(
                () -> wsUnchecked(server, ZIP, "username", "teacher1", "courseid", "4"));
        int idA = JSON.readTree(a.get(20, TimeUnit.SECONDS)).get("filerecordid").asInt();
        int idB = JSON.readTree(b.get(20, TimeUnit.SECONDS)).get("filerecordid").asInt();
        assertEquals(2, server.maxConcurrentSharedSlotBackups());
        // The backup that finished first was deleted by the second one: its download is an empty body.
        assertEmptyFailure(download(server, "token=" + STOKEN + "&filerecordid=" + Math.min(idA, idB)));
        assertEquals(200, download(server, "token=" + STOKEN + "&filerecordid=" + Math.max(idA, idB)).status());
        assertTrue(download(server, "token=" + STOKEN + "&filerecordid=" + Math.max(idA, idB)).body().length > 0);
    }

    @Test
    void syntheticArchiveOf50MiBIsStreamedFromDisk() throws Exception {
        long padding = 50L * 1024 * 1024;
        server.paddingBytes(padding);
        int id = JSON.readTree(ws(server, ZIP, "username", "teacher1", "courseid", "4")).get("filerecordid").asInt();
        MoodleSimulator.Backup backup = server.backups().get(0);
        assertTrue(backup.size() > padding, "archive on disk: " + backup.size());

        long before = usedHeapAfterGc();
        Path target = tmp.resolve("big.mbz");
        HttpResponse<Path> r = HTTP.send(HttpRequest.newBuilder(URI.create(server.url()
                + MoodleSimulator.DOWNLOAD_PATH + "?token=" + STOKEN + "&filerecordid=" + id)).GET().build(),
                HttpResponse.BodyHandlers.ofFile(target));
        long grown = usedHeapAfterGc() - before;
        assertTrue(grown < 20L * 1024 * 1024, "heap grew by " + grown);
        assertEquals(200, r.statusCode());
        assertEquals(Long.toString(backup.size()), r.headers().firstValue("Content-Length").orElseThrow());
        assertEquals(backup.size(), Files.size(target));
        assertEquals("\"" + sha1(target) + "\"", r.headers().firstValue("Etag").orElseThrow());

        SimulatedArchive.Inspection info = SimulatedArchive.inspect(target);
        assertEquals("OLD-PHYS301", info.shortname());
        assertEquals("Physics 301 (old platform)", info.fullname());
        assertEquals(4, info.originalCourseId());
        assertEquals("4.4.3+ (Build: 20240903)", info.release());
        assertFalse(info.withUserData());
    }

    @Test
    void syntheticArchivesCanBeForcedAndCarryTheUserDataFlag() throws Exception {
        server.useSyntheticArchives(true);
        ws(server, ZIP, "username", "teacher1", "courseid", "3", "withuserdatas", "1");
        Path f = Files.write(tmp.resolve("c3.mbz"), download(server, "token=" + STOKEN + "&filerecordid=23").body());
        SimulatedArchive.Inspection info = SimulatedArchive.inspect(f);
        assertTrue(info.withUserData());
        assertEquals("OLD-CHEM201", info.shortname());
        assertEquals("Summary of Chemistry 201 (old platform)", info.summary());
        assertFalse(java.util.Arrays.equals(realArchive("course3-chem201-withuserdata.mbz"), Files.readAllBytes(f)));
    }

    @Test
    void stopRefusesConnectionsAndRestartKeepsThePort() throws Exception {
        try (MoodleSimulator sim = MoodleSimulator.courseServer("T0KEN").start()) {
            String url = sim.url();
            int port = sim.port();
            assertTrue(ws(sim, MoodleSimulator.FN_SITE_INFO).startsWith("{\"sitename\":\"Course Server (old platform)\""));
            sim.stop();
            assertFalse(sim.isRunning());
            assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close());
            sim.restart();
            assertEquals(url, sim.url());
            assertTrue(ws(sim, MoodleSimulator.FN_SITE_INFO).contains("\"siteurl\":\"" + url.replace("/", "\\/") + "\""));
        }
    }

    // ================================================================ course client

    @Test
    void c1SiteInfo() throws Exception {
        String full = ws(client, MoodleSimulator.FN_SITE_INFO);
        assertTrue(full.contains("{\"name\":\"" + UPDATE + "\",\"version\":\"2024042203.01\"}"), full);
        client.removeFunction(UPDATE);
        assertEquals(site(C1, client), ws(client, MoodleSimulator.FN_SITE_INFO));
    }

    // ---- login/token.php (Moodle 4.4 AJAX_SCRIPT error shape, HTTP 200 everywhere)

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

    @Test
    void c3c11c21UsersByField() throws Exception {
        assertEquals(site(C3, client), ws(client, MoodleSimulator.FN_USERS_BY_FIELD, "field", "username",
                "values[0]", "teacher1"));
        assertEquals(site(C21, client), ws(client, MoodleSimulator.FN_USERS_BY_FIELD, "field", "username",
                "values[0]", "student1"));
        assertEquals("[]", ws(client, MoodleSimulator.FN_USERS_BY_FIELD, "field", "username", "values[0]", "nosuchuser"));
    }

    @Test
    void c4c5Categories() throws Exception {
        restore(archivePath("course2-bio101-nouserdata.mbz"), 2);
        assertEquals(C4, ws(client, MoodleSimulator.FN_GET_CATEGORIES, "criteria[0][key]", "idnumber",
                "criteria[0][value]", "RESTORED"));
        assertEquals(C5, ws(client, MoodleSimulator.FN_GET_CATEGORIES));
        client.deleteCategory(3);
        assertEquals("[]", ws(client, MoodleSimulator.FN_GET_CATEGORIES, "criteria[0][key]", "idnumber",
                "criteria[0][value]", "OLDCAT-2024"));
        assertEquals(S16, ws(client, MoodleSimulator.FN_GET_CATEGORIES, "criteria[0][key]", "idnumber"));
    }

    @Test
    void c6c2c12RestoredCourseAsTheCliLeavesIt() throws Exception {
        assertEquals(2, restore(archivePath("course2-bio101-nouserdata.mbz"), 2));
        String c6 = ws(client, MoodleSimulator.FN_COURSES_BY_FIELD, "field", "id", "value", "2");
        assertEquals(normaliseTimes(site(C6, client)), normaliseTimes(c6));
        assertEquals("{\"courses\":[],\"warnings\":[]}",
                ws(client, MoodleSimulator.FN_COURSES_BY_FIELD, "field", "shortname", "value", "OLD-BIO101")); // C2
        assertEquals("{\"courses\":[],\"warnings\":[]}",
                ws(client, MoodleSimulator.FN_COURSES_BY_FIELD, "field", "shortname", "value", "NOPE")); // C12
        MoodleSimulator.Course course = client.course(2);
        assertEquals("OLD-BIO101", course.restoredFrom().originalShortname());
        assertFalse(course.restoredFrom().withUserData());
    }

    @Test
    void c7c17EnrolAndContacts() throws Exception {
        restore(archivePath("course2-bio101-nouserdata.mbz"), 2);
        assertEquals("null", ws(client, ENROL, "enrolments[0][roleid]", "3", "enrolments[0][userid]", "3",
                "enrolments[0][courseid]", "2"));
        assertEquals("null", ws(client, ENROL, "enrolments[0][roleid]", "1", "enrolments[0][userid]", "3",
                "enrolments[0][courseid]", "2")); // C9
        assertEquals(List.of(new MoodleSimulator.Enrolment(2, 3, 3), new MoodleSimulator.Enrolment(2, 3, 1)),
                client.enrolments());
        assertEquals(normaliseTimes(site(C17, client)), normaliseTimes(
                ws(client, MoodleSimulator.FN_COURSES_BY_FIELD, "field", "id", "value", "2")));
    }

    @Test
    void c8c10c18EnrolErrors() throws Exception {
        restore(archivePath("course2-bio101-nouserdata.mbz"), 2);
        assertEquals(C8, ws(client, ENROL, "enrolments[0][roleid]", "3", "enrolments[0][userid]", "9999",
                "enrolments[0][courseid]", "2"));
        assertEquals(C10, ws(client, ENROL, "enrolments[0][roleid]", "3", "enrolments[0][userid]", "3",
                "enrolments[0][courseid]", "9999"));
        assertEquals(C18, ws(client, ENROL, "enrolments[0][roleid]", "7", "enrolments[0][userid]", "3",
                "enrolments[0][courseid]", "2"));
        // All or nothing: a failing second enrolment rolls back the first.
        assertEquals(C8, ws(client, ENROL, "enrolments[0][roleid]", "3", "enrolments[0][userid]", "3",
                "enrolments[0][courseid]", "2", "enrolments[1][roleid]", "3", "enrolments[1][userid]", "9999",
                "enrolments[1][courseid]", "2"));
        assertTrue(client.enrolments().isEmpty());
    }

    @Test
    void updateCoursesRenamesAndWarnsOnTakenShortname() throws Exception {
        Path archive = archivePath("course2-bio101-nouserdata.mbz");
        assertEquals(2, restore(archive, 2));
        assertEquals(3, restore(archive, 2));
        assertEquals("Restore as a new course copy 1", client.course(3).fullname());
        assertEquals("New course_1", client.course(3).shortname());

        assertEquals("{\"warnings\":[]}", ws(client, UPDATE, "courses[0][id]", "2",
                "courses[0][fullname]", "Biology 101 (old platform)", "courses[0][shortname]", "OLD-BIO101",
                "courses[0][categoryid]", "3"));
        assertEquals(new MoodleSimulator.Course(2, "OLD-BIO101", "Biology 101 (old platform)", 3, true,
                client.course(2).restoredFrom()), client.course(2));

        assertEquals("{\"warnings\":[{\"item\":\"course\",\"itemid\":3,\"warningcode\":\"shortnametaken\","
                + "\"message\":\"Short name is already used for another course (OLD-BIO101)\"}]}",
                ws(client, UPDATE, "courses[0][id]", "3", "courses[0][fullname]", "Other",
                        "courses[0][shortname]", "OLD-BIO101"));
        assertEquals("New course_1", client.course(3).shortname());
        assertEquals("Restore as a new course copy 1", client.course(3).fullname());

        assertEquals("{\"warnings\":[{\"item\":\"course\",\"itemid\":99,\"warningcode\":\"invalidrecord\","
                + "\"message\":\"Can't find data record in database table course.\"}]}",
                ws(client, UPDATE, "courses[0][id]", "99", "courses[0][shortname]", "Z"));
        assertEquals(S16, ws(client, UPDATE, "courses[0][shortname]", "Z"));
    }

    @Test
    void restoreCliAsAChildProcess() throws Exception {
        Path staged = Files.copy(archivePath("course3-chem201-withuserdata.mbz"), tmp.resolve("staged.mbz"));
        String template = client.restoreCommandTemplate();
        assertTrue(template.endsWith(" simulator.RestoreCli --client=" + client.url()
                + " --file={file} --categoryid={categoryid}"), template);
        List<String> cmd = new ArrayList<>();
        for (String part : template.split(" ")) {
            cmd.add(part.replace("{file}", staged.toString()).replace("{categoryid}", "2"));
        }
        cmd.add("--withuserdata=1"); // unknown options are ignored
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.matches("(?s)== Extracting backup file to: /tmp/moodledata/temp/backup/[0-9a-f]{40} ==\n"
                + "== Preprocessing backup file ==\n== Cleaning temp data ==\nRestored course ID: 2\n"), out);
        MoodleSimulator.Course c = client.course(2);
        assertEquals("Restore as a new course", c.fullname());
        assertEquals("New course", c.shortname());
        assertEquals(2, c.categoryid());
        assertEquals(new MoodleSimulator.RestoredFrom(staged.toAbsolutePath().toString(), 3, "OLD-CHEM201",
                "Chemistry 201 (old platform)", true), c.restoredFrom());
        assertEquals(staged.toString(), client.calls(MoodleSimulator.RESTORE).get(0).get("file"));
    }

    @Test
    void restoreCliFailures() throws Exception {
        Path archive = archivePath("course2-bio101-nouserdata.mbz");
        Cli bad = cli("--client=" + client.url(), "--file=" + archive, "--categoryid=99");
        assertEquals(1, bad.status());
        assertEquals("!!! Category ID was incorrect !!!\n", bad.out());
        assertTrue(bad.err().contains("Error code: invalidcategoryid"), bad.err());

        Cli missing = cli("--client=" + client.url(), "--file=" + tmp.resolve("nope.mbz"), "--categoryid=2");
        assertEquals(1, missing.status());
        assertEquals("!!! Sorry, the requested file could not be found !!!\n", missing.out());

        Path garbage = Files.write(tmp.resolve("garbage.mbz"), SimulatedArchive.garbage());
        Cli broken = cli("--client=" + client.url(), "--file=" + garbage, "--categoryid=2");
        assertEquals(1, broken.status());
        assertTrue(broken.out().contains("== Cleaning temp data ==\n!!! Error: Not a Moodle backup file"), broken.out());

        Cli help = cli("--client=" + client.url(), "--categoryid=2");
        assertEquals(0, help.status()); // like admin/cli/restore_backup.php: help text, exit 0
        assertTrue(help.out().startsWith("Restore backup into provided category."), help.out());

        client.failNextCalls(MoodleSimulator.RESTORE, 1, 500);
        assertEquals(1, cli("--client=" + client.url(), "--file=" + archive, "--categoryid=2").status());
        assertTrue(client.courses().isEmpty());
    }

    /** bench/restore-stand-in.sh (sh + curl, for the benchmarks) answers exactly as RestoreCli, case by case. */
    @Test
    void lightRestoreStandInPrintsWhatRestoreCliPrints() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(new ProcessBuilder("sh", "-c", "command -v curl").start()
                .waitFor() == 0, "curl is not installed");
        Path archive = archivePath("course2-bio101-nouserdata.mbz");
        Path garbage = Files.write(tmp.resolve("garbage.mbz"), SimulatedArchive.garbage());
        List<String[]> cases = List.of(
                new String[] {"--client=" + client.url(), "--file=" + archive, "--categoryid=2", "--withuserdata=1"},
                new String[] {"--client=" + client.url(), "--file=" + archive, "--categoryid=99"},
                new String[] {"--client=" + client.url(), "--file=" + tmp.resolve("nope.mbz"), "--categoryid=2"},
                new String[] {"--client=" + client.url(), "--file=" + garbage, "--categoryid=2"},
                new String[] {"--client=" + client.url(), "--categoryid=2"},
                new String[] {"--file=" + archive, "--categoryid=2"});
        for (String[] args : cases) {
            Cli java = cli(args);
            List<String> cmd = new ArrayList<>(List.of("sh", "../bench/restore-stand-in.sh"));
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            String what = String.join(" ", args);
            assertEquals(java.status(), p.exitValue(), what + "\n" + out + err);
            assertEquals(sameTempDirAndCourse(java.out()), sameTempDirAndCourse(out), what);
            assertEquals(java.err(), err, what);
        }
        // both restores happened: courses 2 (RestoreCli) and 3 (the stand-in), from the same archive
        assertEquals(client.course(2).restoredFrom(), client.course(3).restoredFrom());

        client.failNextCalls(MoodleSimulator.RESTORE, 1, 500);
        Process p = new ProcessBuilder("sh", "../bench/restore-stand-in.sh", "--client=" + client.url(),
                "--file=" + archive, "--categoryid=2").start();
        assertEquals("!!! Error: Database connection failed (HTTP 500) !!!\n",
                new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertEquals(1, p.waitFor());
    }

    private static String sameTempDirAndCourse(String out) {
        return out.replaceAll("temp/backup/[0-9a-f]{40} ", "temp/backup/<sha1> ")
                .replaceAll("Restored course ID: \\d+", "Restored course ID: <id>");
    }

    // ================================================================ helpers

    record Resp(int status, HttpHeaders headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    record Cli(int status, String out, String err) {
    }

    private static Cli cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = RestoreCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Cli(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String form(String... kv) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < kv.length; i += 2) {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(URLEncoder.encode(kv[i], StandardCharsets.UTF_8)).append('=')
              .append(URLEncoder.encode(kv[i + 1], StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    private static Resp post(MoodleSimulator sim, String pathAndQuery, String... kv) throws Exception {
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(sim.url() + pathAndQuery))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(kv))).build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Resp(r.statusCode(), r.headers(), r.body());
    }

    private static Resp download(MoodleSimulator sim, String query) throws Exception {
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(sim.url() + MoodleSimulator.DOWNLOAD_PATH
                + "?" + query)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Resp(r.statusCode(), r.headers(), r.body());
    }

    /** A REST call like the transcript's curl: everything urlencoded in the body, JSON format, HTTP 200 expected. */
    private static String wsWithToken(MoodleSimulator sim, String token, String function, String... kv) throws Exception {
        String[] all = new String[kv.length + 6];
        all[0] = "wstoken";
        all[1] = token;
        all[2] = "wsfunction";
        all[3] = function;
        all[4] = "moodlewsrestformat";
        all[5] = "json";
        System.arraycopy(kv, 0, all, 6, kv.length);
        Resp r = post(sim, MoodleSimulator.REST_PATH, all);
        assertEquals(200, r.status());
        assertEquals("application/json", r.header("Content-Type"));
        return r.text();
    }

    private static String ws(MoodleSimulator sim, String function, String... kv) throws Exception {
        return wsWithToken(sim, sim.token(), function, kv);
    }

    private static String wsUnchecked(MoodleSimulator sim, String function, String... kv) {
        try {
            return ws(sim, function, kv);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private int restore(Path file, int categoryid) throws Exception {
        Resp r = post(client, MoodleSimulator.RESTORE_PATH, "file", file.toAbsolutePath().toString(),
                "categoryid", Integer.toString(categoryid));
        JsonNode n = JSON.readTree(r.text());
        assertTrue(n.has("courseid"), r.text());
        return n.get("courseid").asInt();
    }

    private static void assertEmptyFailure(Resp d) {
        assertEquals(200, d.status());
        assertEquals(0, d.body().length);
        assertEquals("0", d.header("Content-Length"));
        assertEquals(EMPTY_JSON_CT, d.header("Content-Type"));
    }

    /** The transcript's site URL replaced by the simulator's (JSON-escaped like Moodle does). */
    private static String site(String transcript, MoodleSimulator sim) {
        String url = sim.url().replace("/", "\\/");
        return transcript.replace("http:\\/\\/127.0.0.1:8081", url).replace("http:\\/\\/127.0.0.1:8082", url);
    }

    private static String normaliseTimes(String json) {
        return json.replaceAll("\"(timecreated|timemodified|cacherev)\":\\d+", "\"$1\":0");
    }

    private static Path archivePath(String name) {
        return Path.of("src", "main", "resources", "simulator", "archives", name).toAbsolutePath();
    }

    private static byte[] realArchive(String name) throws IOException {
        return Files.readAllBytes(archivePath(name));
    }

    private static String sha1(Path file) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-1");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
