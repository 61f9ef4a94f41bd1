package jouvence.check;

import org.junit.jupiter.api.Test;

import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The plain pieces of {@code jouvence check}: the report's lines, the restore's user, the permission rule. */
class CheckPiecesTest {

    @Test
    void the_report_lists_every_item_in_order_and_masks_secrets() {
        CheckReport report = new CheckReport(List.of("SECRET-TOKEN-1"));
        report.ok("database", "answers");
        report.failed("server old: token", "token SECRET-TOKEN-1 refused");
        report.needs("server old: functions", "server old: token");
        report.skipped("mail: SMTP", "jouvence.mail.enabled is false");
        List<String> lines = report.items().stream().map(CheckReport.Item::line).toList();
        assertEquals(List.of("ok      database: answers", "FAILED  server old: token: token **** refused",
                "skipped server old: functions: needs server old: token",
                "skipped mail: SMTP: jouvence.mail.enabled is false"), lines);
        assertTrue(report.anyFailed());
        assertFalse(new CheckReport(List.of()).anyFailed());
    }

    @Test
    void the_restore_user_is_read_through_runuser_and_sudo() {
        assertEquals(new RestoreItems.Launch("php", "www-data"),
                RestoreItems.launch(List.of("runuser", "-u", "www-data", "--", "php", "/app/r.php")));
        assertEquals(new RestoreItems.Launch("/usr/bin/php", "apache"),
                RestoreItems.launch(List.of("/usr/bin/sudo", "-n", "--user=apache", "/usr/bin/php", "r.php")));
        RestoreItems.Launch plain = RestoreItems.launch(List.of("php", "/app/r.php"));
        assertEquals("php", plain.program());
        assertNull(plain.runAs());
        assertThrows(IllegalArgumentException.class, () -> RestoreItems.launch(List.of("runuser", "-u", "x", "--")));
    }

    @Test
    void the_placeholders_of_the_configuration_are_filled_in_the_command() {
        assertEquals(List.of("php", "/app/moodle/jouvence-restore.php", "--moodle=/var/www/moodle", "--file=0"),
                RestoreItems.argv("php {runner} --moodle={moodle} --file={file}",
                        java.util.Map.of("runner", "/app/moodle/jouvence-restore.php", "moodle", "/var/www/moodle")));
    }

    @Test
    void permissions_are_read_as_the_kernel_does_owner_then_group_then_others() {
        var rwxr_x___ = PosixFilePermissions.fromString("rwxr-x---");
        assertTrue(StagingItems.permits("me", Set.of("staff"), "me", "other", rwxr_x___, 'x'));
        assertTrue(StagingItems.permits("www", Set.of("staff"), "me", "staff", rwxr_x___, 'r'));
        assertFalse(StagingItems.permits("www", Set.of("www"), "me", "staff", rwxr_x___, 'r'), "others have nothing");
        var rw_r__r__ = PosixFilePermissions.fromString("rw-r--r--");
        assertTrue(StagingItems.permits("www", Set.of("www"), "me", "staff", rw_r__r__, 'r'));
        assertFalse(StagingItems.permits("www", Set.of("www"), "me", "staff", rw_r__r__, 'x'));
        var ___rwxrwx = PosixFilePermissions.fromString("---rwxrwx");
        assertFalse(StagingItems.permits("me", Set.of("staff"), "me", "staff", ___rwxrwx, 'r'), "the owner's bits win");
    }
}
