package jouvence;

import jouvence.courses.RestoreRequest;
import jouvence.courses.Status;
import jouvence.courses.pipeline.Claimer;
import jouvence.courses.pipeline.GateSignals;
import jouvence.courses.pipeline.Outcomes;
import jouvence.courses.pipeline.RetryPolicy;
import jouvence.courses.pipeline.Replicas;
import jouvence.courses.pipeline.RestoreRecovery;
import jouvence.courses.pipeline.ServerGates;
import jouvence.courses.pipeline.Work;
import jouvence.courses.queue.Claim;
import jouvence.courses.queue.RequestClaims;
import jouvence.courses.queue.RequestRepository;
import jouvence.mail.Mails;
import jouvence.moodle.MoodleException;
import jouvence.moodle.MoodleSites;
import jouvence.moodle.SiteHealth;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Claims are exclusive across instances; a dead instance's requests are recovered by the sweep. */
class ClaimTest {

    private final TestJouvence env = TestJouvence.get();

    @BeforeEach
    void reset() throws Exception {
        env.reset();
    }

    private DataSource db() {
        return env.camel.getRegistry().lookupByNameAndType("jouvenceDb", DataSource.class);
    }

    private RestoreRecovery recovery() {
        return env.camel.getRegistry().lookupByNameAndType("restoreRecovery", RestoreRecovery.class);
    }

    @Test
    void two_claimers_never_share_a_request() throws Exception {
        // with user data, each course its own place for the block's backup.mbz: none waits for another's download
        int n = 300;
        for (int i = 0; i < n; i++) {
            env.requests.insert("old", 1000 + i, null, "teacher" + i, "test", "default", true, 2);
        }
        RequestClaims first = new RequestRepository(db(), "instance-a").claims();
        RequestClaims second = new RequestRepository(db(), "instance-b").claims();
        Set<Long> claimed = ConcurrentHashMap.newKeySet();
        List<Long> duplicates = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (RequestClaims claimer : List.of(first, second, first, second)) {
                done.add(pool.submit(() -> {
                    int mine = 0;
                    try (Connection c = db().getConnection()) {
                        Optional<RestoreRequest> r;
                        while ((r = claimer.claimOne(c, "old", Duration.ofMinutes(5))).isPresent()) {
                            if (!claimed.add(r.get().id())) {
                                duplicates.add(r.get().id());
                            }
                            mine++;
                        }
                    }
                    return mine;
                }));
            }
            int total = 0;
            for (Future<Integer> f : done) {
                total += f.get();
            }
            assertEquals(List.of(), duplicates, "no request claimed twice");
            assertEquals(n, total);
            assertEquals(n, claimed.size());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(n, env.requests.list(Status.IN_PROGRESS, null, null, 500, 0).size());
        // Both instances got work: SKIP LOCKED lets them pass each other instead of queueing.
        long a = env.requests.list(Status.IN_PROGRESS, null, null, 500, 0).stream()
                .filter(r -> r.claimedBy().equals("instance-a")).count();
        assertTrue(a > 0 && a < n, "instance-a claimed " + a + " of " + n);
        env.reset();
    }

    @Test
    void a_server_gate_is_held_by_one_instance_at_a_time() {
        ServerGates gates = new ServerGates(db(), "test");
        try (ServerGates.Gate held = gates.tryAcquire("old", 1).orElseThrow()) {
            assertTrue(gates.tryAcquire("old", 1).isEmpty(), "the single slot is taken");
            try (ServerGates.Gate other = gates.tryAcquire("other", 1).orElseThrow()) {
                assertEquals("other", other.serverId(), "another server has its own gate");
            }
            try (ServerGates.Gate second = gates.tryAcquire("old", 2).orElseThrow()) {
                assertTrue(gates.tryAcquire("old", 2).isEmpty(), "both slots are taken");
            }
        }
        try (ServerGates.Gate again = gates.tryAcquire("old", 1).orElseThrow()) {
            assertEquals("old", again.serverId(), "released when closed");
        }
    }

