package simulator.cloud;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * The OAuth 2 server's state: registered clients, one-use authorisation codes, access tokens with an expiry, refresh
 * tokens that are replaced on every refresh (the old refresh token and its access token stop working, doc §4.3).
 */
final class OAuthTokens {

    record Client(String id, String secret, String redirectUri) {
    }

    private record Grant(String clientId, String user) {
    }

    private record Access(String user, long expiresAtMillis, String refreshToken) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, Client> clients = new HashMap<>();
    private final Map<String, Grant> codes = new HashMap<>();
    private final Map<String, Access> access = new HashMap<>();
    private final Map<String, Grant> refresh = new HashMap<>();
    private final Map<String, String> accessOfRefresh = new HashMap<>();
    private Duration lifetime = Duration.ofHours(1);
    private String loggedIn;

    synchronized void clear() {
        codes.clear();
        access.clear();
        refresh.clear();
        accessOfRefresh.clear();
        lifetime = Duration.ofHours(1);
        loggedIn = null;
    }

    synchronized void addClient(String id, String secret, String redirectUri) {
        clients.put(id, new Client(id, secret, redirectUri));
    }

    synchronized Client client(String id) {
        return id == null ? null : clients.get(id);
    }

    /** Every access and refresh token issued and still known (tests look for them where they must not be). */
    synchronized java.util.List<String> issued() {
        java.util.List<String> all = new java.util.ArrayList<>(access.keySet());
        all.addAll(refresh.keySet());
        return all;
    }

    synchronized void loggedIn(String user) {
        loggedIn = user;
    }

    synchronized String loggedIn() {
        return loggedIn;
    }

    synchronized void lifetime(Duration d) {
        lifetime = d;
    }

    synchronized long lifetimeSeconds() {
        return lifetime.toSeconds();
    }

    synchronized String newCode(String clientId, String user) {
        String code = random(64);
        codes.put(code, new Grant(clientId, user));
        return code;
    }

    /** The user of a one-use code issued to this client, or null (the code is spent either way). */
    synchronized String redeemCode(String code, String clientId) {
        Grant g = code == null ? null : codes.remove(code);
        return g != null && g.clientId().equals(clientId) ? g.user() : null;
    }

    /** New access + refresh token pair for the user: {access, refresh}. */
    synchronized String[] issue(String clientId, String user) {
        String a = random(64);
        String rt = random(64);
        access.put(a, new Access(user, System.currentTimeMillis() + lifetime.toMillis(), rt));
        refresh.put(rt, new Grant(clientId, user));
        accessOfRefresh.put(rt, a);
        return new String[] {a, rt};
    }

    /** Spends a refresh token of this client: its user (its access token is revoked), or null. */
    synchronized String redeemRefresh(String token, String clientId) {
        Grant g = token == null ? null : refresh.get(token);
        if (g == null || !g.clientId().equals(clientId)) {
            return null;
        }
        refresh.remove(token);
        String a = accessOfRefresh.remove(token);
        if (a != null) {
            access.remove(a);
        }
        return g.user();
    }

    synchronized String userOf(String accessToken) {
        Access a = access.get(accessToken);
        return a == null || a.expiresAtMillis() <= System.currentTimeMillis() ? null : a.user();
    }

    /** Test hook: every access token issued so far is expired (refresh tokens stay valid). */
    synchronized void expireAll() {
        access.replaceAll((k, a) -> new Access(a.user(), 0, a.refreshToken()));
    }

    private static String random(int chars) {
        byte[] b = new byte[chars / 2];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
