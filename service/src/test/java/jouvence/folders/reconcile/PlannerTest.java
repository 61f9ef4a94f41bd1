package jouvence.folders.reconcile;

import jouvence.folders.FolderRecord;
import jouvence.folders.FolderSet;
import jouvence.folders.GroupMode;
import jouvence.folders.ShareRecord;
import jouvence.folders.moodle.CourseGroups;
import jouvence.folders.moodle.CourseGroups.Group;
import jouvence.folders.moodle.CourseGroups.Participant;
import jouvence.folders.naming.PluginNames;
import jouvence.folders.reconcile.CloudListing.ListedShare;
import jouvence.folders.reconcile.CloudListing.Node;
import jouvence.folders.reconcile.ReconcilePlan.AwaitConnect;
import jouvence.folders.reconcile.ReconcilePlan.EnsureFolder;
import jouvence.folders.reconcile.ReconcilePlan.Keep;
import jouvence.folders.reconcile.ReconcilePlan.MoveFolder;
import jouvence.folders.reconcile.ReconcilePlan.Op;
import jouvence.folders.reconcile.ReconcilePlan.Readopt;
import jouvence.folders.reconcile.ReconcilePlan.Revoke;
import jouvence.folders.reconcile.ReconcilePlan.Share;
import jouvence.folders.reconcile.ReconcilePlan.Unwanted;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The planning, without Camel, HTTP or a database: each case is a state of Moodle, of the records and of the cloud,
 * and the exact operations that follow. {@link World} plays a perfect execution, so that "once done, nothing left"
 * is checked for every case too.
 */
class PlannerTest {

    static final Participant TEACHER = person(1, "teacher1", true);
    static final Participant S1 = person(11, "s1", false);
    static final Participant S2 = person(12, "s2", false);
    static final Participant S3 = person(13, "s3", false);
    static final Participant S4 = person(14, "s4", false);
    static final String PARENT = "Moodle/Biology 101 (id 10)/Lab reports (id 3)";

    static Participant person(long id, String username, boolean teacher) {
        return new Participant(id, username, username + "@univ.example", Set.of(teacher ? "editingteacher" : "student"),
                teacher);
    }

    static FolderSet set(GroupMode mode, boolean teacherAccess) {
        return new FolderSet(3, 10, null, "Lab reports", mode, null, teacherAccess, "api", "admin", true, "pending",
                null, 0, null, null, 1, null, null, null, null);
    }

    static CourseGroups moodle(List<Group> groups, List<Participant> students) {
        return new CourseGroups(new CourseGroups.Course(10, "Biology 101", "BIO", "Biology 101", 3), List.of(), "moodle",
                Optional.empty(), groups, List.of(TEACHER), students, List.of());
    }

    static Group group(long id, String name, Participant... members) {
        List<Participant> m = new ArrayList<>(List.of(members));
        return new Group(id, name, m);
    }

    static WantedState wanted(FolderSet set, CourseGroups moodle) {
        return WantedState.of(set, moodle, "Moodle", PluginNames.Labels.ENGLISH);
    }

    /** Recorded state and the cloud as a perfect execution leaves them. */
    static final class World {
        final List<FolderRecord> folders = new ArrayList<>();
        final List<ShareRecord> shares = new ArrayList<>();
        final List<Node> children = new ArrayList<>();
        final List<ListedShare> listed = new ArrayList<>();
        Node setFolder;
        long ids = 100;

        CloudListing listing() {
            return new CloudListing(Optional.ofNullable(setFolder), children, listed);
        }

        ReconcilePlan plan(WantedState w, OnLeave onLeave) {
            return Planner.plan(w, folders, shares, listing(), onLeave);
        }

        FolderRecord folder(FolderKey key) {
            return folders.stream().filter(f -> FolderKey.of(f).equals(key)).findFirst().orElseThrow();
        }

