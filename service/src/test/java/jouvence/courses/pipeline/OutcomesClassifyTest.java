package jouvence.courses.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import jouvence.courses.pipeline.Outcomes.Verdict;
import jouvence.courses.restore.RestoreFailedException;
import jouvence.moodle.MoodleErrorAnswer;
import jouvence.moodle.MoodleErrors;
import jouvence.moodle.MoodleException;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every error answer of the transcript, and the other failures, end in the right verdict. */
class OutcomesClassifyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Outcomes.Classified moodle(String step, String reply) throws IOException {
        MoodleException e = MoodleErrors.toException("old", "f", MoodleErrorAnswer.read(JSON.readTree(reply)));
        return Outcomes.classify(step, e);
    }

    @Test
    void not_owner_without_errorcode_is_permanent() throws IOException {
        Outcomes.Classified c = moodle("backup", "{\"exception\":\"Exception\",\"message\":\"[[notcourseowner]]\"}");
        assertEquals(Verdict.FAIL, c.verdict());
        assertEquals("notcourseowner", c.code());
        assertTrue(c.message().contains("does not teach"), c.message());
    }

    @Test
    void unknown_username_and_missing_course_are_permanent() throws IOException {
        assertEquals(Verdict.FAIL, moodle("backup", "{\"exception\":\"block_my_external_backup_restore_courses_invalid_"
                + "username_exception\",\"errorcode\":\"invalidusername\",\"message\":\"debug\\/invalidusername\"}").verdict());
        assertEquals(Verdict.FAIL, moodle("backup", "{\"exception\":\"backup_controller_exception\",\"errorcode\":"
                + "\"backup_check_course_not_exists\",\"message\":\"error\\/backup_check_course_not_exists\"}").verdict());
    }

    @Test
    void bad_token_missing_function_and_access_are_site_faults() throws IOException {
        Outcomes.Classified token = moodle("backup",
                "{\"exception\":\"moodle_exception\",\"errorcode\":\"invalidtoken\",\"message\":\"Invalid token - token not found\"}");
        assertEquals(Verdict.SITE_DOWN, token.verdict());
        assertEquals("old", token.siteId());
        assertEquals(Verdict.SITE_DOWN, moodle("backup", "{\"exception\":\"webservice_access_exception\","
                + "\"errorcode\":\"accessexception\",\"message\":\"Access control exception\"}").verdict());
        assertEquals(Verdict.SITE_DOWN, moodle("backup", "{\"exception\":\"dml_missing_record_exception\","
                + "\"errorcode\":\"invalidrecord\",\"message\":\"Can't find data record in database table external_functions.\"}")
                .verdict());
    }

    @Test
    void download_error_body_is_recognised() throws IOException {
        MoodleException e = MoodleErrors.toException("old", "download", MoodleErrorAnswer.read(JSON.readTree(
                "{\"error\":\"Invalid token - token not found\",\"errorcode\":\"invalidtoken\",\"stacktrace\":null,"
                        + "\"debuginfo\":null,\"reproductionlink\":null}")));
        assertEquals("invalidtoken", e.code());
        assertEquals(MoodleException.Kind.SITE_FAULT, e.kind());
    }

    @Test
    void network_failures_are_retried() {
        assertEquals(Verdict.RETRY, Outcomes.classify("backup", new MoodleException("old", "unreachable",
                MoodleException.Kind.TRANSIENT, "refused")).verdict());
        assertEquals(Verdict.RETRY, Outcomes.classify("download", new IOException("reset")).verdict());
    }

    @Test
    void anything_going_wrong_once_the_restore_started_is_never_retried() {
        Outcomes.Classified c = Outcomes.classify("restore", new IOException("database went away"));
        assertEquals(Verdict.FAIL, c.verdict());
        assertEquals("interrupted", c.code());
        assertTrue(c.message().contains("check the new platform for a partial course"));
        assertEquals(Verdict.FAIL, Outcomes.classify("restore",
                new RestoreFailedException("restore-exit", "exit 1", 1, null, java.util.List.of(), null)).verdict());
    }
}
