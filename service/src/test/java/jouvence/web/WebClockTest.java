package jouvence.web;

import jouvence.TestJouvence;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The clock given to the web pieces decides session expiry and the login window, with the real database. */
class WebClockTest {

    private final TestJouvence env = TestJouvence.get();
    private final Ticking clock = new Ticking(Instant.parse("2026-11-21T10:00:00Z"));
    private DataSource db;

    /** A clock that moves only when told. */
    static final class Ticking extends Clock {
        private Instant now;

        Ticking(Instant start) {
            now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    @BeforeEach
    void reset() throws Exception {
        env.reset();
        db = env.postgres.getPostgresDatabase();
    }

    @Test
    void a_session_lives_while_used_and_expires_after_the_idle_time_of_the_clock() {
        Sessions sessions = new Sessions(db, Duration.ofMinutes(30), clock);
        String id = sessions.create("teacher1", "token", false, "en");
        clock.advance(Duration.ofMinutes(29));
        assertNotNull(sessions.find(id).session(), "29 minutes idle: still there");
        clock.advance(Duration.ofMinutes(29));
        assertNotNull(sessions.find(id).session(), "each use renews it");
        clock.advance(Duration.ofMinutes(31));
        Sessions.Lookup gone = sessions.find(id);
        assertNull(gone.session());
        assertTrue(gone.expired(), "told apart from an unknown cookie");
        assertEquals(Sessions.Lookup.NONE, sessions.find(id), "and deleted");
    }

    @Test
    void failed_logins_lock_until_the_window_of_the_clock_has_passed() {
        LoginLimiter limiter = new LoginLimiter(db, 3, Duration.ofMinutes(10), clock);
        for (int i = 0; i < 3; i++) {
            assertTrue(limiter.attempt("teacher1", "10.0.0.1").allowed(), "attempt " + i);
            clock.advance(Duration.ofMinutes(1));
        }
        assertEquals(Duration.ofMinutes(7), limiter.attempt("Teacher1 ", "10.0.0.2").waitFor().orElseThrow(),
                "the oldest failure, 3 minutes ago, leaves the 10-minute window in 7");
        clock.advance(Duration.ofMinutes(7));
        LoginLimiter.Attempt again = limiter.attempt("teacher1", "10.0.0.1");
        assertTrue(again.allowed());
        limiter.unanswered(again);
        assertTrue(limiter.attempt("teacher1", "10.0.0.1").allowed(), "an unanswered attempt does not count");
        assertEquals(Duration.ofMinutes(1), limiter.attempt("teacher1", "10.0.0.1").waitFor().orElseThrow(),
                "3 failures in the window again (minutes 1, 2 and 10): the one of minute 1 leaves it in 1");
    }
}
