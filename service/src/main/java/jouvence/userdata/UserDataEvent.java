package jouvence.userdata;

import java.time.Instant;

/** A line of an import's trail. */
public record UserDataEvent(Instant at, String step, String outcome, String message, String instance) {
}
