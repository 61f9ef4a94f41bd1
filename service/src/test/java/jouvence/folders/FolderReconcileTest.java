package jouvence.folders;

import com.fasterxml.jackson.databind.JsonNode;
import jouvence.folders.FoldersJouvence.Response;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import routes.folders.FolderClaimRouteBuilder;
import simulator.SimulatedGroups;
import simulator.cloud.CloudSimulator;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Folder sets reconciled end to end: a real Jouvence (embedded PostgreSQL, GreenMail), the simulated new platform
 * with groups and the simulated Nextcloud, all over sockets. jouvence.folders.on-leave=revoke here (keep, the
 * default, is the planner's to test: it makes no call).
 */
class FolderReconcileTest {

    private static final int COURSE = 10;
    private static final String SYS = "jouvence";
    private static final String ROOT = "Moodle/Biology 101 (id 10)";
    private static final String ADMIN = "moodle-admins@univ.example";
    private static CloudSimulator cloud;
    private static FoldersJouvence jouvence;
    private int teamA;
    private int teamB;
    private int teamC;

    @BeforeAll
    static void start() throws Exception {
        // One cloud for every test (its URL is the Jouvence's): set ids are never reused (the sequence goes on),
        // so each test has its own folders in it.
        cloud = CloudSimulator.nextcloud().start();
        cloud.addUser(SYS, "Jouvence", "jouvence@univ.example").appPassword(SYS, "sys-app-password");
        for (String s : List.of("s1", "s2", "s3", "s4", "s5", "s6", "teacher1")) {
            cloud.addUser(s, s.toUpperCase(), s + "@univ.example");
        }
        jouvence = new FoldersJouvence(Map.of("jouvence.folders.cloud.url", cloud.url(),
                "jouvence.folders.cloud.user", SYS, "jouvence.folders.cloud.app-password", "sys-app-password",
                "jouvence.folders.cloud.read-timeout", "3s", "jouvence.folders.on-leave", "revoke",
                "jouvence.folders.retry.base-delay", "100ms", "jouvence.folders.retry.max-delay", "200ms",
                "jouvence.folders.retry.max-attempts", "5", "jouvence.folders.claim.interval", "300ms"));
    }

    @AfterAll
    static void stop() throws Exception {
        jouvence.close();
        cloud.close();
    }

    @BeforeEach
    void course() throws Exception {
        jouvence.reset();
        cloud.clearFaults();
        cloud.refuseCredentials(null, false);
        jouvence.client.addCourse(COURSE, "BIO", "Biology 101", 3, "teacher1");
        SimulatedGroups g = jouvence.client.groups();
        for (String s : List.of("s1", "s2", "s3", "s4", "s5", "s6")) {
            jouvence.client.addUser(s, s.toUpperCase(), "Student");
            g.enrol(s, COURSE, "student");
        }
        teamA = g.addGroup(COURSE, "Team A");
        teamB = g.addGroup(COURSE, "Team B");
        teamC = g.addGroup(COURSE, "Team C");
        g.addMember(teamA, "s1");
        g.addMember(teamA, "s2");
        g.addMember(teamB, "s3");
        g.addMember(teamB, "s4");
        g.addMember(teamC, "s5");
        cloud.clearCalls();
    }

    private long create(String name, boolean teacherAccess) throws Exception {
        Response r = jouvence.api("POST", "/api/v1/folder-sets", "{\"courseId\": 10, \"name\": \"" + name
                + "\", \"groupMode\": \"groups\", \"teacherAccess\": " + teacherAccess + "}");
        assertEquals(201, r.status(), r.body());
        return r.json().get("id").asLong();
    }

    private JsonNode set(long id) throws Exception {
        return jouvence.api("GET", "/api/v1/folder-sets/" + id, null).json();
    }

    /** Waits until the set is settled (ready or partial) after its last "sync" or creation. */
    private JsonNode settled(long id) throws Exception {
        JsonNode s = FoldersJouvence.poll(Duration.ofSeconds(30), () -> set(id),
                n -> Set.of("ready", "partial", "failed").contains(n.get("state").asText()));
        assertTrue(Set.of("ready", "partial").contains(s.get("state").asText()), s.toPrettyString());
        return s;
    }

    /** Asks for a reconcile and waits until it is over: a settled set stays "ready" until claimed, so its end is seen
     * by lastReconciledAt moving on (the state alone would be read before the claim). */
    private JsonNode sync(long id) throws Exception {
        String before = set(id).get("lastReconciledAt").asText();
        assertEquals(202, jouvence.api("POST", "/api/v1/folder-sets/" + id + "/sync", null).status());
        FoldersJouvence.poll(Duration.ofSeconds(30), () -> set(id), n -> !n.get("lastReconciledAt").asText()
                .equals(before));
        return settled(id);
    }

    /** The claim stepped as the schedule would (without making settled sets due). */
    private void claimNow() {
        try (ProducerTemplate t = jouvence.camel.createProducerTemplate()) {
            t.sendBody(FolderClaimRouteBuilder.CLAIM_DUE, false);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A sync asked while a reconcile of the set runs, after it read Moodle (here the scheduled run's, on its own
     * thread): the set is reconciled once more right after that one settles, at once (not at the next scheduled run),
     * and only once.
     */
    @Test
    void aSyncAskedWhileTheSetIsReconciledIsReconciledRightAfterItAndOnlyOnce() throws Exception {
        long id = create("Lab reports", false);
        settled(id);
        long version = jouvence.count("SELECT version FROM folder_set WHERE id = " + id);
        cloud.clearCalls();
        cloud.latency(Duration.ofMillis(1500));
        Thread scheduled = new Thread(() -> {
            try (ProducerTemplate t = jouvence.camel.createProducerTemplate()) {
                t.sendBody(FolderClaimRouteBuilder.CLAIM_DUE, true);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "test-scheduled-reconcile");
        try {
            scheduled.start();
            // the reconcile lists the cloud's shares after it read Moodle
            FoldersJouvence.poll(Duration.ofSeconds(30), cloud::calls, l -> l.stream().anyMatch(c -> c.path()
                    .endsWith("/shares")));
            jouvence.client.groups().addMember(teamC, "s6");
            Response asked = jouvence.api("POST", "/api/v1/folder-sets/" + id + "/sync", null);
            assertEquals(202, asked.status(), asked.body());
            assertEquals("reconciling", asked.json().get("folderSet").get("state").asText(),
                    "asked while the reconcile runs");
        } finally {
            cloud.latency(Duration.ZERO);
        }
        scheduled.join(30_000);
        List<String> shared = FoldersJouvence.poll(Duration.ofSeconds(30), () -> cloud.shares().stream()
                .filter(x -> x.path().contains(parent(id, "Lab reports") + "/"))
                .map(CloudSimulator.ShareInfo::shareWith).sorted().toList(), l -> l.contains("s6"));
        assertEquals(List.of("s1", "s2", "s3", "s4", "s5", "s6"), shared, "the member added meanwhile is shared now: "
                + set(id).toPrettyString());
        JsonNode after = FoldersJouvence.poll(Duration.ofSeconds(30), () -> set(id), n -> n.get("nextAttemptAt")
                .isNull() && n.get("state").asText().equals("ready"));
        Thread.sleep(1000);
        assertEquals(version + 2, jouvence.count("SELECT version FROM folder_set WHERE id = " + id),
                "two reconciles, one after the other, then none: " + after.toPrettyString());
        assertTrue(set(id).get("nextAttemptAt").isNull(), "not due again: no loop");
    }

    private String parent(long id, String name) {
        return ROOT + "/" + name + " (id " + id + ")";
    }

    /** The cloud's shares below a path, as "path -> user". */
    private Set<String> sharesBelow(String path) {
        return cloud.shares().stream().filter(s -> ("/" + s.path()).replace("//", "/").startsWith("/" + path))
                .map(s -> s.path().replaceFirst("^/", "").substring(path.length()) + " -> " + s.shareWith())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private Set<String> foldersBelow(String path) {
        return cloud.tree(SYS).stream().filter(e -> e.folder() && e.path().startsWith("/" + path + "/"))
                .map(e -> e.path().substring(path.length() + 2)).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void aSetOfThreeGroupsIsProvisionedAndASecondReconcileWritesNothing() throws Exception {
        long id = create("Lab reports", true);
        JsonNode s = settled(id);
        assertEquals("ready", s.get("state").asText(), s.toPrettyString());
        String p = parent(id, "Lab reports");
        assertEquals(Set.of("Team A (id " + teamA + ")", "Team B (id " + teamB + ")", "Team C (id " + teamC + ")"),
                foldersBelow(p));
        assertEquals(Set.of(" -> teacher1", "/Team A (id " + teamA + ") -> s1", "/Team A (id " + teamA + ") -> s2",
                "/Team B (id " + teamB + ") -> s3", "/Team B (id " + teamB + ") -> s4",
                "/Team C (id " + teamC + ") -> s5"), sharesBelow(p));
        assertEquals(4, s.get("folders").size());
        s.get("folders").forEach(f -> assertEquals("ready", f.get("state").asText(), f.toString()));
        assertEquals(6, s.get("shares").size());
        s.get("shares").forEach(x -> assertEquals("shared", x.get("state").asText(), x.toString()));
        s.get("shares").forEach(x -> assertEquals(31, x.get("permissions").asInt(), x.toString()));

        cloud.clearCalls();
        int lines = s.get("events").size();
        JsonNode again = sync(id);
        assertEquals("ready", again.get("state").asText());
        assertEquals(lines + 1, again.get("events").size(), "only the sync's line: nothing changed, nothing to tell");
        assertFalse(again.get("lastReconciledAt").asText().equals(s.get("lastReconciledAt").asText()));
        assertEquals(List.of(), cloud.writeCalls(), "nothing changed: no write");
        assertTrue(cloud.calls().size() <= 3, "one PROPFIND and two share listings: " + cloud.calls());
    }

    @Test
    void aNewSetCostsAMkcolPerFolderAndThreeListingsAndItsSharesAreMadeSeveralAtOnce() throws Exception {
        cloud.latency(Duration.ofMillis(50)); // each call waits: the shares' calls (parallelism 4) overlap
        try {
            long id = create("Cheap provisioning", false);
            assertEquals("ready", settled(id).get("state").asText());
        } finally {
            cloud.latency(Duration.ZERO);
        }
        // PROPFIND: the set's folder looked for (404), its Depth 0 before the MKCOL (404), its listing once made;
        // no PROPFIND per group folder: its MKCOL's 201 carries the file id (OC-FileId)
        assertEquals(3, cloud.callCounts().get("PROPFIND"), cloud.calls().toString());
        assertEquals(3, cloud.calls().stream().filter(c -> c.method().equals("MKCOL") && c.status() == 201
                && c.path().contains("Team")).count(), cloud.calls().toString());
        assertEquals(5, cloud.callCounts().get("POST"));
        assertTrue(cloud.maxConcurrentCalls() > 1, "the shares are made several at once (jouvence.folders"
                + ".parallelism=4): at most " + cloud.maxConcurrentCalls() + " call(s) at once");
    }

    @Test
    void sharesFollowMembersWhoJoinAndLeave() throws Exception {
        long id = create("Lab reports", false);
        settled(id);
        String p = parent(id, "Lab reports");
        jouvence.client.groups().addMember(teamA, "s6");
        jouvence.client.groups().removeMember(teamA, "s2");
        cloud.clearCalls();
        JsonNode s = sync(id);
        assertEquals("ready", s.get("state").asText(), s.toPrettyString());
        String a = "/Team A (id " + teamA + ")";
        assertTrue(sharesBelow(p).contains(a + " -> s6"));
        assertFalse(sharesBelow(p).contains(a + " -> s2"), "revoked (on-leave=revoke)");
        assertEquals(Map.of("POST", 1, "DELETE", 1), cloud.writeCalls().stream().collect(Collectors.toMap(
                CloudSimulator.Call::method, c -> 1, Integer::sum)));
        Map<String, String> states = new java.util.HashMap<>();
        s.get("shares").forEach(x -> states.put(x.get("moodleUsername").asText(), x.get("state").asText()));
        assertEquals("revoked", states.get("s2"));
        assertEquals("shared", states.get("s6"));
    }

    @Test
    void aRenamedGroupsFolderIsMovedWithItsShares() throws Exception {
        long id = create("Lab reports", false);
        JsonNode before = settled(id);
        String p = parent(id, "Lab reports");
        long fileId = cloud.fileId(SYS, p + "/Team A (id " + teamA + ")");
        jouvence.client.groups().renameGroup(teamA, "Team Alpha");
        cloud.clearCalls();
        JsonNode s = sync(id);
        assertEquals("ready", s.get("state").asText(), s.toPrettyString());
        assertEquals(List.of("MOVE"), cloud.writeCalls().stream().map(CloudSimulator.Call::method).toList());
        assertEquals(fileId, cloud.fileId(SYS, p + "/Team Alpha (id " + teamA + ")"));
        assertEquals(null, cloud.fileId(SYS, p + "/Team A (id " + teamA + ")"), "no folder left under the old name");
        assertEquals(3, foldersBelow(p).size(), "no new empty folder");
        String alpha = "/Team Alpha (id " + teamA + ")";
        assertTrue(sharesBelow(p).containsAll(Set.of(alpha + " -> s1", alpha + " -> s2")), sharesBelow(p).toString());
        assertEquals(before.get("shares").size(), s.get("shares").size());
    }

    @Test
    void teachersGetNothingWithoutTheTeacherFlag() throws Exception {
        long id = create("Private work", false);
        settled(id);
        assertTrue(sharesBelow(parent(id, "Private work")).stream().noneMatch(x -> x.endsWith("teacher1")));
        assertEquals(5, sharesBelow(parent(id, "Private work")).size());
    }

    @Test
    void theCloudDownForAWhileIsRetriedThenDoneWithNothingMadeTwice() throws Exception {
        cloud.failNextRequests(3, 503);
        long id = create("Lab reports", true);
        JsonNode waiting = FoldersJouvence.poll(Duration.ofSeconds(20), () -> set(id),
                n -> n.get("attempts").asInt() > 0);
        assertEquals("waiting", waiting.get("state").asText(), waiting.toPrettyString());
        // nobody asks again: the replica's own look at due sets takes the set once its back-off is over
        JsonNode s = FoldersJouvence.poll(Duration.ofSeconds(30), () -> set(id),
                n -> "ready".equals(n.get("state").asText()));
        assertEquals("ready", s.get("state").asText(), s.toPrettyString());
        String p = parent(id, "Lab reports");
        assertEquals(3, foldersBelow(p).size());
        assertEquals(6, sharesBelow(p).size());
        assertEquals(6, cloud.shares().stream().filter(x -> x.path().contains("(id " + id + ")")).count(),
                "no share made twice");
        assertTrue(StreamSupport.events(s).contains("retry"), s.toPrettyString());
    }

    @Test
    void anExistingShareIsAdopted() throws Exception {
        // The plugin (or a reconcile whose record was lost) already shared Team A's folder with s1.
        long next = jouvence.count("SELECT last_value + CASE WHEN is_called THEN 1 ELSE 0 END FROM folder_set_id_seq");
        String a = parent(next, "Lab reports") + "/Team A (id " + teamA + ")";
        cloud.mkdirs(SYS, a);
        long shareId = cloud.share(SYS, a, "s1", 31);
        long id = create("Lab reports", false);
        assertEquals(next, id);
        JsonNode s = settled(id);
        assertEquals("ready", s.get("state").asText(), s.toPrettyString());
        JsonNode s1 = null;
        for (JsonNode x : s.get("shares")) {
            if (x.get("moodleUsername").asText().equals("s1")) {
                s1 = x;
            }
        }
        assertEquals(shareId, s1.get("shareId").asLong(), "adopted, not made twice");
        assertEquals(1, cloud.shares().stream().filter(x -> x.shareWith().equals("s1") && x.path().contains(a)).count());
    }

    @Test
    void credentialsRefusedMarkTheCloudDownSetsWaitWithoutAttemptsAndAdminsAreMailedOnce() throws Exception {
        cloud.refuseCredentials(SYS, true);
        long id = create("Lab reports", false);
        JsonNode waiting = FoldersJouvence.poll(Duration.ofSeconds(20), () -> set(id),
                n -> "waiting".equals(n.get("state").asText()));
        assertEquals("waiting", waiting.get("state").asText(), waiting.toPrettyString());
        assertEquals(0, waiting.get("attempts").asInt());
        assertEquals(1, jouvence.count("SELECT count(*) FROM cloud_health WHERE state = 'down'"));
        for (int i = 0; i < 3; i++) {
            claimNow(); // the cloud is probed, still refuses: nothing claimed
        }
        assertEquals(0, set(id).get("attempts").asInt());
        FoldersJouvence.poll(Duration.ofSeconds(10), () -> jouvence.env.pendingMails() == 0
                && jouvence.env.mail.getReceivedMessages().length >= 1, done -> done);
        assertEquals(1, jouvence.env.mail.getReceivedMessagesForDomain("univ.example").length, "one mail per outage");
        assertTrue(jouvence.env.mail.getReceivedMessages()[0].getSubject().contains("system account"));
        assertFalse(jouvence.env.mail.getReceivedMessages()[0].getContent().toString().contains("sys-app-password"));

        cloud.refuseCredentials(SYS, false);
        // nobody asks again: the replica's own look at due sets takes the set once its back-off is over
        JsonNode s = FoldersJouvence.poll(Duration.ofSeconds(30), () -> set(id),
                n -> "ready".equals(n.get("state").asText()));
        assertEquals("ready", s.get("state").asText(), s.toPrettyString());
        assertEquals(0, jouvence.count("SELECT count(*) FROM cloud_health WHERE state = 'down'"));
    }

    @Test
    void aGroupingLimitsTheFoldersAndADeletedGroupKeepsItsFolderButNotItsShares() throws Exception {
        int pairs = jouvence.client.groups().addGrouping(COURSE, "Pairs", teamA, teamB);
        Response r = jouvence.api("POST", "/api/v1/folder-sets", "{\"courseId\": 10, \"name\": \"Pairs work\", "
                + "\"groupMode\": \"groups\", \"groupingId\": " + pairs + "}");
        assertEquals(201, r.status(), r.body());
        long id = r.json().get("id").asLong();
        settled(id);
        String p = parent(id, "Pairs work");
        assertEquals(Set.of("Team A (id " + teamA + ")", "Team B (id " + teamB + ")"), foldersBelow(p),
                "Team C is not in the grouping");
        jouvence.client.groups().deleteGroup(teamB);
        cloud.clearCalls();
        JsonNode s = sync(id);
        assertEquals(Set.of("Team A (id " + teamA + ")", "Team B (id " + teamB + ")"), foldersBelow(p),
                "the deleted group's folder is kept: data is never deleted");
        assertEquals(List.of("DELETE", "DELETE"), cloud.writeCalls().stream().map(CloudSimulator.Call::method).toList(),
                "its members' shares revoked (on-leave=revoke)");
        boolean kept = false;
        for (JsonNode f : s.get("folders")) {
            if (f.get("groupId").asInt() == teamB) {
                kept = !f.get("wanted").asBoolean() && "ready".equals(f.get("state").asText());
            }
        }
        assertTrue(kept, s.toPrettyString());
    }

    @Test
    void aRenamedCourseMovesTheSetsFolderIntoTheNewCoursesFolder() throws Exception {
        long id = create("Lab reports", false);
        settled(id);
        long fileId = cloud.fileId(SYS, parent(id, "Lab reports"));
        jouvence.client.addCourse(COURSE, "BIO", "Biology 102", 3, "teacher1"); // renamed in Moodle
        cloud.clearCalls();
        JsonNode s = sync(id);
        assertEquals("ready", s.get("state").asText(), s.toPrettyString());
        String moved = "Moodle/Biology 102 (id 10)/Lab reports (id " + id + ")";
        assertEquals(fileId, cloud.fileId(SYS, moved));
        assertEquals(Set.of("Team A (id " + teamA + ")", "Team B (id " + teamB + ")", "Team C (id " + teamC + ")"),
                foldersBelow(moved), "its group folders came with it");
        assertEquals(5, sharesBelow(moved).size(), "and their shares");
        assertTrue(cloud.writeCalls().stream().noneMatch(c -> c.method().equals("POST")), cloud.writeCalls().toString());
        s.get("folders").forEach(f -> assertTrue(f.get("path").asText().startsWith(moved), f.toString()));
    }

    /** The trail's outcomes. */
    static final class StreamSupport {
        static List<String> events(JsonNode set) {
            List<String> out = new java.util.ArrayList<>();
            set.get("events").forEach(e -> out.add(e.get("outcome").asText()));
            return out;
        }
    }
}
