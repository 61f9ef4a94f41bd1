package jouvence;

import jouvence.courses.RestoreRequest;
import jouvence.courses.Status;
import jouvence.courses.pipeline.Claimer;
import jouvence.courses.pipeline.Outcomes;
import jouvence.courses.pipeline.Replicas;
import jouvence.courses.pipeline.RestoreRecovery;
import jouvence.courses.pipeline.RetryPolicy;
import jouvence.courses.pipeline.ServerGates;
import jouvence.courses.pipeline.Work;
import jouvence.courses.queue.Claim;
import jouvence.courses.queue.ClaimLostException;
import jouvence.courses.queue.RequestClaims;
import jouvence.courses.queue.RequestRepository;
import jouvence.mail.Mails;
import jouvence.moodle.MoodleException;
import jouvence.moodle.MoodleSites;
import jouvence.moodle.SiteHealth;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import simulator.MoodleSimulator;

import java.sql.Connection;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The race the claim's version fences: a request is swept while its worker still runs, and the SAME replica claims it
 * again for a second worker. Every write of the first worker must be refused and leave the second one's row intact.
 */
class StaleWorkerTest {

    private static final String REPLICA = "replica-a";

    private final TestJouvence env = TestJouvence.get();

    @BeforeEach
    void reset() throws Exception {
        env.reset();
    }

    private <T> T bean(String name, Class<T> type) {
        return env.camel.getRegistry().lookupByNameAndType(name, type);
    }

    private DataSource db() {
        return bean("jouvenceDb", DataSource.class);
    }

    @Test
    void every_write_of_a_worker_whose_request_was_swept_and_claimed_again_by_the_same_replica_is_refused()
            throws Exception {
        long id = env.requests.insert("old", 77, null, "teacher1", "test", "default", false, 2).id();
        RequestClaims replica = new RequestRepository(db(), REPLICA).claims();
        Claim first = claimOne(replica);
        replica.advance(first, "download");
        assertEquals(1, env.requests.expireLease(id));
        assertEquals(List.of(id), replica.requeueExpiredLeases().stream().map(RestoreRequest::id).toList());
        Claim second = claimOne(replica);
        assertEquals(id, second.id(), "the same request, claimed again by the same replica");
        assertNotEquals(first.version(), second.version());
        replica.advance(second, "download");
        replica.addWarning(second, "the second worker's warning");
        RestoreRequest owned = env.request(id);

        Map<String, Executable> staleWrites = new LinkedHashMap<>();
        staleWrites.put("advance", () -> replica.advance(first, "backup"));
        staleWrites.put("saveArchive", () -> replica.saveArchive(first, "/stale.mbz", 1, "Stale", "STALE", "4.4", true));
        staleWrites.put("saveTarget", () -> replica.saveTarget(first, 9));
        staleWrites.put("saveRestored", () -> replica.saveRestored(first, 99));
        staleWrites.put("saveRemoteCourseName", () -> replica.saveRemoteCourseName(first, "Stale name"));
        staleWrites.put("addWarning", () -> replica.addWarning(first, "stale warning"));
        staleWrites.put("event", () -> replica.event(first, "download", "ok", Duration.ofSeconds(1), "stale"));
        staleWrites.put("performed", () -> replica.performed(first, 3L));
        staleWrites.put("failed", () -> replica.failed(first, "download", "stale", "stale failure"));
        staleWrites.put("retryLater", () -> replica.retryLater(first, "download", "stale", "stale", Duration.ZERO, true));
        int events = env.requests.events(id).size();
        staleWrites.forEach((write, call) -> assertThrows(ClaimLostException.class, call, write + " of the stale worker"));
        assertEquals(0, replica.heartbeat(List.of(first), Duration.ofMinutes(5)), "the stale worker's heartbeat");
        assertEquals(owned, env.request(id), "the second worker's row is untouched");
        assertEquals(events, env.requests.events(id).size(), "no event written on the stale worker's behalf");

        assertEquals(1, replica.heartbeat(List.of(first, second), Duration.ofMinutes(5)), "only the live claim is kept");
        RestoreRequest restored = replica.saveRestored(second, 42);
        assertEquals(42L, restored.restoredCourseId());
        RestoreRequest done = replica.performed(second, 3L);
        assertEquals(Status.PERFORMED, done.status());
        assertEquals(List.of("the second worker's warning"), done.warnings());
    }

