package jouvence.folders;

import jouvence.folders.FoldersJouvence.Response;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import routes.folders.FolderClaimRouteBuilder;
import simulator.MoodleSimulator;
import simulator.SimulatedGroups;
import simulator.cloud.CloudSimulator;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two replicas (two real Jouvences, one database, one simulated Nextcloud, each its own simulated new platform with the
 * same course) reconcile the same folder sets, both claiming over and over at once (on demand and as the scheduled
 * run, which makes every settled set due again): every folder is made once (one MKCOL 201 per folder in the cloud),
 * every share once (no "already shared"), and no set is claimed by one replica while the other's lease on it runs
 * (recorded by a trigger on folder_set for the test's time).
 */
class FolderReplicasTest {

    private static final String SYS = "jouvence";
    private static final int SETS = 12;
    private static final int GROUPS = 3;
    private static final int MEMBERS = 2;
    private static CloudSimulator cloud;
    private static FoldersJouvence one;
    private static FoldersJouvence two;

    @BeforeAll
    static void start() throws Exception {
        cloud = CloudSimulator.nextcloud().start();
        cloud.addUser(SYS, "Jouvence", "jouvence@univ.example").appPassword(SYS, "sys-app-password");
        for (int u = 1; u <= GROUPS * MEMBERS; u++) {
            cloud.addUser("s" + u, "S" + u, "s" + u + "@univ.example");
        }
        cloud.latency(Duration.ofMillis(3)); // reconciles overlap in time, as on a real cloud
        one = new FoldersJouvence(settings("replica-one"));
        two = new FoldersJouvence(settings("replica-two"));
        try (Connection c = one.db().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS test_folder_claims (set_id BIGINT, by_instance TEXT, "
                    + "stolen_from TEXT)");
            s.execute("""
                    CREATE OR REPLACE FUNCTION test_folder_claims() RETURNS trigger AS $$ BEGIN
                      IF NEW.version > OLD.version AND NEW.state = 'reconciling' AND NEW.claimed_by IS NOT NULL THEN
                        INSERT INTO test_folder_claims VALUES (NEW.id, NEW.claimed_by,
                          CASE WHEN OLD.state = 'reconciling' AND OLD.lease_until > now() THEN OLD.claimed_by END);
                      END IF;
                      RETURN NEW;
                    END $$ LANGUAGE plpgsql""");
            s.execute("CREATE TRIGGER test_folder_claims BEFORE UPDATE ON folder_set FOR EACH ROW "
                    + "EXECUTE FUNCTION test_folder_claims()");
        }
    }

    private static Map<String, String> settings(String instance) {
        return Map.of("jouvence.instance-id", instance, "jouvence.folders.cloud.url", cloud.url(),
                "jouvence.folders.cloud.user", SYS, "jouvence.folders.cloud.app-password", "sys-app-password",
                "jouvence.folders.claim.batch", "2");
    }

    @AfterAll
    static void stop() throws Exception {
        try (Connection c = one.db().getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP TRIGGER IF EXISTS test_folder_claims ON folder_set");
            s.execute("DROP FUNCTION IF EXISTS test_folder_claims()");
            s.execute("DROP TABLE IF EXISTS test_folder_claims");
        }
        two.close();
        one.close();
        cloud.close();
    }

    /** The same course on both replicas' new platform: 3 groups of 2 students. */
    private static void course(FoldersJouvence j) {
        j.client.addCourse(10, "BIO", "Biology 101", 3, "teacher1");
        SimulatedGroups g = j.client.groups();
        for (int u = 1; u <= GROUPS * MEMBERS; u++) {
            j.client.addUser("s" + u, "S" + u, "Student");
            g.enrol("s" + u, 10, "student");
        }
        for (int k = 0; k < GROUPS; k++) {
            int group = g.addGroup(10, "Team " + (char) ('A' + k));
            for (int m = 1; m <= MEMBERS; m++) {
                g.addMember(group, "s" + (k * MEMBERS + m));
            }
        }
    }

    @Test
    void twoReplicasMakeEveryFolderAndShareOnceAndNeverHoldTheSameSet() throws Exception {
        one.reset();
        two.client.reset();
        MoodleSimulator.FOLDER_FUNCTIONS.forEach(two.client::addFunction);
        course(one);
        course(two);
        // Sets asked on both replicas (each wakes its own claim), then both claim in loops.
        List<Long> ids = new ArrayList<>();
        try (Connection c = one.db().getConnection(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE test_folder_claims");
        }
        for (int i = 1; i <= SETS; i++) {
            Response r = (i % 2 == 0 ? two : one).api("POST", "/api/v1/folder-sets", "{\"courseId\": 10, \"name\": "
                    + "\"Lab " + i + "\", \"groupMode\": \"groups\"}");
            assertEquals(201, r.status(), r.body());
            ids.add(r.json().get("id").asLong());
        }

        // Both replicas claim at once, over and over, every third time as the scheduled run (every settled set made
        // due again), until every set was reconciled; then three more scheduled runs each, on sets with nothing to make.
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Integer>> loops = new ArrayList<>();
        String allReconciled = "SELECT count(*) FROM folder_set WHERE last_reconciled_at IS NOT NULL";
        Instant deadline = Instant.now().plusSeconds(60);
        for (FoldersJouvence j : List.of(one, two, one, two)) {
            loops.add(pool.submit(() -> {
                int rounds = 0;
                try (ProducerTemplate t = j.camel.createProducerTemplate()) {
                    while (j.count(allReconciled) < SETS && Instant.now().isBefore(deadline)) {
                        t.sendBody(FolderClaimRouteBuilder.CLAIM_DUE, rounds % 3 == 2);
                        rounds++;
                    }
                    for (int more = 0; more < 3; more++) {
                        t.sendBody(FolderClaimRouteBuilder.CLAIM_DUE, true);
                        rounds++;
                    }
                }
                return rounds;
            }));
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(90, TimeUnit.SECONDS));
        for (Future<Integer> loop : loops) {
            assertTrue(loop.get() > 3, "every loop claimed while sets were due");
        }
        assertEquals(SETS, one.count(allReconciled));
        // a set claimed by a loop's last round may still be reconciling on the other replica's thread: wait for it
        assertEquals(SETS, FoldersJouvence.poll(Duration.ofSeconds(30), () -> one.count("SELECT count(*) FROM "
                + "folder_set WHERE state = 'ready'"), n -> n == SETS));

        int folders = SETS * (1 + GROUPS);
        assertEquals(folders, one.count("SELECT count(DISTINCT file_id) FROM cloud_folder WHERE state = 'ready'"));
        List<CloudSimulator.Call> made = cloud.calls().stream()
                .filter(c -> c.method().equals("MKCOL") && c.status() == 201).toList();
        Set<String> madePaths = made.stream().map(CloudSimulator.Call::path).collect(Collectors.toSet());
        assertEquals(madePaths.size(), made.size(), "a folder made twice: " + made);
        long inCloud = cloud.tree(SYS).stream().filter(CloudSimulator.Entry::folder).count();
        assertEquals(inCloud, made.size(), "one MKCOL 201 per folder of the cloud (the sets' and their parents')");
        assertEquals(folders + 2, made.size(), "the sets' folders, and Moodle/ and the course's folder once");

        int shares = SETS * GROUPS * MEMBERS;
        assertEquals(shares, cloud.shares().size());
        assertEquals(shares, cloud.shares().stream().map(x -> x.path() + " " + x.shareWith()).distinct().count());
        List<CloudSimulator.Call> shareCalls = cloud.calls().stream()
                .filter(c -> c.method().equals("POST") && c.path().contains("/shares")).toList();
        assertEquals(shares, shareCalls.size(), "one share call per share, never 'already shared'; answers: "
                + shareCalls.stream().collect(Collectors.groupingBy(CloudSimulator.Call::status, Collectors.counting())));
        assertEquals(shares, one.count("SELECT count(DISTINCT share_id) FROM cloud_share WHERE state = 'shared'"));

        Map<String, Integer> claimsBy = new HashMap<>();
        Set<Long> stolen = new HashSet<>();
        try (Connection c = one.db().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT set_id, by_instance, stolen_from FROM test_folder_claims")) {
            while (rs.next()) {
                claimsBy.merge(rs.getString(2), 1, Integer::sum);
                if (rs.getString(3) != null) {
                    stolen.add(rs.getLong(1));
                }
            }
        }
        assertEquals(Set.of("replica-one", "replica-two"), claimsBy.keySet(), "both replicas reconciled: " + claimsBy);
        assertTrue(stolen.isEmpty(), "sets claimed while the other replica held them: " + stolen);
        assertTrue(claimsBy.values().stream().mapToInt(Integer::intValue).sum() > SETS,
                "sets were reconciled again (the scheduled run) and made nothing: " + claimsBy);
    }
}
