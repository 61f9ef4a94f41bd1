package jouvence.userdata;

import java.time.Instant;
import java.util.List;

/**
 * One import of a person's profile fields and preferences from a course server.
 *
 * @param written  the items written (fields, {@code profile_field_x}, {@code preference x})
 * @param warnings what was not written and why, one a line (kept values, undefined preferences, ...)
 */
public record UserDataImport(long id, String server, String username, String origin, String requestedBy,
                             ImportStatus status, int attempts, long version, List<String> written,
                             List<String> warnings, String lastError, Instant createdAt, Instant modifiedAt,
                             Instant nextAttemptAt, Instant finishedAt) {
}
