package jouvence.folders;

import java.util.Locale;

/** A folder set's group mode: one folder for every participant, or one per group (of the course, or of a grouping). */
public enum GroupMode {
    NONE, GROUPS;

    /** The word the API, the database and the trail use. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for anything but {@code none} or {@code groups} */
    public static GroupMode of(String word) {
        for (GroupMode m : values()) {
            if (m.word().equals(word)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown group mode '" + word + "' (none or groups)");
    }
}