        /** Plays the plan as a cloud that accepts everything would, and records it. */
        void execute(ReconcilePlan plan) {
            for (Op op : plan.ops()) {
                if (op instanceof EnsureFolder e) {
                    long id = ++ids;
                    record(e.key(), e.groupName(), e.path(), id, true);
                    if (e.key().parent()) {
                        setFolder = new Node(e.path(), id, true);
                    } else {
                        children.add(new Node(e.path().substring(e.path().lastIndexOf('/') + 1), id, true));
                    }
                } else if (op instanceof MoveFolder m) {
                    record(m.key(), m.groupName(), m.to(), m.fileId(), true);
                    if (m.key().parent()) {
                        setFolder = new Node(m.to(), m.fileId(), true);
                    } else {
                        children.removeIf(n -> n.fileId() == m.fileId());
                        children.add(new Node(m.to().substring(m.to().lastIndexOf('/') + 1), m.fileId(), true));
                    }
                } else if (op instanceof Unwanted u) {
                    record(FolderKey.of(u.folder()), u.folder().groupName(), u.folder().path(), u.folder().fileId(),
                            false);
                } else if (op instanceof Share s) {
                    FolderRecord f = folder(s.key());
                    long shareId = ++ids;
                    listed.add(new ListedShare(shareId, f.path(), s.who().username()));
                    share(f.id(), s.who().id(), shareId, "shared");
                } else if (op instanceof Revoke r) {
                    listed.removeIf(l -> r.share().shareId() != null && l.id() == r.share().shareId());
                    share(r.share().folderId(), r.share().moodleUserId(), r.share().shareId(), "revoked");
                } else if (op instanceof Keep k) {
                    share(k.share().folderId(), k.share().moodleUserId(), k.share().shareId(), "kept");
                } else if (op instanceof Readopt r) {
                    share(r.share().folderId(), r.share().moodleUserId(), r.share().shareId(), "shared");
                } else if (op instanceof AwaitConnect a) {
                    share(folder(a.key()).id(), a.who().id(), null, Planner.AWAITING);
                }
            }
        }

        void record(FolderKey key, String groupName, String path, Long fileId, boolean wanted) {
            Optional<FolderRecord> old = folders.stream().filter(f -> FolderKey.of(f).equals(key)).findFirst();
            long id = old.map(FolderRecord::id).orElse(++ids);
            folders.removeIf(f -> FolderKey.of(f).equals(key));
            folders.add(new FolderRecord(id, 3, key.kind(), key.groupId(), groupName, path, fileId, "ready", wanted,
                    null, null));
        }

        void share(long folderId, long userId, Long shareId, String state) {
            shares.removeIf(s -> s.folderId() == folderId && s.moodleUserId() == userId);
            shares.add(new ShareRecord(++ids, folderId, userId, null, null, shareId, 31, state, null, null));
        }

        /** Applies the plan and checks that the same wanted state then plans nothing. */
        ReconcilePlan converge(WantedState w, OnLeave onLeave) {
            ReconcilePlan plan = plan(w, onLeave);
            execute(plan);
            assertEquals(List.of(), plan(w, onLeave).ops(), "once done, nothing is left to do");
            return plan;
        }
    }

