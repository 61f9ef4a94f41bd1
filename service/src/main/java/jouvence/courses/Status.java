package jouvence.courses;

import java.util.Arrays;
import java.util.Locale;

/** A request's state. The plugin's codes are kept (0, 1, 2, -1); 3 and 4 are Jouvence's. */
public enum Status {
    SCHEDULED(0), IN_PROGRESS(1), PERFORMED(2), ERROR(-1), WAITING_RETRY(3), CANCELLED(4);

    public final int code;

    Status(int code) {
        this.code = code;
    }

    public static Status of(int code) {
        return Arrays.stream(values()).filter(s -> s.code == code).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown status code " + code));
    }

    /** Accepts "scheduled", "waiting-retry", "WAITING_RETRY" or a numeric code. */
    public static Status parse(String text) {
        String t = text.strip();
        if (t.matches("-?\\d+")) {
            return of(Integer.parseInt(t));
        }
        return valueOf(t.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public boolean active() {
        return this == SCHEDULED || this == IN_PROGRESS || this == WAITING_RETRY;
    }

    // What may be done to a request in this state: the one rule behind the service's updates (their SQL is built from
    // it), its refusals, and the buttons the admins' console offers.

    /** It ended without a course (error) or was cancelled: it may go back to the queue, attempts reset. */
    public boolean retriable() {
        return this == ERROR || this == CANCELLED;
    }

    /** It has not started yet (scheduled, or waiting for a retry): it may be cancelled. */
    public boolean cancellable() {
        return this == SCHEDULED || this == WAITING_RETRY;
    }

    /** Its restore has not started (a request in error restores again when retried): its category may change. */
    public boolean categoryChangeable() {
        return cancellable() || this == ERROR;
    }

    /** The codes of the statuses {@code which} accepts, as an SQL list: {@code -1, 4}. */
    public static String codes(java.util.function.Predicate<Status> which) {
        return String.join(", ", Arrays.stream(values()).filter(which).map(s -> Integer.toString(s.code)).toList());
    }
}
