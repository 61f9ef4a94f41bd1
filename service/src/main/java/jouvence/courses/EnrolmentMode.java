package jouvence.courses;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How the restored course enrols the old course's users. The plugin's codes are kept (0, 1, 2). */
public enum EnrolmentMode {
    NEVER(0), WITH_USERS(1), ALWAYS(2);

    public final int code;

    EnrolmentMode(int code) {
        this.code = code;
    }

    public static EnrolmentMode of(int code) {
        return Arrays.stream(values()).filter(m -> m.code == code).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown enrolment mode " + code));
    }

    /** True for 0, 1 and 2. */
    public static boolean isCode(int code) {
        return Arrays.stream(values()).anyMatch(m -> m.code == code);
    }

    /** The mode called "always", "with-users" or "never", if {@code label} is one of them. */
    public static Optional<EnrolmentMode> parse(String label) {
        return Arrays.stream(values()).filter(m -> m.label().equals(label)).findFirst();
    }

    /** The name the API, the CSV import and the pages use: always, with-users, never. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
