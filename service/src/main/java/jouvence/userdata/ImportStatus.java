package jouvence.userdata;

import java.util.Arrays;
import java.util.Locale;

/** An import's state: the plugin's codes (0, 1, 2, -1) and Jouvence's waiting-retry (3), as words in the API. */
public enum ImportStatus {
    SCHEDULED(0), IN_PROGRESS(1), PERFORMED(2), ERROR(-1), WAITING_RETRY(3);

    public final int code;

    ImportStatus(int code) {
        this.code = code;
    }

    public static ImportStatus of(int code) {
        return Arrays.stream(values()).filter(s -> s.code == code).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown status code " + code));
    }

    /** "scheduled", "in-progress", "waiting-retry", ... (null for an unknown word). */
    public static ImportStatus parse(String word) {
        return Arrays.stream(values()).filter(s -> s.label().equals(word.strip().toLowerCase(Locale.ROOT)))
                .findFirst().orElse(null);
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
