package jouvence.courses.staging;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Files that are no archive at all: told apart by their first bytes ({@link ArchiveFormat}). */
class ArchiveFormatTest extends ArchiveTestSupport {

    @Test
    void emptyFile() throws Exception {
        InvalidArchiveException e = refused(write("empty.mbz", new byte[0]), "empty");
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void blankFileIsEmpty() throws Exception {
        refused(write("blank.mbz", " \r\n\t\n".getBytes(StandardCharsets.US_ASCII)), "empty");
    }

    @Test
    void jsonErrorBodyFromTheDownloadEndpoint() throws Exception {
        String body = "  \n{\"error\":\"Invalid token - token not found\",\"errorcode\":\"invalidtoken\","
                + "\"stacktrace\":null,\"debuginfo\":null,\"reproductionlink\":null}";
        InvalidArchiveException e = refused(write("error.mbz", body.getBytes(StandardCharsets.UTF_8)), "json-error");
        assertTrue(e.getMessage().contains("invalidtoken"), e.getMessage());
        assertTrue(e.getMessage().contains("Invalid token - token not found"), e.getMessage());
        assertEquals("invalidtoken", e.moodleErrorCode());
    }

    @Test
    void jsonErrorInWebServiceShapeWithEscapes() throws Exception {
        String body = "\uFEFF{\"exception\":\"moodle_exception\",\"errorcode\":\"nopermissions\","
                + "\"message\":\"Sorry, but you do not currently have permissions to do that (Download \\\"files\\\")\"}";
        InvalidArchiveException e = refused(write("ws.mbz", body.getBytes(StandardCharsets.UTF_8)), "json-error");
        assertEquals("nopermissions", e.moodleErrorCode());
        assertTrue(e.getMessage().contains("(Download \"files\")"), e.getMessage());
    }

    @Test
    void unreadableJsonIsStillAJsonError() throws Exception {
        InvalidArchiveException e = refused(write("arr.mbz", "[1,2,3]".getBytes(StandardCharsets.UTF_8)),
                "json-error");
        assertNull(e.moodleErrorCode());
    }

    @Test
    void garbageBytes() throws Exception {
        byte[] garbage = new byte[4096];
        new Random(42).nextBytes(garbage);
        garbage[0] = 'G';
        garbage[1] = 'a';
        InvalidArchiveException e = refused(write("garbage.mbz", garbage), "not-an-archive");
        assertTrue(e.getMessage().startsWith("The downloaded file is not a backup archive"), e.getMessage());
        assertTrue(e.getMessage().contains("47 61"), e.getMessage());
    }

    @Test
    void htmlPage() throws Exception {
        InvalidArchiveException e = refused(write("login.mbz",
                "<!DOCTYPE html><html><body>Log in</body></html>".getBytes(StandardCharsets.UTF_8)), "not-an-archive");
        assertTrue(e.getMessage().contains("web page"), e.getMessage());
    }
}
