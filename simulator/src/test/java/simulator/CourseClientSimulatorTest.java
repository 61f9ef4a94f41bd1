package simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static simulator.Transcript.C10;
import static simulator.Transcript.C17;
import static simulator.Transcript.C18;
import static simulator.Transcript.C1;
import static simulator.Transcript.C21;
import static simulator.Transcript.C3;
import static simulator.Transcript.C4;
import static simulator.Transcript.C5;
import static simulator.Transcript.C6;
import static simulator.Transcript.C8;
import static simulator.Transcript.S16;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The course client's web services (C1-C21) against the transcript, over real HTTP. */
class CourseClientSimulatorTest extends SimulatorTestBase {

    @Test
    void c1SiteInfo() throws Exception {
        String full = ws(client, MoodleSimulator.FN_SITE_INFO);
        assertTrue(full.contains("{\"name\":\"" + UPDATE + "\",\"version\":\"2024042203.01\"}"), full);
        client.removeFunction(UPDATE);
        assertEquals(site(C1, client), ws(client, MoodleSimulator.FN_SITE_INFO));
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
}
