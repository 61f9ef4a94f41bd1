package jouvence.userdata.api;

import jouvence.userdata.UserDataEvent;
import jouvence.userdata.UserDataImport;

import java.time.Instant;
import java.util.List;

/** What the user-data API answers, as records camel-jackson writes. */
public final class UserDataViews {

    private UserDataViews() {
    }

    public record Import(long id, String server, String username, String origin, String requestedBy, String state,
                         int attempts, List<String> written, List<String> warnings, String lastError,
                         String createdAt, String modifiedAt, String nextAttemptAt, String finishedAt,
                         List<Event> trail) {
        public static Import of(UserDataImport i, List<UserDataEvent> events) {
            return new Import(i.id(), i.server(), i.username(), i.origin(), i.requestedBy(), i.status().label(),
                    i.attempts(), i.written(), i.warnings(), i.lastError(), text(i.createdAt()), text(i.modifiedAt()),
                    text(i.nextAttemptAt()), text(i.finishedAt()), events == null ? null
                    : events.stream().map(e -> new Event(text(e.at()), e.step(), e.outcome(), e.message())).toList());
        }
    }

    static String text(Instant at) {
        return at == null ? null : at.toString();
    }

    public record Event(String at, String step, String outcome, String message) {
    }

    public record Page(int limit, int offset, List<Import> imports) {
    }

    /** An import of that server and username is already on its way: its id. */
    public record Existing(String error, int status, long existingId) {
    }
}
