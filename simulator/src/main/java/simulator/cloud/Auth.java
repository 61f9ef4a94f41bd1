package simulator.cloud;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Who is calling: HTTP Basic with a user id and one of that user's app passwords, or a bearer token issued by the
 * simulated OAuth 2 server (not expired, not rotated away). Refused credentials (a fault) identify nobody.
 */
final class Auth {

    private final CloudState state;
    private final OAuthTokens tokens;
    private final CloudFaults faults;

    Auth(CloudState state, OAuthTokens tokens, CloudFaults faults) {
        this.state = state;
        this.tokens = tokens;
        this.faults = faults;
    }

    /** The user id the request authenticates as, or null. */
    String identify(Req r) {
        String h = r.header("Authorization");
        if (h == null) {
            return null;
        }
        String user = null;
        if (h.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(h.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null;
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return null;
            }
            CloudState.UserRec u = state.user(decoded.substring(0, colon));
            synchronized (state) {
                if (u != null && u.appPasswords.contains(decoded.substring(colon + 1))) {
                    user = u.id;
                }
            }
        } else if (h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            user = tokens.userOf(h.substring(7).trim());
        }
        return user != null && faults.credentialsRefused(user) ? null : user;
    }

    static boolean basic(Req r) {
        String h = r.header("Authorization");
        return h != null && h.regionMatches(true, 0, "Basic ", 0, 6);
    }

    static boolean bearer(Req r) {
        String h = r.header("Authorization");
        return h != null && h.regionMatches(true, 0, "Bearer ", 0, 7);
    }
}
