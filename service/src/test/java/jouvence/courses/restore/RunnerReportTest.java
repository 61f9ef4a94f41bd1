package jouvence.courses.restore;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunnerReportTest {

    @Test
    void the_runners_line_gives_the_course_its_names_the_enrolment_and_moodles_warnings() {
        RunnerReport r = RunnerReport.parse("{\"jouvence\":\"restore\",\"courseid\":4,\"fullname\":\"Biology 101 copy 1\","
                + "\"shortname\":\"OLD-BIO101_1\",\"visible\":1,\"users\":0,\"enrolments\":2,\"requester\":\"teacher1\","
                + "\"enrolled\":true,\"userid\":3,\"email\":\"teacher1@univ.example\",\"warnings\":[\"the restore setting 'users' "
                + "could not be set\"]}")
                .orElseThrow();
        assertEquals(new RunnerReport(4, "Biology 101 copy 1", "OLD-BIO101_1", true, 3L, "teacher1@univ.example",
                List.of("the restore setting 'users' could not be set")), r);
    }

    @Test
    void nobody_enrolled_and_other_lines_are_said_as_such() {
        RunnerReport r = RunnerReport.parse("{\"jouvence\":\"restore\",\"courseid\":5,\"fullname\":\"F\",\"shortname\":\"S\","
                + "\"requester\":null,\"enrolled\":false,\"userid\":null,\"warnings\":[]}").orElseThrow();
        assertFalse(r.enrolled());
        assertNull(r.userId());
        assertNull(r.email(), "no requester, no address");
        assertEquals(Optional.empty(), RunnerReport.parse("Restored course ID: 5"));
        assertEquals(Optional.empty(), RunnerReport.parse("{\"jouvence\":\"restore\",\"courseid\":0}"), "no course");
        assertEquals(Optional.empty(), RunnerReport.parse("{\"jouvence\":\"restore\",\"courseid\":"), "cut line");
        assertTrue(RunnerReport.parse("{\"jouvence\":\"restore\",\"courseid\":7,\"enrolled\":true}").isPresent());
        assertFalse(RunnerReport.parse("{\"jouvence\":\"restore\",\"courseid\":7,\"enrolled\":true}").get().enrolled(),
                "enrolled without the user's id is not taken as enrolled: the finish step enrols through the web service");
    }
}
