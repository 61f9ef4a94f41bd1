package jouvence.courses.pipeline;

import jouvence.courses.EnrolmentMode;
import jouvence.courses.RestoreRequest;
import jouvence.courses.Status;
import jouvence.courses.restore.RestoreCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the restore command cannot honour is said in the request's own words (never, with-users), not in codes. */
class UnhonouredWordsTest {

    @TempDir
    Path tmp;

    private static RestoreRequest request(EnrolmentMode mode, boolean withUserData) {
        return new RestoreRequest(1, Status.IN_PROGRESS, "old", 2, null, "teacher1", null, "api", "default", null,
                withUserData, mode.code, null, "restore", 1, null, null, null, 1, null, null, null, List.of(), null,
                null, null, null, null, null, null, null, null, "api", null);
    }

    @Test
    void moodles_cli_restore_passes_neither_the_enrolment_mode_nor_user_data_and_the_warning_says_never() {
        ClientSteps steps = new ClientSteps(null, null, null, null, new RestoreCommand(
                "php {moodle}/admin/cli/restore_backup.php --file={file} --categoryid={categoryid}",
                Map.of("moodle", "/var/www/moodle"), Duration.ofMinutes(1), null, 10, tmp));
        assertEquals(List.of("the restore command does not pass the enrolment mode (never): the new platform's "
                        + "restore defaults were applied"), steps.unhonoured(request(EnrolmentMode.NEVER, false)));
        assertEquals("the restore command does not pass the enrolment mode (with-users): the new platform's restore "
                + "defaults were applied", steps.unhonoured(request(EnrolmentMode.WITH_USERS, true)).get(0));
        assertEquals(List.of(), steps.unhonoured(request(EnrolmentMode.ALWAYS, false)), "always is the default");
    }
}
