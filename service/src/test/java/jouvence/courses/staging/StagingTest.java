package jouvence.courses.staging;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StagingTest {

    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path root;

    @Test
    void a_checked_part_file_becomes_the_archive_readable_by_the_restore_user() throws Exception {
        Staging staging = new Staging(root, "rw-r-----", "rwxr-x---", Duration.ofDays(7), CLOCK);
        Path part = staging.dir(42).resolve("course-2.mbz.part");
        Files.writeString(part, "archive");
        Path whole = staging.publish(part);
        assertEquals("course-2.mbz", whole.getFileName().toString());
        assertFalse(Files.exists(part));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(whole)));
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(whole.getParent())));
    }

    @Test
    void failed_requests_folders_expire_and_recent_ones_stay() throws Exception {
        Staging staging = new Staging(root, "rw-r--r--", "rwxr-xr-x", Duration.ofDays(7), CLOCK);
        Path old = staging.dir(1);
        Files.writeString(old.resolve("course-2.mbz"), "x");
        Files.setLastModifiedTime(old, FileTime.from(NOW.minus(Duration.ofDays(7)).minusSeconds(1)));
        Path recent = staging.dir(2);
        Files.setLastModifiedTime(recent, FileTime.from(NOW.minus(Duration.ofDays(6))));
        assertEquals(1, staging.purgeExpired());
        assertFalse(Files.exists(old));
        assertTrue(Files.exists(recent));
        staging.delete(2);
        assertFalse(Files.exists(recent));
    }

    @Test
    void a_typo_in_the_permissions_fails_at_start_up() {
        assertThrows(IllegalArgumentException.class, () -> new Staging(root, "rw-r--r", "rwxr-xr-x", Duration.ZERO, CLOCK));
    }
}
