package jouvence.privatefiles;

import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import simulator.MoodleSimulator;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Private files end to end: a real Jouvence on real PostgreSQL and GreenMail, the simulated old and new platforms over
 * sockets; the person logs in on Jouvence's pages and presses the button.
 */
class PrivateFilesTest {

    private static PrivateFilesJouvence j;

    @BeforeAll
    static void start() throws Exception {
        j = new PrivateFilesJouvence(Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        j.close();
    }

    @BeforeEach
    void reset() throws Exception {
        j.reset();
    }

    private static String text(SortedMap<String, byte[]> files, String path) {
        return new String(files.get(path), StandardCharsets.UTF_8);
    }

    private String mailBody(String to) throws Exception {
        List<MimeMessage> mails = j.env.awaitMails(to, 1, Duration.ofSeconds(20));
        assertEquals(1, mails.size(), "one mail to " + to);
        return mails.get(0).getContent().toString();
    }

    private boolean stagingEmpty() throws Exception {
        Path root = j.env.staging.resolve("pf-" + j.apiPort).resolve("private-files");
        if (!Files.isDirectory(root)) {
            return true;
        }
        try (Stream<Path> s = Files.list(root)) {
            return s.findAny().isEmpty();
        }
    }

    @Test
    void nestedFoldersAndNonAsciiNamesAllArrive() throws Exception {
        var me = j.new Browser().login("teacher1", "Teacher1!");
        String page = me.page();
        assertTrue(page.contains("Bring my private files from Course Server (old platform)"), page);
        assertTrue(page.contains("id=\"private-files-link\""), "the header links to the page");
        assertEquals(303, me.bring("old").statusCode());
        assertEquals("performed", j.awaitState("teacher1", "performed"));
        SortedMap<String, byte[]> mine = j.client.privateFiles("teacher1");
        SortedMap<String, byte[]> old = j.server.privateFiles("teacher1");
        for (String path : List.of("/LISEZMOI.txt", "/notes/lecture 1.pdf", "/notes/lecture 2.pdf",
                "/projets/été 2024/rapport.txt", "/data/random-1MiB.bin")) {
            assertArrayEquals(old.get(path), mine.get(path), path + " in " + mine.keySet());
        }
        String mail = mailBody("teacher1@example.invalid");
        assertTrue(mail.contains("5 file(s) copied."), mail);
        assertTrue(mail.contains("/projets/vide/"), "the empty folder is said: " + mail);
        assertTrue(j.server.calls(MoodleSimulator.FN_PRIVATE_FILES_ZIP).stream()
                .allMatch(c -> "teacher1".equals(c.get("username"))));
        assertTrue(stagingEmpty(), "the staging copy is deleted");
        assertTrue(me.page().contains("data-state=\"performed\""));
        assertEquals(List.of(), j.env.logs.linesContaining(PrivateFilesJouvence.PF_TOKEN), "the block's token");
        assertFalse(me.page().contains(PrivateFilesJouvence.PF_TOKEN), "never on a page");
    }

    @Test
    void aNameAlreadyThereIsRenamedAndTheFileThereKept() throws Exception {
        j.client.putPrivateFile("teacher1", "/notes/", new byte[0]);
        j.client.putPrivateFile("teacher1", "/notes/lecture 1.pdf", "mine".getBytes(StandardCharsets.UTF_8));
        j.new Browser().login("teacher1", "Teacher1!").bring("old");
        j.awaitState("teacher1", "performed");
        SortedMap<String, byte[]> mine = j.client.privateFiles("teacher1");
        assertEquals("mine", text(mine, "/notes/lecture 1.pdf"));
        assertArrayEquals(j.server.privateFiles("teacher1").get("/notes/lecture 1.pdf"),
                mine.get("/notes/lecture 1 (2).pdf"));
        assertTrue(mailBody("teacher1@example.invalid").contains("/notes/lecture 1.pdf → /notes/lecture 1 (2).pdf"));
    }

    @Test
    void theQuotaExceededMidwaySaysWhatWasCopiedAndWhatDidNot() throws Exception {
        j.client.userQuota(10_000); // the small files fit, the 1 MiB one does not
        j.new Browser().login("teacher1", "Teacher1!").bring("old");
        j.awaitState("teacher1", "performed");
        SortedMap<String, byte[]> mine = j.client.privateFiles("teacher1");
        assertTrue(mine.containsKey("/projets/été 2024/rapport.txt"));
        assertFalse(mine.containsKey("/data/random-1MiB.bin"));
        String mail = mailBody("teacher1@example.invalid");
        assertTrue(mail.contains("4 file(s) copied."), mail);
        assertTrue(mail.contains("Did not fit in your private files' quota"), mail);
        assertTrue(mail.contains("/data/random-1MiB.bin (1048576 bytes)"), mail);
    }

    @Test
    void hostileZipsAreRefusedWithNothingWritten() throws Exception {
        Map<String, byte[]> hostile = Map.of("'..' segment", HostileZips.dotDot(),
                "an absolute path", HostileZips.absolute(), "is a symbolic link", HostileZips.symlink(),
                "jouvence.private-files.max-bytes", HostileZips.bomb(40));
        for (Map.Entry<String, byte[]> h : hostile.entrySet()) {
            j.reset();
            j.server.privateFilesZipOverride("teacher1", h.getValue());
            j.new Browser().login("teacher1", "Teacher1!").bring("old");
            assertEquals("error", j.awaitState("teacher1", "error"), h.getKey());
            assertTrue(j.client.privateFiles("teacher1").isEmpty(), "nothing written for " + h.getKey());
            assertTrue(j.client.calls(MoodleSimulator.UPLOAD).isEmpty(), "no upload for " + h.getKey());
            String mail = mailBody("teacher1@example.invalid");
            assertTrue(mail.contains(h.getKey()), h.getKey() + ": " + mail);
            assertTrue(stagingEmpty(), "the staging copy is deleted");
        }
    }

    @Test
    void theOldServerDownThenBack() throws Exception {
        j.server.stop();
        var me = j.new Browser().login("teacher1", "Teacher1!");
        me.bring("old");
        TestJouvence_poll(() -> attemptsOf("teacher1") >= 1);
        assertEquals("scheduled", j.state("teacher1"), "waiting, not failed");
        j.server.start();
        assertEquals("performed", j.awaitState("teacher1", "performed"));
        assertEquals(5, j.client.privateFiles("teacher1").keySet().stream().filter(k -> !k.endsWith("/")).count());
    }

    @Test
    void anotherPersonsUsernameIsNeverReachable() throws Exception {
        var me = j.new Browser().login("teacher1", "Teacher1!");
        HttpResponse<String> r = me.bring("old", "username", "teacher2", "user", "teacher2", "person", "teacher2");
        assertEquals(303, r.statusCode());
        j.awaitState("teacher1", "performed");
        assertEquals(null, j.state("teacher2"));
        HttpResponse<String> api = j.api("POST", "/api/v1/private-files", "{\"server\":\"old\",\"username\":\"teacher2\"}");
        assertEquals(405, api.statusCode(), api.body());
        assertTrue(api.body().contains("no API call may name a username"), api.body());
        assertEquals(null, j.state("teacher2"));
        assertTrue(j.server.calls(MoodleSimulator.FN_PRIVATE_FILES_ZIP).stream()
                .allMatch(c -> "teacher1".equals(c.get("username"))), "only the session's username reached the server");
        HttpResponse<String> list = j.api("GET", "/api/v1/private-files", null);
        assertEquals(200, list.statusCode());
        assertTrue(list.body().contains("\"username\":\"teacher1\""), list.body());
        assertFalse(list.body().contains("teacher2"), list.body());
    }

    @Test
    void aSessionEndedBeforeThePutWaitsForTheNextLogin() throws Exception {
        var me = j.new Browser().login("teacher1", "Teacher1!");
        j.server.stop(); // the request waits on the old server while the person logs out
        me.bring("old");
        TestJouvence_poll(() -> attemptsOf("teacher1") >= 1);
        me.post("/logout", "csrf", PrivateFilesJouvence.csrf(me.page()));
        j.server.start();
        assertEquals("waiting-login", j.awaitState("teacher1", "waiting-login"));
        assertTrue(j.client.privateFiles("teacher1").isEmpty());
        j.new Browser().login("teacher1", "Teacher1!");
        assertEquals("performed", j.awaitState("teacher1", "performed"));
        assertFalse(j.client.privateFiles("teacher1").isEmpty());
    }

    @Test
    void theConsoleShowsTheRequestsTheirFilesAndTrailToAdminsOnlyAndTheGaugeCountsThem() throws Exception {
        j.client.putPrivateFile("teacher1", "/LISEZMOI.txt", "mine".getBytes(StandardCharsets.UTF_8));
        var teacher = j.new Browser().login("teacher1", "Teacher1!");
        teacher.bring("old");
        j.awaitState("teacher1", "performed");
        assertEquals(403, teacher.get("/admin/private-files").statusCode(), "not for a teacher");
        var admin = j.new Browser().login("admin", "Admin1!");
        String list = admin.get("/admin/private-files?state=performed").body();
        assertTrue(list.contains("class=\"private-files-request\"") && list.contains("teacher1"), list);
        long id;
        try (var c = j.db().getConnection(); var s = c.createStatement();
             var rs = s.executeQuery("SELECT id FROM private_files_request")) {
            rs.next();
            id = rs.getLong(1);
        }
        String detail = admin.get("/admin/private-files/" + id).body();
        assertTrue(detail.contains("/LISEZMOI.txt") && detail.contains("/LISEZMOI (2).txt"), detail);
        assertTrue(detail.contains("asked by teacher1 on the private files page"), "the trail: " + detail);
        assertEquals(404, admin.get("/admin/private-files/999999").statusCode());
        String metrics = jouvence.TestJouvence.poll(Duration.ofSeconds(10), () -> java.net.http.HttpClient
                .newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
                        + j.managementPort + "/observe/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body(),
                m -> m.contains("jouvence_private_files{state=\"performed\"} 1.0"));
        assertTrue(metrics.contains("jouvence_private_files{state=\"performed\"} 1.0"), metrics.lines()
                .filter(l -> l.contains("private")).toList().toString());
    }

    @Test
    void aRefusedBlockTokenWaitsWithoutSpendingAttemptsAndMailsTheAdminsOnce() throws Exception {
        j.server.removeServiceToken(PrivateFilesJouvence.PF_TOKEN);
        j.new Browser().login("teacher1", "Teacher1!").bring("old");
        j.new Browser().login("teacher2", "Teacher2!").bring("old");
        List<MimeMessage> admin = j.env.awaitMails(jouvence.TestJouvence.ADMIN_MAIL, 1, Duration.ofSeconds(20));
        assertEquals(1, admin.size());
        assertTrue(admin.get(0).getSubject().contains("Private files"), admin.get(0).getSubject());
        String adminBody = admin.get(0).getContent().toString();
        assertTrue(adminBody.contains("jouvence.server.old.private-files-token"), adminBody);
        Thread.sleep(3000); // several claims meet the refused token meanwhile
        assertEquals("scheduled", j.state("teacher1"));
        assertEquals(0, attemptsOf("teacher1"), "a site fault spends no attempt");
        assertEquals(1, j.env.mailsTo(jouvence.TestJouvence.ADMIN_MAIL).size(), "once for the outage");
        j.server.privateFilesToken(PrivateFilesJouvence.PF_TOKEN);
        assertEquals("performed", j.awaitState("teacher1", "performed"));
        assertEquals("performed", j.awaitState("teacher2", "performed"));
        assertTrue(j.trail("teacher2").contains("nothing to copy"), j.trail("teacher2"));
    }

    private int attemptsOf(String username) throws Exception {
        try (var c = j.db().getConnection(); var s = c.createStatement(); var rs = s.executeQuery(
                "SELECT attempts FROM private_files_request WHERE username = '" + username + "'")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static void TestJouvence_poll(java.util.concurrent.Callable<Boolean> done) throws Exception {
        assertTrue(jouvence.TestJouvence.poll(Duration.ofSeconds(20), done, b -> b), "condition not met in time");
    }
}
