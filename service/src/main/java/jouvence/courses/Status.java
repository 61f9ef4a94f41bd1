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
}