    @Test
    void a_backed_up_request_hands_its_server_gate_to_the_next_request_of_that_server() throws Exception {
        for (int i = 0; i < 2; i++) {
            env.requests.insert("old", 1000 + i, null, "teacher" + i, "test", "default", true, 2);
        }
        ServerGates gates = new ServerGates(db(), "instance-a");
        ServerGates elsewhere = new ServerGates(db(), "instance-b");
        Claimer claimer = new Claimer(env.camel.getRegistry().lookupByNameAndType("jouvenceConfig", JouvenceConfig.class),
                new RequestRepository(db(), "instance-a").claims(), gates,
                env.camel.getRegistry().lookupByNameAndType("siteHealth", SiteHealth.class), recovery(),
                new Replicas(db(), "instance-a"));
        List<Work> claimed = claimer.claimDue();
        assertEquals(List.of(1000L), claimed.stream().map(w -> w.request().remoteCourseId()).toList());

        Work next = claimer.backedUp(claimed.get(0));
        assertEquals(1001L, next.request().remoteCourseId(), "the server's next request, claimed at once");
        assertTrue(elsewhere.tryAcquire("old", 1).isEmpty(), "the gate was never let go");
        assertTrue(claimer.claimDue().isEmpty(), "nothing for a claim run: the gate is busy");

        assertNull(claimer.backedUp(next), "no request left: the gate is released");
        try (ServerGates.Gate free = elsewhere.tryAcquire("old", 1).orElseThrow()) {
            assertEquals("old", free.serverId());
        }
        assertEquals(Set.of(claimed.get(0).id(), next.id()), claimer.inFlight());
    }

    @Test
    void a_request_whose_backup_would_replace_an_archive_being_downloaded_waits_for_that_download() throws Exception {
        // The block stores every backup as backup.mbz: without user data in one place per server, with user data in one
        // place per course. A backup in the same place would delete the file of the download still under way.
        RequestRepository requests = new RequestRepository(db(), "instance-a", false); // onlyoneremoteinstance off
        requests.insert("old", 1000, null, "teacher0", "test", "default", false, 2);
        requests.insert("old", 1001, null, "teacher1", "test", "default", false, 2);
        requests.insert("old", 1000, null, "teacher2", "test", "default", true, 2);
        requests.insert("old", 1000, null, "teacher3", "test", "default", true, 2);
        requests.insert("old", 1001, null, "teacher4", "test", "default", true, 2);
        RequestClaims claims = requests.claims();
        Claimer claimer = new Claimer(env.camel.getRegistry().lookupByNameAndType("jouvenceConfig", JouvenceConfig.class),
                claims, new ServerGates(db(), "instance-a"),
                env.camel.getRegistry().lookupByNameAndType("siteHealth", SiteHealth.class), recovery(),
                new Replicas(db(), "instance-a"));
        Work first = claimer.claimDue().get(0);
        assertEquals("teacher0", first.request().requester());
        claims.advance(first.claim(), "download");

        Work second = claimer.backedUp(first);
        assertEquals("teacher2", second.request().requester(),
                "a backup with user data (the course's place) beside the download; teacher1's (the server's place) waits");
        claims.advance(second.claim(), "download");
        Work third = claimer.backedUp(second);
        assertEquals("teacher4", third.request().requester(), "another course with user data; teacher3's (course 1000) waits");
        claims.advance(third.claim(), "download");
        assertNull(claimer.backedUp(third), "every other backup would replace an archive still to be downloaded");

        claims.advance(first.claim(), "downloaded"); // teacher0's archive is staged: the server's place is free
        claimer.finished(first);
        List<Work> next = claimer.claimDue();
        assertEquals(List.of("teacher1"), next.stream().map(w -> w.request().requester()).toList());
        List.of(second, third).forEach(claimer::finished);
        next.forEach(claimer::finished);
    }