    @Test
    void a_stale_worker_that_fails_stops_quietly_and_leaves_the_new_worker_its_request_and_its_lease() throws Exception {
        long id = env.requests.insert("old", 78, null, "teacher1", "test", "default", false, 2).id();
        JouvenceConfig config = bean("jouvenceConfig", JouvenceConfig.class);
        SiteHealth health = bean("siteHealth", SiteHealth.class);
        RequestRepository requests = new RequestRepository(db(), REPLICA);
        Claimer claimer = new Claimer(config, requests.claims(), new ServerGates(db(), REPLICA), health,
                bean("restoreRecovery", RestoreRecovery.class), new Replicas(db(), REPLICA));
        Outcomes outcomes = new Outcomes(config, requests, bean("moodleSites", MoodleSites.class), health,
                new RetryPolicy(config.maxAttempts(), config.retryBaseDelay(), config.retryMaxDelay()),
                new Mails(config), claimer, java.time.Clock.systemUTC());
        Work stale = claimer.claimDue().get(0);
        stale.releaseGate();
        stale.begin("download");
        requests.expireLease(id);
        claimer.sweep();
        Work fresh = claimer.claimDue().get(0);
        fresh.releaseGate();
        assertEquals(id, fresh.id());
        RestoreRequest owned = env.request(id);

        var mails = outcomes.failed(stale, new MoodleException("old", "nosuchcourse",
                MoodleException.Kind.PERMANENT, "the stale worker's failure"));

        assertEquals(List.of(), mails, "no mail for a lost claim");
        assertEquals(owned, env.request(id), "the row is the new worker's");
        assertTrue(env.requests.events(id).stream().anyMatch(e -> e.message().startsWith("claim lost")),
                "the history says the stale worker stopped: " + env.requests.events(id));
        assertEquals(Set.of(id), claimer.inFlight(), "the new worker's claim is still held");
        claimer.heartbeat();
        assertTrue(env.request(id).leaseUntil().isAfter(owned.leaseUntil()), "and its lease kept alive");
        claimer.finished(fresh);
        assertEquals(Set.of(), claimer.inFlight());
    }

    @Test
    void through_the_routes_a_worker_held_in_its_backup_while_its_request_is_swept_and_claimed_again_stops_silently()
            throws Exception {
        long id = env.schedule("old", 2, "teacher1", false);
        env.old.backupLatency(Duration.ofSeconds(3));
        try {
            env.claimNow();
            assertEquals("backup", TestJouvence.poll(Duration.ofSeconds(20), () -> env.request(id).step(),
                    "backup"::equals), "the first worker waits for the course server's backup");
            assertEquals(1, env.requests.expireLease(id));
            env.template().sendBody("direct:sweepLeases", null);
            String self = bean("jouvenceConfig", JouvenceConfig.class).instanceId();
            Claim second = claimOne(new RequestRepository(db(), self).claims()); // the same replica, another worker
            RestoreRequest owned = env.request(id);
            assertEquals(self, owned.claimedBy());

            TestJouvence.poll(Duration.ofSeconds(20), () -> env.requests.events(id),
                    events -> events.stream().anyMatch(e -> e.message().startsWith("claim lost")));
            env.quiesce();
            assertEquals(owned, env.request(id), "the first worker wrote nothing over the second one's claim");
            assertEquals(second.version(), env.request(id).version());
            assertEquals(List.of(), env.mailsTo(TestJouvence.TEACHER_MAIL), "no mail to the requester");
            assertEquals(List.of(), env.mailsTo(TestJouvence.ADMIN_MAIL), "no mail to the admins");
            assertTrue(env.old.calls(MoodleSimulator.DOWNLOAD).isEmpty(), "the stale worker downloaded nothing");
            assertEquals(List.of(), env.client.courses(), "and restored nothing");
        } finally {
            env.old.backupLatency(Duration.ZERO);
        }
    }

    private Claim claimOne(RequestClaims claims) throws Exception {
        try (Connection c = db().getConnection()) {
            return Claim.of(claims.claimOne(c, "old", Duration.ofMinutes(5)).orElseThrow());
        }
    }
}
