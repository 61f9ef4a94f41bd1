package jouvence.folders.reconcile;

import java.util.Locale;

/**
 * Who a Moodle user is in the cloud ({@code jouvence.folders.identity}): the same user id ({@code username}: both on
 * the university's directory), or the one cloud account the sharees search finds for their e-mail ({@code email}).
 * {@code oauth} (whoever the participant authorised, the plugin's way) needs the participants' page and is refused
 * at start-up until it exists.
 */
public enum Identity {
    USERNAME, EMAIL;

    public static Identity of(String word) {
        String w = word == null ? "" : word.strip().toLowerCase(Locale.ROOT);
        return switch (w) {
            case "username" -> USERNAME;
            case "email" -> EMAIL;
            case "oauth" -> throw new IllegalArgumentException("jouvence.folders.identity=oauth is not available yet "
                    + "(it needs the participants' authorisation page): use username or email");
            default -> throw new IllegalArgumentException("jouvence.folders.identity must be username or email, not '"
                    + word + "'");
        };
    }
}
