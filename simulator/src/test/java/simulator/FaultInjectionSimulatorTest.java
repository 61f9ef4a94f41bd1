package simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static simulator.Transcript.D3;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** What tests inject: broken download answers, HTTP failures of named calls, forced filerecordids. */
class FaultInjectionSimulatorTest extends SimulatorTestBase {

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
        assertThrows(IOException.class, () -> ArchiveInspector.inspect(garbage));

        server.archiveOverride(MoodleSimulator.Kind.NO_BACKUP_XML, 1);
        Resp nx = download(server, q);
        assertEquals(0x1f, nx.body()[0] & 0xff);
        Path noXml = Files.write(tmp.resolve("noxml.mbz"), nx.body());
        IOException e = assertThrows(IOException.class, () -> ArchiveInspector.inspect(noXml));
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
}
