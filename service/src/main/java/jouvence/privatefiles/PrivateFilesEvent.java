package jouvence.privatefiles;

import java.time.Instant;

/** A line of a request's trail. */
public record PrivateFilesEvent(Instant at, String step, String outcome, String message, String instance) {
}