    @Test
    void a_server_found_down_is_marked_down_before_its_gate_is_let_go() throws Exception {
        // Else a claim run between the two takes the down server's next request, which then fails too.
        env.requests.insert("old", 1000, null, "teacher0", "test", "default", false, 2);
        JouvenceConfig config = env.camel.getRegistry().lookupByNameAndType("jouvenceConfig", JouvenceConfig.class);
        MoodleSites sites = env.camel.getRegistry().lookupByNameAndType("moodleSites", MoodleSites.class);
        ServerGates elsewhere = new ServerGates(db(), "instance-b");
        List<Boolean> gateFreeWhenMarkedDown = new ArrayList<>();
        SiteHealth health = new SiteHealth(config, db(), sites, java.time.Clock.systemUTC()) {
            @Override
            public boolean markDown(String siteId, String code, String message) {
                Optional<ServerGates.Gate> gate = elsewhere.tryAcquire(siteId, 1);
                gateFreeWhenMarkedDown.add(gate.isPresent());
                gate.ifPresent(ServerGates.Gate::close);
                return super.markDown(siteId, code, message);
            }
        };
        RequestRepository requests = new RequestRepository(db(), "instance-a");
        Claimer claimer = new Claimer(config, requests.claims(), new ServerGates(db(), "instance-a"), health,
                recovery(), new Replicas(db(), "instance-a"));
        Outcomes outcomes = new Outcomes(config, requests, sites, health,
                new RetryPolicy(config.maxAttempts(), config.retryBaseDelay(), config.retryMaxDelay()),
                new Mails(config), claimer, java.time.Clock.systemUTC());
        Work work = claimer.claimDue().get(0);
        work.begin("backup");
        try {
            outcomes.failed(work, new MoodleException("old", "invalidtoken", MoodleException.Kind.SITE_FAULT,
                    "old: the token is not valid"));
            assertEquals(List.of(false), gateFreeWhenMarkedDown, "the gate still held when the server was marked down");
            try (ServerGates.Gate free = elsewhere.tryAcquire("old", 1).orElseThrow()) {
                assertEquals("old", free.serverId(), "and let go right after");
            }
        } finally {
            health.markUp("old");
        }
    }

    @Test
    void a_replica_whose_restore_slots_are_busy_leaves_the_next_request_to_a_replica_with_free_slots() throws Exception {
        for (int i = 0; i < 4; i++) {
            env.requests.insert("old", 1000 + i, null, "teacher" + i, "test", "default", true, 2);
        }
        JouvenceConfig config = env.camel.getRegistry().lookupByNameAndType("jouvenceConfig", JouvenceConfig.class);
        assertEquals(2, config.restoreParallelism());
        assertEquals(1, config.restorePrefetch());
        SiteHealth health = env.camel.getRegistry().lookupByNameAndType("siteHealth", SiteHealth.class);
        Claimer a = new Claimer(config, new RequestRepository(db(), "instance-a").claims(),
                new ServerGates(db(), "instance-a"), health, recovery(), new Replicas(db(), "instance-a"));
        Claimer b = new Claimer(config, new RequestRepository(db(), "instance-b").claims(),
                new ServerGates(db(), "instance-b"), health, recovery(), new Replicas(db(), "instance-b"));

        Work first = a.claimDue().get(0);
        Work second = a.backedUp(first); // slots free: the gate goes straight to the next request
        a.restoreStarted(first);
        Work third = a.backedUp(second); // one slot still free
        a.restoreStarted(second);
        assertEquals(List.of(1000L, 1001L, 1002L), List.of(first, second, third).stream()
                .map(w -> w.request().remoteCourseId()).toList());
        assertNull(a.backedUp(third), "both of a's slots restore and one archive waits: a takes no more");
        List<Work> taken = b.claimDue();
        assertEquals(List.of(1003L), taken.stream().map(w -> w.request().remoteCourseId()).toList(),
                "the replica with free restore slots takes the server's next request");

        a.finished(first); // a slot of a frees: a may claim again, but nothing is left
        assertTrue(a.claimDue().isEmpty(), "nothing left for a, nothing taken twice");
        List.of(second, third).forEach(a::finished);
        taken.forEach(b::finished); // the gate b holds for its backup
    }

