package jouvence.folders.reconcile;

import java.util.Locale;

/**
 * When a participant gets their folder's share (jouvence.folders.share-mode): {@code automatic}, every member at the
 * reconcile; or {@code opt-in}, the plugin's way, only once the participant pressed "Add to my cloud" on the
 * participants' page (the cloud then holds only the folders people asked for).
 */
public enum ShareMode {
    AUTOMATIC, OPT_IN;

    public static ShareMode of(String word) {
        String w = word == null ? "" : word.strip().toLowerCase(Locale.ROOT);
        return switch (w) {
            case "automatic" -> AUTOMATIC;
            case "opt-in" -> OPT_IN;
            default -> throw new IllegalArgumentException("jouvence.folders.share-mode must be automatic or opt-in, "
                    + "not '" + word + "'");
        };
    }
}
