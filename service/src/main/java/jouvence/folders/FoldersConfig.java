package jouvence.folders;

import jouvence.JouvenceConfig;
import jouvence.Props;
import jouvence.folders.reconcile.ReconcileSettings;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The collaborative folders' settings (jouvence.folders.*), typed, read from the same properties as
 * {@link JouvenceConfig} and documented in application.properties ("Collaborative folders"). Kept apart from
 * JouvenceConfig, which holds it as {@code folders()}; nothing here is required while the folders are off, so only the shape
 * of a value is checked when read, and {@link Cloud#requireUsable()} says what is missing once they are on.
 *
 * @param enabled          on: the folder sets' API, claim and reconcile run, and the client's token must also offer
 *                         the folders' web-service functions (start-up probe)
 * @param teacherRoles     course role short names whose holders are teachers for the folders (the plugin's
 *                         {@code mod/collaborativefolders:isteacher} archetypes)
 * @param root             the folder of the system account under which every folder set is made (relative to its
 *                         files root, no leading or trailing slash)
 * @param permissions      the share permissions asked for (1 read + 2 update + 4 create + 8 delete + 16 share = 31)
 * @param reconcile        how sets are reconciled (on-leave, identity, claims, retries)
 * @param reconcileEnabled off: sets are recorded, never reconciled (an operator's pause)
 * @param oauthRedirectUri where the cloud sends participants back after they authorised Jouvence ("Name your copy"):
 *                         Jouvence's {@code /folders/oauth} as the OAuth client registers it; empty: naming is off
  * @param bridge           the plugin's activities read from the new Moodle's database
 * @param resetWait        how long the participants' "Reset" waits for the reconcile it asks for (the page then says
 *                         how it went)
 */
public record FoldersConfig(boolean enabled, List<String> teacherRoles, String root, int permissions, Cloud cloud,
                            ReconcileSettings reconcile, boolean reconcileEnabled, String oauthRedirectUri,
                            Bridge bridge, java.time.Duration resetWait) {

    public FoldersConfig {
        teacherRoles = List.copyOf(teacherRoles);
        if (teacherRoles.isEmpty()) {
            throw new IllegalArgumentException("jouvence.folders.teacher-roles: name at least one role short name");
        }
        root = root == null ? "" : root.strip().replaceAll("^/+|/+$", "");
        if (root.isEmpty() || root.contains("//") || root.contains("\\")
                || List.of(root.split("/")).stream().anyMatch(s -> s.equals(".") || s.equals(".."))) {
            throw new IllegalArgumentException("jouvence.folders.root: '" + root + "' must be a folder path of the "
                    + "system account, e.g. Moodle (no '.', '..', '\\' or empty segment)");
        }
        oauthRedirectUri = oauthRedirectUri == null ? "" : oauthRedirectUri.strip();
        if (!oauthRedirectUri.isEmpty() && !oauthRedirectUri.matches("https?://[^\\s#]+/folders/oauth")) {
            throw new IllegalArgumentException("jouvence.folders.cloud.oauth.redirect-uri must be Jouvence's address "
                    + "ending in /folders/oauth (e.g. https://jouvence.univ.example/folders/oauth), not '"
                    + oauthRedirectUri + "'");
        }
        if (permissions < 1 || permissions > 31) {
            throw new IllegalArgumentException("jouvence.folders.permissions must be between 1 and 31 (1 read, 2 update,"
                    + " 4 create, 8 delete, 16 share), not " + permissions);
        }
        if (enabled && reconcile.identity() == jouvence.folders.reconcile.Identity.OAUTH
                && (oauthRedirectUri.isEmpty() || !cloud.oauthClientConfigured())) {
            throw new IllegalArgumentException("jouvence.folders.identity=oauth needs jouvence.folders.cloud.oauth."
                    + "client-id, .client-secret and .redirect-uri: each participant connects their cloud through "
                    + "that authorisation on /folders");
        }
        if (resetWait.compareTo(java.time.Duration.ofSeconds(1)) < 0
                || resetWait.compareTo(java.time.Duration.ofMinutes(2)) > 0) {
            throw new IllegalArgumentException("jouvence.folders.reset-wait must be between 1s and 2m (a web request "
                    + "waits that long), not " + resetWait);
        }
        if (bridge.enabled() && !enabled) {
            throw new IllegalArgumentException("jouvence.folders.bridge.enabled needs jouvence.folders.enabled: the "
                    + "activities' folder sets are reconciled by the folders");
        }
    }

    /**
     * The intake of the plugin's existing activities (jouvence.folders.bridge.*), on the course bridge's Moodle
     * database settings (jouvence.bridge.db.*, jouvence.bridge.table-prefix).
     *
     * @param pollIntervalMs how often the activities are read
     */
    public record Bridge(boolean enabled, long pollIntervalMs) {
        public Bridge {
            if (pollIntervalMs <= 0) {
                throw new IllegalArgumentException("jouvence.folders.bridge.poll-interval must be a positive number "
                        + "of ms");
            }
        }
    }

    /** How the system account authenticates: an app password (HTTP Basic) or an OAuth 2 refresh token. */
    public enum AuthMode { APP_PASSWORD, REFRESH_TOKEN, NONE }

    /**
     * The cloud (jouvence.folders.cloud.*).
     *
     * @param url            the cloud's base URL without trailing slash (empty: not configured)
     * @param user           the system account's user id (its files are under /remote.php/dav/files/{user}/)
     * @param ocsVersion     1 (HTTP 200 for everything) or 2 (statuses mirrored); both are read by meta.statuscode
     * @param maxAnswerBytes the most of an answer read; a longer one is dropped unread as a transient fault
     */
    public record Cloud(String url, String user, String appPassword, String clientId, String clientSecret,
                        String refreshToken, boolean tlsVerify, Duration connectTimeout, Duration readTimeout,
                        int ocsVersion, long maxAnswerBytes) {

        public Cloud {
            url = url == null ? "" : url.strip();
            if (!url.isEmpty()) {
                url = JouvenceConfig.normaliseUrl(url);
            }
            user = blankToEmpty(user);
            appPassword = blankToEmpty(appPassword);
            clientId = blankToEmpty(clientId);
            clientSecret = blankToEmpty(clientSecret);
            refreshToken = blankToEmpty(refreshToken);
            if (!appPassword.isEmpty() && !refreshToken.isEmpty()) {
                throw new IllegalArgumentException("jouvence.folders.cloud.app-password and "
                        + "jouvence.folders.cloud.oauth.refresh-token are both set: the system account logs in with one "
                        + "of them, set only one");
            }
            if (ocsVersion != 1 && ocsVersion != 2) {
                throw new IllegalArgumentException("jouvence.folders.cloud.ocs-version must be 1 or 2, not "
                        + ocsVersion);
            }
            if (connectTimeout.isNegative() || connectTimeout.isZero() || readTimeout.isNegative()
                    || readTimeout.isZero()) {
                throw new IllegalArgumentException("jouvence.folders.cloud.connect-timeout and .read-timeout must be "
                        + "positive");
            }
            if (maxAnswerBytes <= 0) {
                throw new IllegalArgumentException("jouvence.folders.cloud.max-answer-bytes must be positive");
            }
        }

        public AuthMode authMode() {
            return !appPassword.isEmpty() ? AuthMode.APP_PASSWORD
                    : !refreshToken.isEmpty() ? AuthMode.REFRESH_TOKEN : AuthMode.NONE;
        }

        /** The participants' OAuth flow (and a refresh-token system account) need the OAuth client. */
        public boolean oauthClientConfigured() {
            return !clientId.isEmpty() && !clientSecret.isEmpty();
        }

        /**
         * Throws with the property to set when the folders cannot work with this configuration (called once the
         * folders are enabled): the URL, the system account and its credentials.
         */
        public void requireUsable() {
            if (url.isEmpty()) {
                throw new IllegalArgumentException("jouvence.folders.cloud.url is empty: set it to the ownCloud or "
                        + "Nextcloud base URL, e.g. https://cloud.univ.example");
            }
            if (user.isEmpty()) {
                throw new IllegalArgumentException("jouvence.folders.cloud.user is empty: set it to the system "
                        + "account's user id");
            }
            if (authMode() == AuthMode.NONE) {
                throw new IllegalArgumentException("the system account has no credentials: set "
                        + "jouvence.folders.cloud.app-password (an app password of " + user + ") or "
                        + "jouvence.folders.cloud.oauth.refresh-token");
            }
            if (authMode() == AuthMode.REFRESH_TOKEN && !oauthClientConfigured()) {
                throw new IllegalArgumentException("jouvence.folders.cloud.oauth.refresh-token needs "
                        + "jouvence.folders.cloud.oauth.client-id and .client-secret (the OAuth client it was issued to)");
            }
        }

        /**
         * The secrets, for the logs to mask: the app password, the OAuth client secret, the configured refresh token,
         * and the HTTP Basic credentials built from them (base64 of {@code user:password}), which is what a header
         * log would show.
         */
        public List<String> secrets() {
            List<String> s = new ArrayList<>();
            for (String v : List.of(appPassword, clientSecret, refreshToken)) {
                if (!v.isEmpty()) {
                    s.add(v);
                }
            }
            if (!appPassword.isEmpty()) {
                s.add(basic(user, appPassword));
            }
            if (!clientSecret.isEmpty()) {
                s.add(basic(formEncode(clientId), formEncode(clientSecret)));
            }
            return s;
        }

        @Override
        public String toString() { // never print a secret
            return "Cloud[" + url + " as " + user + " by " + authMode() + "]";
        }
    }

    /** Reads jouvence.folders.* from a property lookup (Camel's properties component, or a map in tests). */
    public static FoldersConfig from(Function<String, Optional<String>> lookup) {
        Props p = new Props(lookup);
        String c = "jouvence.folders.cloud.";
        String ocs = p.get(c + "ocs-version");
        if (!ocs.matches("[12]")) {
            throw new IllegalArgumentException(c + "ocs-version must be 1 or 2, not '" + ocs + "'");
        }
        return new FoldersConfig(p.bool("jouvence.folders.enabled"), p.list("jouvence.folders.teacher-roles"),
                p.get("jouvence.folders.root"), p.integer("jouvence.folders.permissions"),
                new Cloud(p.get(c + "url"), p.get(c + "user"), p.get(c + "app-password"), p.get(c + "oauth.client-id"),
                        p.get(c + "oauth.client-secret"), p.get(c + "oauth.refresh-token"), p.bool(c + "tls-verify"),
                        p.duration(c + "connect-timeout"), p.duration(c + "read-timeout"), Integer.parseInt(ocs),
                        p.longValue(c + "max-answer-bytes")),
                ReconcileSettings.from(lookup), p.bool("jouvence.folders.reconcile.enabled"),
                p.get(c + "oauth.redirect-uri"),
                new Bridge(p.bool("jouvence.folders.bridge.enabled"),
                        p.longValue("jouvence.folders.bridge.poll-interval")),
                p.duration("jouvence.folders.reset-wait"));
    }

    /** The value of an {@code Authorization: Basic} header's credentials. */
    public static String basic(String user, String password) {
        return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** OAuth 2 client authentication url-encodes id and secret before joining them (RFC 6749 §2.3.1). */
    public static String formEncode(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String blankToEmpty(String s) {
        return s == null ? "" : s.strip();
    }
}