    @Test
    void a_replica_alone_keeps_the_servers_gate_going_while_its_restores_catch_up() throws Exception {
        for (int i = 0; i < 8; i++) {
            env.requests.insert("old", 1000 + i, null, "teacher" + i, "test", "default", true, 2);
        }
        JouvenceConfig config = env.camel.getRegistry().lookupByNameAndType("jouvenceConfig", JouvenceConfig.class);
        assertEquals(4, config.restorePrefetchAlone());
        // The test's own service is the only scheduler that checks in: as that replica, nobody else is alive.
        Replicas alone = new Replicas(db(), "test-instance");
        assertFalse(alone.othersAlive());
        assertTrue(new Replicas(db(), "instance-a").othersAlive(), "seen from another name, the test's service is alive");
        Claimer a = new Claimer(config, new RequestRepository(db(), "instance-a").claims(),
                new ServerGates(db(), "instance-a"), env.camel.getRegistry().lookupByNameAndType("siteHealth",
                SiteHealth.class), recovery(), alone);
        List<Work> held = new java.util.ArrayList<>(a.claimDue());
        Work next = a.backedUp(held.get(0)); // backed up: the gate goes straight to the next request
        a.restoreStarted(held.get(0));
        while (next != null) {
            held.add(next);
            Work backedUp = next;
            next = a.backedUp(backedUp);
            if (held.size() == 2) {
                a.restoreStarted(backedUp); // both slots restore from now on
            }
        }
        assertEquals(2 + 4, held.size(), "two restoring and prefetch-alone archives waiting, the gate going all along");
        held.forEach(a::finished);
        // The gate a lets go wakes this test's service, which may take the two requests left: let it finish them.
        TestJouvence.poll(Duration.ofSeconds(5), () -> env.request(held.get(5).id() + 1).status(),
                status -> status != Status.SCHEDULED);
        env.quiesce();
    }

    @Test
    void a_gate_another_replica_lets_go_for_others_wakes_this_one() throws Exception {
        java.util.concurrent.atomic.AtomicInteger wakes = new java.util.concurrent.atomic.AtomicInteger();
        int listening = listeners();
        try (GateSignals signals = GateSignals.listen(db(), "instance-a", wakes::incrementAndGet)) {
            assertEquals(listening + 1, TestJouvence.poll(Duration.ofSeconds(30), this::listeners, n -> n > listening));
            new ServerGates(db(), "instance-b").tryAcquire("old", 1).orElseThrow().close(); // nothing left: silent
            new ServerGates(db(), "instance-a").tryAcquire("old", 1).orElseThrow().closeAndTellOthers();
            new ServerGates(db(), "instance-b").tryAcquire("old", 1).orElseThrow().closeAndTellOthers();
            assertEquals(1, TestJouvence.poll(Duration.ofSeconds(30), wakes::get, n -> n > 0),
                    "woken once: by instance-b's gate, not by its own (notifications arrive in order)");
        }
    }