    private static <T extends Op> List<T> only(ReconcilePlan plan, Class<T> type) {
        return plan.ops().stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static final Group TEAM_A = group(7, "Team A", S1, S2);
    private static final Group TEAM_B = group(8, "Team B", S3);

    @Test
    void aNewSetGetsItsFoldersParentFirstThenItsShares() {
        World world = new World();
        ReconcilePlan plan = world.converge(wanted(set(GroupMode.GROUPS, true), moodle(List.of(TEAM_A, TEAM_B),
                List.of(S1, S2, S3))), OnLeave.KEEP);
        assertEquals(List.of(new EnsureFolder(FolderKey.PARENT, null, PARENT),
                new EnsureFolder(FolderKey.group(7), "Team A", PARENT + "/Team A (id 7)"),
                new EnsureFolder(FolderKey.group(8), "Team B", PARENT + "/Team B (id 8)"),
                new Share(FolderKey.PARENT, TEACHER), new Share(FolderKey.group(7), S1),
                new Share(FolderKey.group(7), S2), new Share(FolderKey.group(8), S3)), plan.ops());
    }

    // --- jouvence.folders.share-mode (foldersweb) ----------------------------------------------------------------

    @Test
    void optInSharesNobodyUntilTheyAskThenOnlyThoseWhoAsked() {
        World world = new World();
        WantedState w = wanted(set(GroupMode.GROUPS, true), moodle(List.of(TEAM_A, TEAM_B), List.of(S1, S2, S3)));
        ReconcilePlan first = Planner.plan(w, world.folders, world.shares, world.listing(), OnLeave.KEEP,
                ShareMode.OPT_IN, Set.of());
        assertEquals(List.of(), only(first, Share.class), "nobody asked: the folders are made, nothing is shared");
        assertEquals(3, only(first, EnsureFolder.class).size());
        world.execute(first);
        assertTrue(Planner.plan(w, world.folders, world.shares, world.listing(), OnLeave.KEEP, ShareMode.OPT_IN,
                Set.of()).isEmpty(), "still nobody asked: nothing to do");
        ReconcilePlan asked = Planner.plan(w, world.folders, world.shares, world.listing(), OnLeave.KEEP,
                ShareMode.OPT_IN, Set.of(S2.id(), TEACHER.id()));
        assertEquals(List.of(new Share(FolderKey.PARENT, TEACHER), new Share(FolderKey.group(7), S2)), asked.ops());
        world.execute(asked);
        assertTrue(Planner.plan(w, world.folders, world.shares, world.listing(), OnLeave.KEEP, ShareMode.OPT_IN,
                Set.of(S2.id(), TEACHER.id())).isEmpty(), "once done, nothing is left to do");
    }

    @Test
    void optInKeepsTheSharesAlreadyMadeAndStillRevokesThoseWhoLeft() {
        World world = new World();
        world.converge(wanted(set(GroupMode.GROUPS, false), moodle(List.of(TEAM_A), List.of(S1, S2))), OnLeave.KEEP);
        WantedState w = wanted(set(GroupMode.GROUPS, false), moodle(List.of(group(7, "Team A", S1)), List.of(S1, S2)));
        ReconcilePlan plan = Planner.plan(w, world.folders, world.shares, world.listing(), OnLeave.REVOKE,
                ShareMode.OPT_IN, Set.of());
        assertEquals(1, plan.ops().size(), plan.ops().toString());
        assertTrue(plan.ops().get(0) instanceof Revoke r && r.share().moodleUserId() == S2.id(), plan.ops().toString());
    }

    // --- jouvence.folders.identity=oauth ---------------------------------------------------------------------------

    private static ReconcilePlan oauth(World world, WantedState w, OnLeave onLeave, Set<Long> connected) {
        return Planner.plan(w, world.folders, world.shares, world.listing(), onLeave, ShareMode.AUTOMATIC, Set.of(),
                connected);
    }

    @Test
    void withOauthOnlyThoseWhoConnectedTheirCloudAreSharedTheOthersWaitWithoutACallOrAnError() {
        World world = new World();
        WantedState w = wanted(set(GroupMode.GROUPS, true), moodle(List.of(TEAM_A, TEAM_B), List.of(S1, S2, S3)));
        ReconcilePlan first = oauth(world, w, OnLeave.KEEP, Set.of(S1.id()));
        assertEquals(List.of(new Share(FolderKey.group(7), S1)), only(first, Share.class), "only s1 connected");
        assertEquals(List.of(new AwaitConnect(FolderKey.PARENT, TEACHER), new AwaitConnect(FolderKey.group(7), S2),
                new AwaitConnect(FolderKey.group(8), S3)), only(first, AwaitConnect.class));
        world.execute(first);
        assertEquals(3, world.shares.stream().filter(x -> x.state().equals(Planner.AWAITING)).count());
        assertTrue(oauth(world, w, OnLeave.KEEP, Set.of(S1.id())).isEmpty(),
                "nobody else connected: a second reconcile plans nothing (no write, no trail)");

        ReconcilePlan connected = oauth(world, w, OnLeave.KEEP, Set.of(S1.id(), S3.id()));
        assertEquals(List.of(new Share(FolderKey.group(8), S3)), connected.ops(), "s3 connected: shared now");
        world.execute(connected);
        assertTrue(oauth(world, w, OnLeave.KEEP, Set.of(S1.id(), S3.id())).isEmpty());

        // who waited and left: the waiting share is closed in the record (it was never made), whatever on-leave says
        WantedState left = wanted(set(GroupMode.GROUPS, true), moodle(List.of(group(7, "Team A", S1), TEAM_B),
                List.of(S1, S3)));
        ReconcilePlan after = oauth(world, left, OnLeave.KEEP, Set.of(S1.id(), S3.id()));
        assertEquals(1, after.ops().size(), after.ops().toString());
        assertTrue(after.ops().get(0) instanceof Revoke r && r.share().moodleUserId() == S2.id()
                && r.share().shareId() == null, after.ops().toString());
    }

    @Test
    void withOauthAShareAlreadyMadeStaysEvenWhenTheAccountIsNotKnownAndOtherIdentitiesAreUnchanged() {
        World world = new World();
        WantedState w = wanted(set(GroupMode.GROUPS, false), moodle(List.of(TEAM_A), List.of(S1, S2)));
        world.converge(w, OnLeave.KEEP); // shared before (identity username, or the plugin's shares adopted)
        assertTrue(oauth(world, w, OnLeave.KEEP, Set.of()).isEmpty(), "made shares are kept as they are");
        world.listed.removeIf(l -> l.shareWith().equals("s2")); // s2's share deleted in the cloud
        assertEquals(List.of(new AwaitConnect(FolderKey.group(7), S2)), oauth(world, w, OnLeave.KEEP, Set.of()).ops(),
                "made again only once s2 connects a cloud account");
        assertEquals(List.of(new Share(FolderKey.group(7), S2)), oauth(world, w, OnLeave.KEEP, null).ops(),
                "username or email (null): shared again at once");
    }

    private static ReconcilePlan moves(World world, WantedState w, java.util.Map<Long, String> accounts) {
        return Planner.plan(w, world.folders, world.shares, world.listing(), OnLeave.KEEP, ShareMode.AUTOMATIC,
                Set.of(), accounts.keySet(), accounts);
    }

    private static ShareRecord recordedAs(World world, Participant p, String cloudUser, boolean moveAsked) {
        ShareRecord s = world.shares.stream().filter(x -> x.moodleUserId() == p.id()).findFirst().orElseThrow();
        ShareRecord now = new ShareRecord(s.id(), s.folderId(), p.id(), p.username(), cloudUser, s.shareId(), 31,
                "shared", null, null, moveAsked);
        world.shares.set(world.shares.indexOf(s), now);
        return now;
    }

    @Test
    void withOauthResetMovesAShareToTheAccountConnectedSinceOnlyWhenAskedAndOnlyToAnotherAccount() {
        World world = new World();
        WantedState w = wanted(set(GroupMode.GROUPS, false), moodle(List.of(TEAM_A), List.of(S1, S2)));
        world.converge(w, OnLeave.KEEP);
        java.util.Map<Long, String> accounts = java.util.Map.of(S1.id(), "new-s1", S2.id(), "s2");
        recordedAs(world, S1, "cloud-s1", false);
        assertTrue(moves(world, w, accounts).isEmpty(), "another account connected, no Reset: the share stays");

        ShareRecord asked = recordedAs(world, S1, "cloud-s1", true);
        assertEquals(List.of(new ReconcilePlan.MoveShare(FolderKey.group(7), asked, S1)), moves(world, w, accounts)
                .ops(), "Reset asked: only s1's share moves");
        assertTrue(Planner.plan(w, world.folders, world.shares, world.listing(), OnLeave.KEEP, ShareMode.AUTOMATIC,
                Set.of(), null, java.util.Map.of()).isEmpty(), "identity username or email: never moved");
        assertEquals(List.of(new Readopt(FolderKey.group(7), asked.moveServed())), moves(world, w, java.util.Map.of(
                S1.id(), "cloud-s1", S2.id(), "s2")).ops(), "the recorded account connected again: nothing to move, "
                + "the request served");

        world.listed.removeIf(l -> l.id() == asked.shareId()); // the old share is gone from the cloud meanwhile
        assertEquals(List.of(new Share(FolderKey.group(7), S1)), moves(world, w, accounts).ops(),
                "made again, for the account connected now (nothing to revoke)");
    }

    @Test
    void nothingChangedIsAnEmptyPlan() {
        World world = new World();
        WantedState w = wanted(set(GroupMode.GROUPS, true), moodle(List.of(TEAM_A, TEAM_B), List.of(S1, S2, S3)));
        world.converge(w, OnLeave.KEEP);
        assertTrue(world.plan(w, OnLeave.KEEP).isEmpty());
        assertTrue(world.plan(w, OnLeave.REVOKE).isEmpty());
    }

    @Test
    void aNewGroupGetsItsFolderAndItsMembersTheirShares() {
        World world = new World();
        world.converge(wanted(set(GroupMode.GROUPS, false), moodle(List.of(TEAM_A), List.of(S1, S2, S3))), OnLeave.KEEP);
        ReconcilePlan plan = world.converge(wanted(set(GroupMode.GROUPS, false), moodle(List.of(TEAM_A, TEAM_B),
                List.of(S1, S2, S3))), OnLeave.KEEP);
        assertEquals(List.of(new EnsureFolder(FolderKey.group(8), "Team B", PARENT + "/Team B (id 8)"),
                new Share(FolderKey.group(8), S3)), plan.ops());
    }

    @Test
    void aNewMemberGetsTheShareAndNobodyElseIsTouched() {
        World world = new World();
        world.converge(wanted(set(GroupMode.GROUPS, false), moodle(List.of(TEAM_A), List.of(S1, S2, S4))), OnLeave.KEEP);
        ReconcilePlan plan = world.converge(wanted(set(GroupMode.GROUPS, false), moodle(List.of(group(7, "Team A", S1,
                S2, S4)), List.of(S1, S2, S4))), OnLeave.KEEP);
        assertEquals(List.of(new Share(FolderKey.group(7), S4)), plan.ops());
    }

    @Test
    void aMemberWhoLeftKeepsTheShareWithKeep() {
        World world = new World();
        world.converge(wanted(set(GroupMode.GROUPS, false), moodle(List.of(TEAM_A), List.of(S1, S2))), OnLeave.KEEP);
        ReconcilePlan plan = world.converge(wanted(set(GroupMode.GROUPS, false), moodle(List.of(group(7, "Team A", S1)),
                List.of(S1, S2))), OnLeave.KEEP);
        assertEquals(1, plan.ops().size(), plan.toString());
        Keep keep = only(plan, Keep.class).get(0);
        assertEquals(S2.id(), keep.share().moodleUserId());
        assertTrue(world.listed.stream().anyMatch(l -> l.id() == keep.share().shareId()), "still shared in the cloud");
    }

    @Test
    void aMemberWhoLeftLosesTheShareWithRevoke() {
        World world = new World();
        world.converge(wanted(set(GroupMode.GROUPS, false), moodle(List.of(TEAM_A), List.of(S1, S2))), OnLeave.REVOKE);
        ReconcilePlan plan = world.converge(wanted(set(GroupMode.GROUPS, false), moodle(List.of(group(7, "Team A", S1)),
                List.of(S1))), OnLeave.REVOKE);
        assertEquals(1, plan.ops().size(), plan.toString());
        assertEquals(S2.id(), only(plan, Revoke.class).get(0).share().moodleUserId());
    }

    @Test
    void aKeptShareIsRevokedOnceThePolicyBecomesRevokeAndReadoptedWhenTheMemberComesBack() {
        World world = new World();
        world.converge(wanted(set(GroupMode.GROUPS, false), moodle(List.of(TEAM_A), List.of(S1, S2))), OnLeave.KEEP);
        WantedState without = wanted(set(GroupMode.GROUPS, false), moodle(List.of(group(7, "Team A", S1)), List.of(S1)));
        world.converge(without, OnLeave.KEEP);
        ReconcilePlan back = world.converge(wanted(set(GroupMode.GROUPS, false), moodle(List.of(TEAM_A),
                List.of(S1, S2))), OnLeave.KEEP);
        assertEquals(1, only(back, Readopt.class).size(), "the share is still there: recorded again, no call");
        assertEquals(1, back.ops().size());
        world.converge(without, OnLeave.KEEP);
        ReconcilePlan revoke = world.converge(without, OnLeave.REVOKE);
        assertEquals(1, only(revoke, Revoke.class).size());
        ReconcilePlan again = world.converge(wanted(set(GroupMode.GROUPS, false), moodle(List.of(TEAM_A),
                List.of(S1, S2))), OnLeave.REVOKE);
        assertEquals(List.of(new Share(FolderKey.group(7), S2)), again.ops(), "revoked: shared again");
    }

    @Test
    void aRenamedGroupIsAMoveOfItsFolderFoundByFileIdAndItsSharesStay() {
        World world = new World();
        world.converge(wanted(set(GroupMode.GROUPS, false), moodle(List.of(TEAM_A), List.of(S1, S2))), OnLeave.KEEP);
        long fileId = world.folder(FolderKey.group(7)).fileId();
        ReconcilePlan plan = world.converge(wanted(set(GroupMode.GROUPS, false), moodle(List.of(group(7, "Team Alpha",
                S1, S2)), List.of(S1, S2))), OnLeave.KEEP);
        assertEquals(List.of(new MoveFolder(FolderKey.group(7), "Team Alpha", PARENT + "/Team A (id 7)",
                PARENT + "/Team Alpha (id 7)", fileId)), plan.ops());
    }

    @Test
    void aRenamedSetMovesItsFolder() {
        World world = new World();
        world.converge(wanted(set(GroupMode.GROUPS, false), moodle(List.of(TEAM_A), List.of(S1, S2))), OnLeave.KEEP);
        long fileId = world.folder(FolderKey.PARENT).fileId();
        FolderSet renamed = new FolderSet(3, 10, null, "Field notes", GroupMode.GROUPS, null, false, "api", "admin",
                true, "pending", null, 0, null, null, 1, null, null, null, null);
        ReconcilePlan plan = world.plan(wanted(renamed, moodle(List.of(TEAM_A), List.of(S1, S2))), OnLeave.KEEP);
        String to = "Moodle/Biology 101 (id 10)/Field notes (id 3)";
        assertEquals(new MoveFolder(FolderKey.PARENT, null, PARENT, to, fileId), plan.ops().get(0));
        assertEquals(new EnsureFolder(FolderKey.group(7), "Team A", to + "/Team A (id 7)"), plan.ops().get(1),
                "the group's folder moved with its parent: recorded at its new path");
        assertEquals(2, plan.ops().size(), plan.toString());
    }

    @Test
    void aDeletedGroupKeepsItsFolderAndItsSharesFollowOnLeave() {
        World keepWorld = new World();
        keepWorld.converge(wanted(set(GroupMode.GROUPS, false), moodle(List.of(TEAM_A, TEAM_B), List.of(S1, S2, S3))),
                OnLeave.KEEP);
        ReconcilePlan keep = keepWorld.converge(wanted(set(GroupMode.GROUPS, false), moodle(List.of(TEAM_A),
                List.of(S1, S2, S3))), OnLeave.KEEP);
        assertEquals(1, only(keep, Unwanted.class).size());
        assertEquals(8L, only(keep, Unwanted.class).get(0).folder().groupId());
        assertEquals(1, only(keep, Keep.class).size());
        assertEquals(2, keep.ops().size(), "no folder deleted, nothing else: " + keep);

        World revokeWorld = new World();
        revokeWorld.converge(wanted(set(GroupMode.GROUPS, false), moodle(List.of(TEAM_A, TEAM_B), List.of(S1, S2, S3))),
                OnLeave.REVOKE);
        ReconcilePlan revoke = revokeWorld.converge(wanted(set(GroupMode.GROUPS, false), moodle(List.of(TEAM_A),
                List.of(S1, S2, S3))), OnLeave.REVOKE);
        assertEquals(List.of(S3.id()), only(revoke, Revoke.class).stream().map(r -> r.share().moodleUserId()).toList());
    }

    @Test
    void theTeacherFlagGivesTheParentFolderToTeachersOnlyWhenOn() {
        World off = new World();
        ReconcilePlan withoutTeachers = off.converge(wanted(set(GroupMode.GROUPS, false), moodle(List.of(TEAM_A),
                List.of(S1, S2))), OnLeave.REVOKE);
        assertTrue(only(withoutTeachers, Share.class).stream().noneMatch(s -> s.who().teacher()));
        ReconcilePlan on = off.converge(wanted(set(GroupMode.GROUPS, true), moodle(List.of(TEAM_A), List.of(S1, S2))),
                OnLeave.REVOKE);
        assertEquals(List.of(new Share(FolderKey.PARENT, TEACHER)), on.ops());
        ReconcilePlan offAgain = off.converge(wanted(set(GroupMode.GROUPS, false), moodle(List.of(TEAM_A),
                List.of(S1, S2))), OnLeave.REVOKE);
        assertEquals(TEACHER.id(), only(offAgain, Revoke.class).get(0).share().moodleUserId());
        assertEquals(1, offAgain.ops().size());
    }

    @Test
    void withoutGroupsOneFolderGoesToEveryStudentAndTheTeachersWhenAllowed() {
        World world = new World();
        ReconcilePlan plan = world.converge(wanted(set(GroupMode.NONE, true), moodle(List.of(TEAM_A),
                List.of(S1, S2, S3))), OnLeave.KEEP);
        assertEquals(List.of(new EnsureFolder(FolderKey.PARENT, null, PARENT), new Share(FolderKey.PARENT, TEACHER),
                new Share(FolderKey.PARENT, S1), new Share(FolderKey.PARENT, S2), new Share(FolderKey.PARENT, S3)),
                plan.ops(), "no group folder, even though the course has groups");
        World noTeachers = new World();
        assertTrue(only(noTeachers.converge(wanted(set(GroupMode.NONE, false), moodle(List.of(), List.of(S1))),
                OnLeave.KEEP), Share.class).stream().noneMatch(s -> s.who().teacher()));
    }

    @Test
    void aGroupOutOfTheGroupingIsNoLongerWanted() {
        // The reader gives only the grouping's groups: Team B left the grouping.
        World world = new World();
        world.converge(wanted(set(GroupMode.GROUPS, false), moodle(List.of(TEAM_A, TEAM_B), List.of(S1, S2, S3))),
                OnLeave.REVOKE);
        ReconcilePlan plan = world.converge(wanted(set(GroupMode.GROUPS, false), moodle(List.of(TEAM_A),
                List.of(S1, S2, S3))), OnLeave.REVOKE);
        assertEquals(8L, only(plan, Unwanted.class).get(0).folder().groupId());
        assertEquals(List.of(S3.id()), only(plan, Revoke.class).stream().map(r -> r.share().moodleUserId()).toList());
        ReconcilePlan back = world.converge(wanted(set(GroupMode.GROUPS, false), moodle(List.of(TEAM_A, TEAM_B),
                List.of(S1, S2, S3))), OnLeave.REVOKE);
        assertEquals(List.of(new EnsureFolder(FolderKey.group(8), "Team B", PARENT + "/Team B (id 8)"),
                new Share(FolderKey.group(8), S3)), back.ops(), "back in the grouping: its folder is wanted again");
    }

    @Test
    void aFolderOrShareGoneFromTheCloudIsMadeAgain() {
        World world = new World();
        WantedState w = wanted(set(GroupMode.GROUPS, false), moodle(List.of(TEAM_A), List.of(S1, S2)));
        world.converge(w, OnLeave.KEEP);
        world.children.clear(); // someone deleted the group's folder in the cloud (its shares go with it)
        world.listed.clear();
        ReconcilePlan plan = world.converge(w, OnLeave.KEEP);
        assertEquals(List.of(new EnsureFolder(FolderKey.group(7), "Team A", PARENT + "/Team A (id 7)"),
                new Share(FolderKey.group(7), S1), new Share(FolderKey.group(7), S2)), plan.ops());
    }

    @Test
    void aShareInErrorIsTriedAgainAndOneOfSomeoneGoneIsClosed() {
        World world = new World();
        WantedState w = wanted(set(GroupMode.GROUPS, false), moodle(List.of(TEAM_A), List.of(S1, S2)));
        world.converge(w, OnLeave.KEEP);
        long folder = world.folder(FolderKey.group(7)).id();
        world.share(folder, S2.id(), null, "error");
        world.listed.removeIf(l -> l.shareWith().equals("s2"));
        assertEquals(List.of(new Share(FolderKey.group(7), S2)), world.plan(w, OnLeave.KEEP).ops());
        ReconcilePlan gone = world.converge(wanted(set(GroupMode.GROUPS, false), moodle(List.of(group(7, "Team A", S1)),
                List.of(S1))), OnLeave.KEEP);
        assertEquals(1, only(gone, Revoke.class).size(), "never made: closed in the record only");
        assertEquals(null, only(gone, Revoke.class).get(0).share().shareId());
    }

    @Test
    void aPluginActivityIsNamedAsThePluginNamesIt() {
        FolderSet bridged = new FolderSet(4, 10, 317L, "Lab reports", GroupMode.GROUPS, null, false, "bridge", "bridge",
                true, "pending", null, 0, null, null, 1, null, null, null, null);
        CourseGroups m = new CourseGroups(new CourseGroups.Course(10, "Biology 101", "BIO", "Biology 101", 3),
                List.of(new CourseGroups.Category(3, "Sciences", 0)), "moodle", Optional.empty(), List.of(TEAM_A),
                List.of(), List.of(S1, S2), List.of());
        WantedState w = wanted(bridged, m);
        assertEquals("System (moodle)/Category Sciences (id 3)/Course Biology 101 (id 10)/"
                + "Collaborative folder Lab reports (id 317)/mod_collaborativefolders", w.parent().path());
        assertEquals(w.parent().path() + "/Team+A_id_7", w.folders().get(FolderKey.group(7)).path());
    }
}
