package jouvence.folders.cloud;

import jouvence.folders.cloud.CloudFault.Reason;
import jouvence.folders.cloud.Dav.Depth;
import jouvence.folders.cloud.MoveResult.Outcome;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import simulator.cloud.Flavour;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** WebDAV against the simulated ownCloud 10 and Nextcloud: listings, folders made segment by segment, moves. */
class DavTest extends CloudClientTestBase {

    private static final String SET = "Moodle/Course Biology 101 (id 42)/Lab reports (id 317)";

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void a_missing_path_is_made_segment_by_segment_and_an_existing_one_costs_one_propfind(Flavour f) throws Exception {
        start(f);
        Dav dav = client().dav();
        long id = dav.ensureFolder(SET + "/Team A_id_7");
        assertEquals(sim.fileId(SYS, "/" + SET + "/Team A_id_7"), id);
        // PROPFIND (404), MKCOL 409 ×3 walking up, MKCOL 201 ×4 walking down; the last 201's OC-FileId gives the id
        assertEquals(Map.of("PROPFIND", 1, "MKCOL", 7), sim.callCounts());
        assertEquals(List.of(409, 409, 409, 201, 201, 201, 201), sim.calls().stream()
                .filter(c -> c.method().equals("MKCOL")).map(c -> c.status()).toList());

        sim.clearCalls();
        assertEquals(id, dav.ensureFolder("/" + SET + "/Team A_id_7/"));
        assertEquals(Map.of("PROPFIND", 1), sim.callCounts());
        assertTrue(sim.writeCalls().isEmpty());
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void with_the_parent_listed_an_existing_folder_costs_nothing_and_a_missing_one_a_mkcol(Flavour f) throws Exception {
        start(f);
        long a = sim.mkdirs(SYS, SET + "/Team A_id_7");
        Dav dav = client().dav();
        DavTree tree = dav.list(SET, Depth.ONE);
        sim.clearCalls();
        assertEquals(a, dav.ensureFolder(SET + "/Team A_id_7", tree));
        assertTrue(sim.calls().isEmpty(), sim.calls().toString());
        long b = dav.ensureFolder(SET + "/Team B_id_8", tree);
        assertEquals(sim.fileId(SYS, SET + "/Team B_id_8"), b);
        assertEquals(Map.of("MKCOL", 1), sim.callCounts()); // the id from the 201's OC-FileId, no PROPFIND

        // a listing gone stale: the folder was made meanwhile, MKCOL answers 405, PROPFIND checks it is a folder
        long c = sim.mkdirs(SYS, SET + "/Team C_id_9");
        sim.clearCalls();
        assertEquals(c, dav.ensureFolder(SET + "/Team C_id_9", tree));
        assertEquals(List.of("MKCOL 405", "PROPFIND 207"), sim.calls().stream()
                .map(x -> x.method() + " " + x.status()).toList());
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void a_file_where_a_folder_should_be_is_an_item_error_never_a_success(Flavour f) throws Exception {
        start(f);
        sim.mkdirs(SYS, SET);
        sim.addFile(SYS, SET + "/Team A_id_7", 10);
        Dav dav = client().dav();
        fault(Reason.NOT_A_FOLDER, () -> dav.ensureFolder(SET + "/Team A_id_7"));
        // known from a listing, and through MKCOL's 405 with a stale listing
        DavTree tree = dav.list(SET, Depth.ONE);
        fault(Reason.NOT_A_FOLDER, () -> dav.ensureFolder(SET + "/Team A_id_7", tree));
        sim.addFile(SYS, SET + "/Team B_id_8", 10);
        fault(Reason.NOT_A_FOLDER, () -> dav.ensureFolder(SET + "/Team B_id_8", tree));
        // a file as a parent: MKCOL 409 again once the "parent" answered 405
        CloudFault parent = fault(Reason.NOT_A_FOLDER, () -> dav.ensureFolder(SET + "/Team A_id_7/Draft"));
        assertTrue(parent.getMessage().contains("parent is not a folder"), parent.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void quota_is_an_error_and_never_read_as_exists(Flavour f) throws Exception {
        start(f);
        long existing = sim.mkdirs(SYS, SET + "/Team A_id_7");
        sim.addFile(SYS, SET + "/big.bin", 10_000);
        sim.quota(SYS, 10_000L);
        Dav dav = client().dav();
        assertEquals(existing, dav.ensureFolder(SET + "/Team A_id_7"));
        DavTree tree = dav.list(SET, Depth.ONE);
        if (f == Flavour.NEXTCLOUD) {
            CloudFault q = fault(Reason.QUOTA, () -> dav.ensureFolder(SET + "/Team B_id_8"));
            assertEquals(507, q.status());
            assertTrue(q.cloudMessage().startsWith("Insufficient space"), q.cloudMessage());
            // Nextcloud answers 507 before checking existence: with a stale listing, an existing folder's MKCOL gets
            // 507, which is an error, not "exists"
            sim.mkdirs(SYS, SET + "/Team C_id_9");
            fault(Reason.QUOTA, () -> dav.ensureFolder(SET + "/Team C_id_9", tree));
        } else {
            // ownCloud 10 checks quotas on content writes only
            long b = dav.ensureFolder(SET + "/Team B_id_8");
            assertEquals(sim.fileId(SYS, SET + "/Team B_id_8"), b);
        }
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void locked_forbidden_and_invalid_names_are_item_errors_with_the_clouds_words(Flavour f) throws Exception {
        start(f);
        sim.mkdirs(SYS, SET);
        Dav dav = client().dav();
        sim.lock(SYS, SET, true);
        CloudFault locked = fault(Reason.LOCKED, () -> dav.ensureFolder(SET + "/Team A_id_7"));
        assertEquals(423, locked.status());
        assertTrue(locked.cloudMessage().contains("is locked"), locked.cloudMessage());
        sim.lock(SYS, SET, false);
        CloudFault forbidden = fault(Reason.FORBIDDEN, () -> dav.ensureFolder(SET + "/.htaccess"));
        assertEquals(403, forbidden.status());
        assertTrue(forbidden.getMessage().contains("blacklist"), forbidden.getMessage());
        CloudFault invalid = fault(Reason.INVALID_NAME, () -> dav.ensureFolder(SET + "/a\\b"));
        assertEquals(400, invalid.status());
        assertTrue(invalid.cloudMessage().contains("invalid character"), invalid.cloudMessage());
        assertTrue(sim.tree(SYS).stream().noneMatch(e -> e.path().endsWith("Team A_id_7")));
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void a_tree_is_listed_with_file_ids_kinds_and_names_decoded(Flavour f) throws Exception {
        start(f);
        long set = sim.mkdirs(SYS, SET);
        long a = sim.mkdirs(SYS, SET + "/Équipe + Ä_id_7");
        long draft = sim.mkdirs(SYS, SET + "/Équipe + Ä_id_7/Drafts");
        long file = sim.addFile(SYS, SET + "/notes & 100%.txt", 3);
        Dav dav = client().dav();
        DavTree one = dav.list(SET, Depth.ONE);
        assertEquals(set, one.root().fileId());
        assertEquals(SET, one.root().path());
        assertEquals(3, one.nodes().size());
        DavNode team = one.get(SET + "/Équipe + Ä_id_7").orElseThrow();
        assertEquals(a, team.fileId());
        assertTrue(team.folder());
        assertEquals("Équipe + Ä_id_7", team.name());
        assertTrue(team.permissions().contains("CK"), team.permissions());
        assertFalse(team.etag().isEmpty());
        DavNode notes = one.get(SET + "/notes & 100%.txt").orElseThrow();
        assertEquals(file, notes.fileId());
        assertFalse(notes.folder());
        assertEquals(2, one.children(SET).size());
        assertTrue(one.get(SET + "/Équipe + Ä_id_7/Drafts").isEmpty());

        DavTree all = dav.list("Moodle", Depth.INFINITY);
        assertEquals(draft, all.get(SET + "/Équipe + Ä_id_7/Drafts").orElseThrow().fileId());
        assertEquals(a, all.byFileId(a).orElseThrow().fileId());
        assertEquals(set, dav.stat(SET).orElseThrow().fileId());
        assertTrue(dav.stat(SET + "/nothing").isEmpty());
        fault(Reason.PATH_MISSING, () -> dav.list("Nowhere", Depth.ONE));
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void a_move_as_the_system_account_keeps_the_file_id_and_says_what_went_wrong(Flavour f) throws Exception {
        start(f);
        long a = sim.mkdirs(SYS, SET + "/Team A_id_7");
        sim.mkdirs(SYS, SET + "/Team B_id_8");
        Dav dav = client().dav();
        MoveResult moved = dav.move(SET + "/Team A_id_7", SET + "/Team Alpha_id_7");
        assertEquals(Outcome.MOVED, moved.outcome());
        assertEquals(201, moved.status());
        assertEquals(a, sim.fileId(SYS, SET + "/Team Alpha_id_7"));
        assertEquals(Outcome.DESTINATION_EXISTS, dav.move(SET + "/Team Alpha_id_7", SET + "/Team B_id_8").outcome());
        assertEquals(Outcome.PARENT_MISSING, dav.move(SET + "/Team Alpha_id_7", "Nowhere/Team").outcome());
        assertEquals(Outcome.SOURCE_MISSING, dav.move(SET + "/Gone", SET + "/Team G").outcome());
        MoveResult into = dav.move(SET + "/Team B_id_8", SET + "/Team B_id_8/Inner");
        assertEquals(Outcome.FORBIDDEN, into.outcome());
        assertEquals(403, into.status());
        assertTrue(into.cloudMessage().contains("into itself"), into.cloudMessage());
        sim.lock(SYS, SET + "/Team B_id_8", true);
        MoveResult locked = dav.move(SET + "/Team B_id_8", SET + "/Team Beta_id_8");
        assertEquals(Outcome.LOCKED, locked.outcome());
        assertTrue(locked.cloudMessage().contains("locked"), locked.cloudMessage());
        assertEquals(a, sim.fileId(SYS, SET + "/Team Alpha_id_7"));
        assertTrue(sim.calls().stream().filter(c -> c.method().equals("MOVE")).count() == 6);
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void a_participant_renames_their_mount_found_by_the_share_listing_with_their_token(Flavour f) throws Exception {
        start(f);
        sim.shareFolder(f == Flavour.NEXTCLOUD ? "Shares" : null);
        long team = sim.mkdirs(SYS, SET + "/Team A_id_7");
        long own = sim.mkdirs("alice", (f == Flavour.NEXTCLOUD ? "Shares/" : "") + "Team A_id_7"); // alice's own folder
        sim.mkdirs("alice", "Taken");
        CloudClient client = client();
        client.shares().create(SET + "/Team A_id_7", "alice", 31);
        TokenSet t = client.oauth().exchange(authorise(client, "alice"), REDIRECT);
        Participant alice = new Participant(t.userId(), t.accessToken());

        Share received = client.shares().sharedWith(alice).get(0);
        String mount = received.fileTarget(); // "/Team A_id_7 (2)" or "/Shares/Team A_id_7 (2)": not alice's own folder
        assertTrue(mount.endsWith("Team A_id_7 (2)"), mount);
        assertEquals(team, received.fileSource());
        assertEquals(team, client.dav().list(alice, Dav.parent(DavXml.trimSlashes(mount)), Depth.ONE)
                .byFileId(team).orElseThrow().fileId());
        MoveResult taken = client.dav().move(alice, mount, "Taken");
        assertEquals(Outcome.DESTINATION_EXISTS, taken.outcome());
        assertEquals(Outcome.PARENT_MISSING, client.dav().move(alice, mount, "No/Such/Lab").outcome());
        assertEquals(Outcome.MOVED, client.dav().move(alice, mount, "Biology lab").outcome());
        assertEquals(team, sim.fileId("alice", "/Biology lab"));
        assertEquals(own, sim.fileId("alice", (f == Flavour.NEXTCLOUD ? "/Shares/" : "/") + "Team A_id_7"));
        assertEquals(team, sim.fileId(SYS, SET + "/Team A_id_7")); // the owner's folder did not move

        // a token that expired or was revoked is the participant's problem, never the cloud being down
        sim.expireAccessTokens();
        assertEquals(Outcome.NOT_AUTHORISED, client.dav().move(alice, "Biology lab", "Bio").outcome());
        fault(Reason.NOT_AUTHORISED, () -> client.shares().sharedWith(alice));
        fault(Reason.NOT_AUTHORISED, () -> client.dav().list(alice, "", Depth.ONE));
    }

    @org.junit.jupiter.api.Test
    void the_file_id_is_read_from_an_oc_file_id_header_of_the_servers_shape_only() {
        assertEquals(java.util.OptionalLong.of(317), Dav.fileIdOf("00000317ocsimul8r"));
        assertEquals(java.util.OptionalLong.of(123456789), Dav.fileIdOf("123456789oc1a2b3c4d"));
        assertEquals(java.util.OptionalLong.of(42), Dav.fileIdOf("42"));
        assertEquals(java.util.OptionalLong.empty(), Dav.fileIdOf(null));
        assertEquals(java.util.OptionalLong.empty(), Dav.fileIdOf("oc00000317"));
        assertEquals(java.util.OptionalLong.empty(), Dav.fileIdOf("99999999999999999999999oc")); // beyond a long
    }
}
