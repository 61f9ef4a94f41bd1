package jouvence.folders.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jouvence.db.Database;
import jouvence.folders.DuplicateFolderSetException;
import jouvence.folders.FolderRecord;
import jouvence.folders.FolderSet;
import jouvence.folders.GroupMode;
import jouvence.folders.NewFolderSet;
import jouvence.folders.ShareRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The folder sets' tables and repositories on a real (embedded) PostgreSQL migrated by Flyway. */
class FolderStoreTest {

    private static EmbeddedPostgres postgres;
    private static DataSource db;
    private FolderSetRepository sets;
    private FolderSetRepository otherReplica;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.start();
        db = postgres.getPostgresDatabase();
        Database.migrate(db);
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @BeforeEach
    void empty() throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE folder_set, cloud_folder, cloud_share, folder_event, cloud_health RESTART IDENTITY CASCADE");
        }
        sets = new FolderSetRepository(db, "replica-1");
        otherReplica = new FolderSetRepository(db, "replica-2");
    }

    private static NewFolderSet lab(long course, String name) {
        return new NewFolderSet(course, null, name, GroupMode.GROUPS, 5L, true, "api", "admin");
    }

    @Test
    void aNewSetIsDueWithItsIntakeInTheTrail() {
        FolderSet s = sets.insert(lab(12, "Lab reports"));
        assertEquals("pending", s.state());
        assertTrue(s.managed());
        assertEquals(GroupMode.GROUPS, s.groupMode());
        assertEquals(5L, s.groupingId());
        assertEquals(List.of("intake"), sets.events(s.id()).stream().map(e -> e.step()).toList());
        assertEquals(1, sets.list(12L, null, 10, 0).size());
        assertEquals(0, sets.list(13L, null, 10, 0).size());
        assertEquals(1, sets.list(null, "pending", 10, 0).size());
        assertEquals(0, sets.list(null, "ready", 10, 0).size());
    }

    @Test
    void theSameNameInTheSameCourseIsRefusedWithTheFirstId() {
        FolderSet first = sets.insert(lab(12, "Lab reports"));
        DuplicateFolderSetException e = assertThrows(DuplicateFolderSetException.class,
                () -> sets.insert(lab(12, "LAB REPORTS")));
        assertEquals(first.id(), e.existingId());
        sets.insert(lab(13, "Lab reports")); // another course: fine
        sets.stopManaging(first.id(), "admin");
        sets.insert(lab(12, "Lab reports")); // the first is no longer managed: a new one may take the name
    }

    @Test
    void anActivityHasOneSet() {
        FolderSet first = sets.insert(new NewFolderSet(12, 317L, "Lab", GroupMode.NONE, null, false, "bridge", "bridge"));
        DuplicateFolderSetException e = assertThrows(DuplicateFolderSetException.class, () -> sets.insert(
                new NewFolderSet(12, 317L, "Other", GroupMode.NONE, null, false, "bridge", "bridge")));
        assertEquals(first.id(), e.existingId());
    }

    @Test
    void competingReplicasNeverClaimTheSameSet() {
        for (int i = 0; i < 5; i++) {
            sets.insert(lab(12, "Set " + i));
        }
        List<FolderClaim> a = sets.claims().claimDue(Duration.ofMinutes(5), 3);
        List<FolderClaim> b = otherReplica.claims().claimDue(Duration.ofMinutes(5), 10);
        assertEquals(3, a.size());
        assertEquals(2, b.size());
        assertTrue(a.stream().noneMatch(x -> b.stream().anyMatch(y -> y.id() == x.id())));
        assertEquals(0, sets.claims().claimDue(Duration.ofMinutes(5), 10).size(), "nothing left that is due");
    }

    @Test
    void aSettledSetIsDueAgainOnlyAtTheScheduledRun() {
        FolderSet s = sets.insert(lab(12, "Lab"));
        FolderClaim claim = sets.claims().claimDue(Duration.ofMinutes(5), 1).get(0);
        FolderSet settled = sets.claims().settle(claim, "ready", null);
        assertEquals("ready", settled.state());
        assertNull(settled.nextAttemptAt());
        assertTrue(sets.claims().claimDue(Duration.ofMinutes(5), 1).isEmpty());
        assertEquals(1, sets.claims().markScheduledDue());
        assertEquals(s.id(), sets.claims().claimDue(Duration.ofMinutes(5), 1).get(0).id());
    }

    /**
     * A sync asked while a replica reconciles the set (POST …/sync, "Reconcile now", an opt-in, a connect, Reset) may
     * come after that reconcile read Moodle and the cloud: it must not be swallowed by its settle, nor make a second
     * reconcile run at once, nor loop.
     */
    @Test
    void aSyncAskedDuringAReconcileMakesTheSetDueAgainRightAfterItSettlesAndOnlyOnce() {
        FolderSet s = sets.insert(lab(12, "Lab"));
        FolderClaim running = sets.claims().claimDue(Duration.ofMinutes(5), 1).get(0);
        assertNull(sets.find(s.id()).orElseThrow().nextAttemptAt(), "the claim took the set's due request");
        FolderSet asked = otherReplica.requestSync(s.id(), "admin").orElseThrow();
        assertEquals("reconciling", asked.state(), "the running reconcile goes on");
        assertEquals(running.version(), asked.version(), "its claim is not taken away");
        assertTrue(otherReplica.claims().claimDue(Duration.ofMinutes(5), 1).isEmpty(), "never two reconciles at once");

        FolderSet settled = sets.claims().settle(running, "ready", null);
        assertEquals("ready", settled.state());
        assertNotNull(settled.nextAttemptAt(), "the sync asked during the reconcile is kept: due again now");
        FolderClaim next = otherReplica.claims().claimDue(Duration.ofMinutes(5), 1).get(0);
        assertEquals(s.id(), next.id());
        assertTrue(next.version() > asked.version(), "a reconcile claimed after the asking");
        assertNull(otherReplica.claims().settle(next, "ready", null).nextAttemptAt(), "nothing asked meanwhile: settled");
        assertTrue(sets.claims().claimDue(Duration.ofMinutes(5), 1).isEmpty(), "no loop");

        // The scheduled run while a reconcile is under way: that reconcile is the scheduled one's work.
        sets.claims().markScheduledDue();
        FolderClaim scheduled = sets.claims().claimDue(Duration.ofMinutes(5), 1).get(0);
        assertEquals(0, sets.claims().markScheduledDue(), "a set being reconciled is not made due again");
        assertNull(sets.claims().settle(scheduled, "ready", null).nextAttemptAt());

        // A sync during the reconcile that spends the last attempt: failed, but due again (as a sync after it would).
        sets.requestSync(s.id(), "admin");
        FolderClaim last = sets.claims().claimDue(Duration.ofMinutes(5), 1).get(0);
        sets.requestSync(s.id(), "teacher1");
        FolderSet failed = sets.claims().fail(last, "HTTP 503");
        assertEquals("failed", failed.state());
        assertNotNull(failed.nextAttemptAt());
        assertEquals(s.id(), sets.claims().claimDue(Duration.ofMinutes(5), 1).get(0).id());
    }

    @Test
    void aWaitingSetKeepsItsBackOffAndOnlyItsOwnFailuresCountAttempts() {
        sets.insert(lab(12, "Lab"));
        FolderClaim claim = sets.claims().claimDue(Duration.ofMinutes(5), 1).get(0);
        FolderSet waiting = sets.claims().retryLater(claim, "cloud down", Duration.ofHours(1), false);
        assertEquals(0, waiting.attempts());
        assertEquals("waiting", waiting.state());
        sets.claims().markScheduledDue(); // does not cut a back-off short
        assertTrue(sets.claims().claimDue(Duration.ofMinutes(5), 1).isEmpty());
        FolderSet synced = sets.requestSync(waiting.id(), "admin").orElseThrow();
        assertEquals("pending", synced.state());
        FolderClaim again = sets.claims().claimDue(Duration.ofMinutes(5), 1).get(0);
        assertEquals(1, sets.claims().retryLater(again, "HTTP 503", Duration.ZERO, true).attempts());
    }

    @Test
    void aLostClaimWritesNothing() {
        FolderSet s = sets.insert(lab(12, "Lab"));
        FolderClaim claim = sets.claims().claimDue(Duration.ofMinutes(5), 1).get(0);
        sets.stopManaging(s.id(), "admin");
        assertThrows(FolderClaimLostException.class, () -> sets.claims().saveFolder(claim, FolderRecord.PARENT, null,
                null, "Moodle/Lab (id 1)", 42L, "ready", true, null));
        assertThrows(FolderClaimLostException.class, () -> sets.claims().settle(claim, "ready", null));
        assertTrue(sets.folders(s.id()).isEmpty());
        FolderSet stopped = sets.find(s.id()).orElseThrow();
        assertFalse(stopped.managed());
        assertEquals("stopped", stopped.state());
        assertTrue(sets.requestSync(s.id(), "admin").isEmpty(), "a set no longer managed is not synced");
    }

    @Test
    void anExpiredLeaseIsClaimedByAnotherReplicaAndTheFirstIsFenced() {
        sets.insert(lab(12, "Lab"));
        FolderClaim first = sets.claims().claimDue(Duration.ofMinutes(5), 1).get(0);
        sets.claims().heartbeat(first, Duration.ofMinutes(5)); // a long reconcile keeps its set...
        assertTrue(otherReplica.claims().claimDue(Duration.ofMinutes(5), 1).isEmpty());
        assertEquals(1, sets.claims().expireLease(first.id())); // ...until its replica stops beating
        FolderClaim second = otherReplica.claims().claimDue(Duration.ofMinutes(5), 1).get(0);
        assertEquals(first.id(), second.id());
        assertThrows(FolderClaimLostException.class, () -> sets.claims().event(first, "plan", "ok", "stale"));
        assertThrows(FolderClaimLostException.class, () -> sets.claims().heartbeat(first, Duration.ofMinutes(5)));
        otherReplica.claims().event(second, "plan", "ok", "fresh");
    }

    @Test
    void aStoppingReplicaReleasesItsClaimsForTheOthersAtOnce() {
        sets.insert(lab(12, "Lab"));
        FolderClaim held = sets.claims().claimDue(Duration.ofMinutes(5), 1).get(0);
        assertEquals(0, otherReplica.claims().releaseClaims(), "only its own");
        assertEquals(1, sets.claims().releaseClaims());
        assertThrows(FolderClaimLostException.class, () -> sets.claims().settle(held, "ready", null));
        assertEquals(held.id(), otherReplica.claims().claimDue(Duration.ofMinutes(5), 1).get(0).id());
    }

    @Test
    void oneFolderPerKindAndGroupAndOneSharePerFolderAndUser() {
        FolderSet s = sets.insert(lab(12, "Lab"));
        FolderClaim claim = sets.claims().claimDue(Duration.ofMinutes(5), 1).get(0);
        sets.claims().saveFolder(claim, FolderRecord.PARENT, null, null, "Moodle/Lab (id 1)", 40L, "ready", true, null);
        FolderRecord group = sets.claims().saveFolder(claim, FolderRecord.GROUP, 7L, "Team A", "Moodle/Lab (id 1)/Team A (id 7)",
                null, "pending", true, null);
        FolderRecord renamed = sets.claims().saveFolder(claim, FolderRecord.GROUP, 7L, "Team Alpha",
                "Moodle/Lab (id 1)/Team Alpha (id 7)", 41L, "ready", true, null);
        assertEquals(group.id(), renamed.id(), "the same folder, updated");
        assertEquals(2, sets.folders(s.id()).size());
        sets.claims().saveShare(claim, renamed.id(), 101, "s1", "s1", null, null, "error", "unknown user");
        ShareRecord shared = sets.claims().saveShare(claim, renamed.id(), 101, "s1", "s1", 9L, 31, "shared", null);
        assertEquals(List.of(shared), sets.shares(s.id()));
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            SQLException twice = assertThrows(SQLException.class, () -> st.execute(
                    "INSERT INTO cloud_share (folder_id, moodle_user_id, state) VALUES (" + renamed.id() + ", 101, 'shared')"));
            assertEquals("23505", twice.getSQLState(), "the database itself refuses a second share per (folder, user)");
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theCloudGoesDownOnceAndUpOnce() {
        CloudHealthStore health = new CloudHealthStore(db);
        assertTrue(health.down().isEmpty());
        assertTrue(health.markDown("401"));
        assertFalse(health.markDown("401 again"), "only the flip tells");
        assertEquals("401", health.down().orElseThrow());
        assertTrue(health.markUp());
        assertFalse(health.markUp());
        assertTrue(health.down().isEmpty());
    }
}
