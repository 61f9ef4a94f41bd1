package jouvence;

import jouvence.queue.ClaimLostException;
import jouvence.queue.RequestRepository;
import jouvence.queue.RestoreRequest;
import jouvence.queue.Status;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Old-API probe: a request swept and claimed again by the same replica; the first worker's writes must be refused. */
class StaleWorkerTest {

    private final TestJouvence env = TestJouvence.get();

    @BeforeEach
    void reset() throws Exception {
        env.reset();
    }

    private DataSource db() {
        return env.camel.getRegistry().lookupByNameAndType("jouvenceDb", DataSource.class);
    }

    @Test
    void a_stale_worker_of_the_same_replica_cannot_write_over_the_new_owner() throws Exception {
        long id = env.requests.insert("old", 77, null, "teacher1", "test", "default", false, 2).id();
        RequestRepository a = new RequestRepository(db(), "replica-a");
        try (Connection c = db().getConnection()) {
            a.claimOne(c, "old", Duration.ofMinutes(5)).orElseThrow(); // worker 1
        }
        a.advance(id, "download");
        env.requests.expireLease(id);
        a.sweepExpiredLeases();
        try (Connection c = db().getConnection()) {
            a.claimOne(c, "old", Duration.ofMinutes(5)).orElseThrow(); // worker 2, same replica
        }
        a.advance(id, "backup");
        RestoreRequest before = env.request(id);

        assertThrows(ClaimLostException.class, () -> a.advance(id, "download"), "worker 1's advance");
        assertEquals(before, env.request(id));
    }
}
