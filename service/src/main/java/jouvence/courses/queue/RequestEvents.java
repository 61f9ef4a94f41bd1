package jouvence.courses.queue;

import jouvence.courses.queue.RequestRepository.StepListener;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;

/** The history of a request ({@code request_event}): written by intake, admins and workers, and timed steps told on. */
final class RequestEvents {

    static final String EVENT = """
            INSERT INTO request_event (request_id, step, outcome, duration_ms, message, instance) VALUES (?, ?, ?, ?, ?, ?)""";

    /** Written only while the request still carries the worker's claim version (its own writes do not move it). */
    static final String HELD_EVENT = """
            INSERT INTO request_event (request_id, step, outcome, duration_ms, message, instance)
            SELECT id, ?::text, ?::text, ?::bigint, ?::text, ?::text FROM restore_request WHERE id = ? AND version = ?""";

    private final Sql sql;
    private final String instance;
    private volatile StepListener stepListener = (step, outcome, took) -> { };

    RequestEvents(Sql sql, String instance) {
        this.sql = sql;
        this.instance = instance;
    }

    void listener(StepListener listener) {
        this.stepListener = listener;
    }

    void record(long requestId, String step, String outcome, Duration duration, String message) {
        try (Connection c = sql.connection()) {
            record(c, requestId, step, outcome, duration, message);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        told(step, outcome, duration);
    }

    void record(Connection c, long requestId, String step, String outcome, Duration duration, String message)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(EVENT)) {
            Sql.bind(ps, requestId, step, outcome, millis(duration), message, instance);
            ps.executeUpdate();
        }
    }

    /** Records an event of a claimed request; throws {@link ClaimLostException} when the claim was taken back. */
    void recordHeld(Claim claim, String step, String outcome, Duration duration, String message) {
        if (sql.update(HELD_EVENT, step, outcome, millis(duration), message, instance, claim.id(), claim.version()) == 0) {
            throw new ClaimLostException(claim.id());
        }
        told(step, outcome, duration);
    }

    private void told(String step, String outcome, Duration duration) {
        if (duration != null) {
            stepListener.stepEnded(step, outcome, duration);
        }
    }

    private static Long millis(Duration duration) {
        return duration == null ? null : duration.toMillis();
    }
}
