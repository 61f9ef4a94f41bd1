package jouvence.folders.reconcile;

import java.util.Locale;

/**
 * What happens to the share of someone who should no longer have a folder (left the group, unenrolled, the group or
 * the teacher access gone): {@code keep} it (the plugin's behaviour, the default) or {@code revoke} it.
 */
public enum OnLeave {
    KEEP, REVOKE;

    public static OnLeave of(String word) {
        try {
            return valueOf(word.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("jouvence.folders.on-leave must be keep or revoke, not '" + word + "'");
        }
    }
}