    /** Sessions listening for freed gates (any started by a test: the test service claims only when asked). */
    private int listeners() throws Exception {
        try (Connection c = db().getConnection(); java.sql.Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE query = 'LISTEN "
                     + "jouvence_gate_freed'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void a_request_whose_worker_died_before_the_restore_is_queued_again_and_performed() throws Exception {
        long id = env.schedule("old", 2, "teacher1", false);
        RequestClaims dead = new RequestRepository(db(), "killed-worker").claims();
        Claim claim;
        try (Connection c = db().getConnection()) {
            claim = Claim.of(dead.claimOne(c, "old", Duration.ofMinutes(5)).orElseThrow());
        }
        dead.advance(claim, "download");
        env.claimNow();
        assertEquals(Status.IN_PROGRESS, env.request(id).status(), "a live lease is respected");
        assertEquals(1, env.requests.expireLease(id));

        env.template().sendBody("direct:sweepLeases", null);
        RestoreRequest r = env.request(id);
        assertEquals(Status.WAITING_RETRY, r.status());
        assertEquals("lease-expired", r.lastErrorCode());
        assertTrue(r.lastErrorMessage().contains("killed-worker"), r.lastErrorMessage());
        env.claimNow();
        env.awaitStatus(id, Status.PERFORMED);
        assertEquals(1, env.client.courses().size(), "exactly one course");
    }

    @Test
    void a_request_whose_worker_died_during_the_restore_becomes_an_error_and_admins_are_mailed() throws Exception {
        long id = env.schedule("old", 2, "teacher1", false);
        RequestClaims dead = new RequestRepository(db(), "killed-worker").claims();
        Claim claim;
        try (Connection c = db().getConnection()) {
            claim = Claim.of(dead.claimOne(c, "old", Duration.ofMinutes(5)).orElseThrow());
        }
        dead.saveTarget(claim, 2); // step = restore: the restore command had started
        env.requests.expireLease(id);

        env.template().sendBody("direct:sweepLeases", null);
        RestoreRequest r = env.request(id);
        assertEquals(Status.ERROR, r.status());
        assertEquals("interrupted", r.lastErrorCode());
        assertTrue(r.lastErrorMessage().startsWith("interrupted during restore: its output file "), r.lastErrorMessage());
        assertTrue(r.lastErrorMessage().endsWith("; check the new platform for a partial course"), r.lastErrorMessage());
        var admin = env.awaitMails(TestJouvence.ADMIN_MAIL, 1, Duration.ofSeconds(20));
        assertEquals(1, admin.size());
        assertTrue(admin.get(0).getContent().toString().contains("check the new platform for a partial course"));
        env.claimNow();
        env.quiesce();
        assertEquals(Status.ERROR, env.request(id).status(), "never restored a second time silently");
        assertTrue(env.client.courses().isEmpty());
    }

    @Test
    void a_lost_claim_stops_the_worker_without_writing() {
        long id = env.requests.insert("old", 77, null, "teacher1", "test", "default", false, 2).id();
        RequestClaims dead = new RequestRepository(db(), "slow-worker").claims();
        Claim claim;
        try (Connection c = db().getConnection()) {
            claim = Claim.of(dead.claimOne(c, "old", Duration.ofMinutes(5)).orElseThrow());
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        env.requests.expireLease(id);
        env.template().sendBody("direct:sweepLeases", null);
        org.junit.jupiter.api.Assertions.assertThrows(jouvence.courses.queue.ClaimLostException.class,
                () -> dead.saveRestored(claim, 99));
        assertEquals(null, env.request(id).restoredCourseId());
    }

    @Test
    void a_stopping_instance_gives_back_what_it_holds_except_a_started_restore() throws Exception {
        long waiting = env.requests.insert("old", 2, null, "teacher1", "test", "default", false, 2).id();
        long restoring = env.requests.insert("other", 3, null, "teacher1", "test", "default", false, 2).id();
        RequestClaims stopping = new RequestRepository(db(), "stopping-instance").claims();
        Claim first;
        Claim second;
        try (Connection c = db().getConnection()) {
            first = Claim.of(stopping.claimOne(c, "old", Duration.ofMinutes(5)).orElseThrow());
            second = Claim.of(stopping.claimOne(c, "other", Duration.ofMinutes(5)).orElseThrow());
        }
        stopping.advance(first, "download");
        stopping.saveTarget(second, 2); // its restore command had started

        List<RestoreRequest> released = stopping.releaseClaims();
        assertEquals(List.of(waiting), released.stream().map(RestoreRequest::id).toList());
        assertEquals(Status.WAITING_RETRY, env.request(waiting).status());
        assertEquals(0, env.request(waiting).attempts(), "a shutdown is not the request's failure");
        assertEquals(Status.IN_PROGRESS, env.request(restoring).status(), "left to the sweep, which makes it an error");
        env.requests.expireLease(restoring);
        env.template().sendBody("direct:sweepLeases", null);
        assertEquals(Status.ERROR, env.request(restoring).status());
        env.claimNow();
        env.awaitStatus(waiting, Status.PERFORMED);
    }
}
