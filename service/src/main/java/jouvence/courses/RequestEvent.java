package jouvence.courses;

import java.time.Instant;

/** One line of a request's audit trail. */
public record RequestEvent(long id, Instant at, String step, String outcome, Long durationMs, String message,
                           String instance) {
}
