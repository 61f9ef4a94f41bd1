package jouvence.folders.cloud;

import jouvence.folders.cloud.CloudFault.Reason;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import simulator.cloud.CloudSimulator.Call;
import simulator.cloud.Flavour;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The OCS share API against both flavours, over OCS v1 (HTTP 200 for everything) and v2 (mirrored statuses). */
class SharesTest extends CloudClientTestBase {

    private static final String SET = "Moodle/Course (id 42)/Lab reports (id 317)";
    private static final String TEAM_A = SET + "/Team A_id_7";

    static Stream<Arguments> flavoursAndVersions() {
        return Stream.of(Flavour.values()).flatMap(f -> Stream.of(Arguments.of(f, 1), Arguments.of(f, 2)));
    }

    @ParameterizedTest(name = "{0} OCS v{1}")
    @MethodSource("flavoursAndVersions")
    void create_answers_the_share_and_a_second_create_adopts_it(Flavour f, int v) throws Exception {
        start(f);
        long team = sim.mkdirs(SYS, TEAM_A);
        Shares shares = client(v).shares();
        ShareResult made = shares.create(TEAM_A, "alice", 31);
        assertFalse(made.adopted());
        assertFalse(made.clamped());
        Share s = made.share();
        assertEquals(sim.shares().get(0).id(), s.id());
        assertEquals(0, s.shareType());
        assertEquals("alice", s.shareWith());
        assertEquals(31, s.permissions());
        assertEquals(team, s.fileSource());
        assertEquals(TEAM_A, s.path());
        assertEquals("/Team A_id_7", s.fileTarget());
        assertTrue(sim.calls().stream().allMatch(c -> c.path().startsWith("/ocs/v" + v + ".php/")), sim.calls()
                .toString());

        ShareResult again = shares.create(TEAM_A, "alice", 31);
        assertTrue(again.adopted());
        assertEquals(s.id(), again.share().id());
        assertEquals(1, sim.shares().size());
        // POST refused as already shared (403), then one lookup with reshares=true
        List<Call> last = sim.calls().subList(sim.calls().size() - 2, sim.calls().size());
        assertEquals("POST", last.get(0).method());
        assertEquals(v == 1 ? 200 : 403, last.get(0).status());
        assertEquals("GET", last.get(1).method());
        assertTrue(last.get(1).query().contains("reshares=true"), last.get(1).query());
    }

    @ParameterizedTest(name = "{0} OCS v{1}")
    @MethodSource("flavoursAndVersions")
    void clamped_permissions_are_reported(Flavour f, int v) throws Exception {
        start(f);
        sim.mkdirs(SYS, TEAM_A);
        sim.maxSharePermissions(15);
        ShareResult r = client(v).shares().create(TEAM_A, "bob", 31);
        assertTrue(r.clamped());
        assertEquals(15, r.share().permissions());
        assertEquals(31, r.askedPermissions());
    }

    @ParameterizedTest(name = "{0} OCS v{1}")
    @MethodSource("flavoursAndVersions")
    void refusals_are_told_apart(Flavour f, int v) throws Exception {
        start(f);
        sim.mkdirs(SYS, TEAM_A);
        Shares shares = client(v).shares();
        CloudFault noPath = fault(Reason.PATH_MISSING, () -> shares.create(SET + "/Nowhere", "alice", 31));
        assertEquals(404, noPath.status());
        CloudFault noUser = fault(Reason.UNKNOWN_USER, () -> shares.create(TEAM_A, "carol", 31));
        assertEquals(404, noUser.status());
        assertTrue(noUser.getMessage().contains("carol"), noUser.getMessage());

        sim.refuseSharesWith("bob", "");
        CloudFault policy = fault(Reason.POLICY, () -> shares.create(TEAM_A, "bob", 31));
        assertEquals(403, policy.status());
        assertTrue(policy.cloudMessage().contains("group members"), policy.cloudMessage());
        // "already shared" in the cloud's words, but no share to adopt: a clean item error
        sim.refuseSharesWith("bob", "Path already shared with this user");
        CloudFault ghost = fault(Reason.ALREADY_SHARED_NOT_FOUND, () -> shares.create(TEAM_A, "bob", 31));
        assertTrue(ghost.getMessage().contains("no share of it with bob was found"), ghost.getMessage());
        sim.refuseSharesWith("bob", null);

        sim.disableSharing(true);
        CloudFault off = fault(Reason.SHARING_DISABLED, () -> shares.create(TEAM_A, "alice", 31));
        assertEquals(f == Flavour.NEXTCLOUD ? 403 : 404, off.status());
        assertTrue(sim.shares().isEmpty());
    }

    @ParameterizedTest(name = "{0} OCS v{1}")
    @MethodSource("flavoursAndVersions")
    void a_folder_sets_shares_are_read_in_two_calls_and_deleted_once(Flavour f, int v) throws Exception {
        start(f);
        sim.addUser("teacher", "Teacher", "teacher@univ.example");
        sim.mkdirs(SYS, TEAM_A + "/Drafts");
        sim.mkdirs(SYS, SET + "/Team B_id_8");
        long parent = sim.share(SYS, SET, "teacher", 31);
        long a1 = sim.share(SYS, TEAM_A, "alice", 31);
        long b1 = sim.share(SYS, SET + "/Team B_id_8", "bob", 31);
        sim.share(SYS, TEAM_A + "/Drafts", "bob", 31); // deeper: not the set's
        Shares shares = client(v).shares();
        sim.clearCalls();
        List<Share> set = shares.ofFolderSet(SET);
        assertEquals(2, sim.calls().size(), sim.calls().toString());
        assertEquals(Set.of(parent, a1, b1), set.stream().map(Share::id).collect(Collectors.toSet()));
        assertEquals(SET, set.stream().filter(s -> s.id() == parent).findFirst().orElseThrow().path());
        assertEquals(TEAM_A, set.stream().filter(s -> s.id() == a1).findFirst().orElseThrow().path());
        assertEquals(4, shares.all().size());
        assertEquals(List.of(a1), shares.list(TEAM_A, false).stream().map(Share::id).toList());
        fault(Reason.PATH_MISSING, () -> shares.list(SET + "/Nowhere", true));

        assertTrue(shares.delete(a1));
        assertFalse(shares.delete(a1)); // already gone: fine
        assertEquals(3, sim.shares().size());
    }

    @ParameterizedTest(name = "{0} OCS v{1}")
    @MethodSource("flavoursAndVersions")
    void sharees_find_exactly_one_user_by_email(Flavour f, int v) throws Exception {
        start(f);
        sim.addUser("carol1", "Carol A", "carol@univ.example").addUser("carol2", "Carol B", "carol@univ.example");
        Sharees sharees = client(v).sharees();
        assertEquals("alice", sharees.findByEmail("Alice.Martin@univ.example"));
        // the search for an address also brings a federated guess in exact.remotes: not a user, ignored
        CloudFault none = fault(Reason.NO_MATCH, () -> sharees.findByEmail("nobody@elsewhere.example"));
        assertTrue(none.getMessage().contains("nobody@elsewhere.example"), none.getMessage());
        CloudFault two = fault(Reason.AMBIGUOUS, () -> sharees.findByEmail("carol@univ.example"));
        assertTrue(two.getMessage().contains("carol1, carol2"), two.getMessage());
        fault(Reason.NO_MATCH, () -> sharees.findByEmail(" "));
        assertTrue(sim.calls().stream().allMatch(c -> !c.path().contains("sharees")
                || c.query().contains("itemType=folder")));
    }
}
