package jouvence.folders;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.internet.MimeMessage;
import jouvence.folders.FoldersJouvence.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import simulator.SimulatedGroups;
import simulator.cloud.CloudSimulator;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admins' mail of a folder set's items in error (issue 13, item 2), end to end on GreenMail through the outbox:
 * one mail listing the refused items with the cloud's words; none for a reconcile that meets the same refusals again;
 * a new one when the list changes; none when it empties; again when the errors come back.
 */
class FolderItemErrorMailTest {

    private static final String SYS = "jouvence";
    private static final String ADMIN = "moodle-admins@univ.example";
    private static CloudSimulator cloud;
    private static FoldersJouvence jouvence;

    @BeforeAll
    static void start() throws Exception {
        cloud = CloudSimulator.nextcloud().start();
        cloud.addUser(SYS, "Jouvence", "jouvence@univ.example").appPassword(SYS, "sys-app-password");
        for (String s : List.of("s1", "s2", "s3")) {
            cloud.addUser(s, s.toUpperCase(), s + "@univ.example");
        }
        jouvence = new FoldersJouvence(Map.of("jouvence.folders.cloud.url", cloud.url(),
                "jouvence.folders.cloud.user", SYS, "jouvence.folders.cloud.app-password", "sys-app-password"));
    }

    @AfterAll
    static void stop() throws Exception {
        jouvence.close();
        cloud.close();
    }

    private JsonNode set(long id) throws Exception {
        return jouvence.api("GET", "/api/v1/folder-sets/" + id, null).json();
    }

    /** Asks for a reconcile and waits until it is over (lastReconciledAt moves on). */
    private JsonNode reconcile(long id, String before) throws Exception {
        assertEquals(202, jouvence.api("POST", "/api/v1/folder-sets/" + id + "/sync", null).status());
        return FoldersJouvence.poll(Duration.ofSeconds(30), () -> set(id),
                n -> Set.of("ready", "partial", "failed").contains(n.get("state").asText())
                        && !n.get("lastReconciledAt").asText().equals(before));
    }

    /** The mails queued for the admin about this set (queued before the set settles: no waiting needed). */
    private long queued(long id) throws Exception {
        return jouvence.count("SELECT count(*) FROM mail_outbox WHERE recipient = '" + ADMIN
                + "' AND subject LIKE '[Jouvence] Folder set " + id + " %'");
    }

    private MimeMessage received(long id, int n) throws Exception {
        List<MimeMessage> got = FoldersJouvence.poll(Duration.ofSeconds(30), () -> Arrays.stream(
                        jouvence.env.mail.getReceivedMessagesForDomain("univ.example"))
                .filter(m -> subject(m).startsWith("[Jouvence] Folder set " + id + " ")).toList(), l -> l.size() >= n);
        assertEquals(n, got.size());
        return got.get(n - 1);
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void adminsAreMailedOncePerChangeOfTheItemsInError() throws Exception {
        jouvence.reset();
        jouvence.client.addCourse(10, "BIO", "Biology 101", 3, "teacher1");
        SimulatedGroups g = jouvence.client.groups();
        for (String s : List.of("s1", "s2", "s3")) {
            jouvence.client.addUser(s, s.toUpperCase(), "Student");
            g.enrol(s, 10, "student");
        }
        int a = g.addGroup(10, "Team A");
        int b = g.addGroup(10, "Team B");
        g.addMember(a, "s1");
        g.addMember(a, "s2");
        g.addMember(b, "s3");
        cloud.refuseSharesWith("s2", "Sharing is only allowed with group members");

        Response r = jouvence.api("POST", "/api/v1/folder-sets", "{\"courseId\": 10, \"name\": \"Lab\", "
                + "\"groupMode\": \"groups\"}");
        assertEquals(201, r.status(), r.body());
        long id = r.json().get("id").asLong();
        JsonNode s = FoldersJouvence.poll(Duration.ofSeconds(30), () -> set(id),
                n -> Set.of("ready", "partial", "failed").contains(n.get("state").asText()));
        assertEquals("partial", s.get("state").asText(), s.toPrettyString());
        assertEquals(1, queued(id));
        MimeMessage first = received(id, 1);
        assertEquals("[Jouvence] Folder set " + id + " \"Lab\" (course 10): 1 item(s) in error", first.getSubject());
        String body = first.getContent().toString();
        assertTrue(body.contains("s2") && body.contains("Sharing is only allowed with group members")
                && body.contains("Team A"), body);
        assertFalse(body.contains("s3"), body);
        assertFalse(body.contains("sys-app-password"), body);

        // The same refusal met again: no mail.
        s = reconcile(id, s.get("lastReconciledAt").asText());
        assertEquals("partial", s.get("state").asText());
        assertEquals(1, queued(id), "the same items in error are not mailed again");

        // One more item in error (s3 joins Team A, the cloud refuses the new share): a mail listing both.
        cloud.refuseSharesWith("s3", "Quota of shares reached");
        g.addMember(a, "s3");
        s = reconcile(id, s.get("lastReconciledAt").asText());
        assertEquals(2, queued(id), s.toPrettyString());
        String second = received(id, 2).getContent().toString();
        assertTrue(second.contains("Sharing is only allowed with group members")
                && second.contains("Quota of shares reached"), second);

        // Everything fixed: no mail, the trail says so; the same error coming back later is mailed again.
        cloud.refuseSharesWith("s2", null);
        cloud.refuseSharesWith("s3", null);
        s = reconcile(id, s.get("lastReconciledAt").asText());
        assertEquals("ready", s.get("state").asText());
        assertEquals(2, queued(id), s.toPrettyString());
        JsonNode trail = set(id).get("events");
        assertTrue(trail.toString().contains("no item in error any more"), trail.toPrettyString());
        assertEquals(2, countSteps(trail, "admins-mail", "admins mailed"), trail.toPrettyString());
        cloud.refuseSharesWith("s1", "Sharing is only allowed with group members");
        g.removeMember(a, "s1");
        g.addMember(b, "s1"); // s1 now wants Team B's folder, which the cloud refuses
        s = reconcile(id, s.get("lastReconciledAt").asText());
        assertEquals(3, queued(id));
        assertTrue(received(id, 3).getContent().toString().contains("s1"));
    }

    private static long countSteps(JsonNode trail, String step, String start) {
        long n = 0;
        for (JsonNode e : trail) {
            if (step.equals(e.get("step").asText()) && e.get("message").asText().startsWith(start)) {
                n++;
            }
        }
        return n;
    }
}
