package jouvence.folders;

import java.time.Instant;

/** One line of a folder set's trail. */
public record FolderEvent(Instant at, String step, String outcome, String message, String instance) {
}
