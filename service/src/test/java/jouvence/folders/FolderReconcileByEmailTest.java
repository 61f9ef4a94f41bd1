package jouvence.folders;

import com.fasterxml.jackson.databind.JsonNode;
import jouvence.folders.FoldersJouvence.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import simulator.SimulatedGroups;
import simulator.cloud.CloudSimulator;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end with jouvence.folders.identity=email and the default on-leave=keep, on a simulated ownCloud 10: cloud
 * accounts found by e-mail (not by user id), a user nobody in the cloud has the e-mail of and a user the cloud's
 * policy refuses are each one share in error while the rest goes on, and a member who left keeps the share.
 */
class FolderReconcileByEmailTest {

    private static final String SYS = "jouvence";
    private static CloudSimulator cloud;
    private static FoldersJouvence jouvence;

    @BeforeAll
    static void start() throws Exception {
        cloud = CloudSimulator.ownCloud10().start();
        cloud.addUser(SYS, "Jouvence", "jouvence@univ.example").appPassword(SYS, "sys-app-password");
        for (String s : List.of("s1", "s2", "s3", "s4")) { // Moodle's e-mails are <username>@example.invalid
            cloud.addUser("cloud-" + s, s.toUpperCase(), s + "@example.invalid");
        }
        jouvence = new FoldersJouvence(Map.of("jouvence.folders.cloud.url", cloud.url(),
                "jouvence.folders.cloud.user", SYS, "jouvence.folders.cloud.app-password", "sys-app-password",
                "jouvence.folders.cloud.ocs-version", "1", "jouvence.folders.identity", "email"));
    }

    @AfterAll
    static void stop() throws Exception {
        jouvence.close();
        cloud.close();
    }

    private JsonNode set(long id) throws Exception {
        return jouvence.api("GET", "/api/v1/folder-sets/" + id, null).json();
    }

    private JsonNode settled(long id) throws Exception {
        return FoldersJouvence.poll(Duration.ofSeconds(30), () -> set(id),
                n -> Set.of("ready", "partial", "failed").contains(n.get("state").asText()));
    }

    private static Map<String, JsonNode> sharesByUser(JsonNode set) {
        Map<String, JsonNode> out = new HashMap<>();
        set.get("shares").forEach(s -> out.put(s.get("moodleUsername").asText(), s));
        return out;
    }

    @Test
    void cloudAccountsAreFoundByEmailRefusalsStayWithTheirItemAndLeaversKeepTheirShare() throws Exception {
        jouvence.reset();
        jouvence.client.addCourse(10, "BIO", "Biology 101", 3, "teacher1");
        SimulatedGroups g = jouvence.client.groups();
        for (String s : List.of("s1", "s2", "s3", "s4", "s5")) {
            jouvence.client.addUser(s, s.toUpperCase(), "Student");
            g.enrol(s, 10, "student");
        }
        int a = g.addGroup(10, "Team A");
        int b = g.addGroup(10, "Team B");
        g.addMember(a, "s1");
        g.addMember(a, "s2");
        g.addMember(b, "s3");
        g.addMember(b, "s4");
        g.addMember(b, "s5"); // no cloud account has s5's e-mail
        cloud.refuseSharesWith("cloud-s4", "Sharing is only allowed with group members");

        Response r = jouvence.api("POST", "/api/v1/folder-sets", "{\"courseId\": 10, \"name\": \"Lab\", "
                + "\"groupMode\": \"groups\"}");
        assertEquals(201, r.status(), r.body());
        long id = r.json().get("id").asLong();
        JsonNode s = settled(id);
        assertEquals("partial", s.get("state").asText(), s.toPrettyString());
        Map<String, JsonNode> shares = sharesByUser(s);
        assertEquals("cloud-s1", shares.get("s1").get("cloudUserId").asText());
        assertEquals("shared", shares.get("s1").get("state").asText());
        assertEquals("shared", shares.get("s3").get("state").asText());
        assertEquals("error", shares.get("s4").get("state").asText());
        assertTrue(shares.get("s4").get("error").asText().contains("only allowed with group members"),
                shares.get("s4").toString());
        assertEquals("error", shares.get("s5").get("state").asText());
        assertTrue(shares.get("s5").get("error").asText().contains("no cloud account"), shares.get("s5").toString());
        assertTrue(s.get("lastError").asText().contains("s4") && s.get("lastError").asText().contains("s5"),
                s.get("lastError").asText());
        assertEquals(Set.of("cloud-s1", "cloud-s2", "cloud-s3"), Set.copyOf(cloud.shares().stream()
                .map(CloudSimulator.ShareInfo::shareWith).toList()));

        // The refusal lifted and s2 gone from Team A: s4 is shared, s2 keeps the share (on-leave=keep), no DELETE.
        cloud.refuseSharesWith("cloud-s4", null);
        g.removeMember(a, "s2");
        cloud.clearCalls();
        assertEquals(202, jouvence.api("POST", "/api/v1/folder-sets/" + id + "/sync", null).status());
        JsonNode again = FoldersJouvence.poll(Duration.ofSeconds(30), () -> set(id),
                n -> "shared".equals(sharesByUser(n).get("s4").get("state").asText())
                        && !"reconciling".equals(n.get("state").asText()));
        shares = sharesByUser(again);
        assertEquals("kept", shares.get("s2").get("state").asText());
        assertEquals("shared", shares.get("s4").get("state").asText());
        assertTrue(cloud.shares().stream().anyMatch(x -> x.shareWith().equals("cloud-s2")), "kept in the cloud");
        assertTrue(cloud.writeCalls().stream().noneMatch(c -> c.method().equals("DELETE")), cloud.writeCalls().toString());
        assertEquals("partial", again.get("state").asText(), "s5 still has no cloud account");
    }
}
