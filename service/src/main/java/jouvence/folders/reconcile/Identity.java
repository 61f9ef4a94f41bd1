package jouvence.folders.reconcile;

import java.util.Locale;

/**
 * Who a Moodle user is in the cloud ({@code jouvence.folders.identity}): the same user id ({@code username}: both on
 * the university's directory), the one cloud account the sharees search finds for their e-mail ({@code email}), or the
 * account the participant authorised on the participants' page ({@code oauth}, the plugin's way; recorded per Moodle
 * user in {@code cloud_account}: until they connect, their shares wait in state {@code awaiting-connect}).
 */
public enum Identity {
    USERNAME, EMAIL, OAUTH;

    public static Identity of(String word) {
        String w = word == null ? "" : word.strip().toLowerCase(Locale.ROOT);
        return switch (w) {
            case "username" -> USERNAME;
            case "email" -> EMAIL;
            case "oauth" -> OAUTH;
            default -> throw new IllegalArgumentException("jouvence.folders.identity must be username, email or oauth, "
                    + "not '" + word + "'");
        };
    }
}
