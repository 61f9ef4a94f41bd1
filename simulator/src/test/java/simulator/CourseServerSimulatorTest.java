package simulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static simulator.Transcript.S11;
import static simulator.Transcript.S13;
import static simulator.Transcript.S14;
import static simulator.Transcript.S15;
import static simulator.Transcript.S16;
import static simulator.Transcript.S17;
import static simulator.Transcript.S1;
import static simulator.Transcript.S22;
import static simulator.Transcript.S2;
import static simulator.Transcript.S3;
import static simulator.Transcript.S5;
import static simulator.Transcript.S8;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The course server's web services (S1-S22) against the transcript, over real HTTP. */
class CourseServerSimulatorTest extends SimulatorTestBase {

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
}
