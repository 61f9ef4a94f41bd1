package simulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static simulator.Transcript.D3;
import static simulator.Transcript.D6;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** The course server's download endpoint (D1-D11) and the backup slots and archives behind it. */
class DownloadSimulatorTest extends SimulatorTestBase {

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

        SimulatedArchive.Inspection info = ArchiveInspector.inspect(target);
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
        SimulatedArchive.Inspection info = ArchiveInspector.inspect(f);
        assertTrue(info.withUserData());
        assertEquals("OLD-CHEM201", info.shortname());
        assertEquals("Summary of Chemistry 201 (old platform)", info.summary());
        assertFalse(java.util.Arrays.equals(realArchive("course3-chem201-withuserdata.mbz"), Files.readAllBytes(f)));
    }
}
