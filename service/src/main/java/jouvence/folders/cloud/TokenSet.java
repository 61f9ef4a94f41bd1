package jouvence.folders.cloud;

import java.time.Instant;

/**
 * What the cloud's token endpoint gave: an access token, the refresh token that replaces the one used, whose account
 * it is, and until when the access token may be used. {@link #toString()} shows neither token.
 */
public record TokenSet(String accessToken, String refreshToken, String userId, Instant expiresAt) {

    @Override
    public String toString() {
        return "TokenSet[user=" + userId + ", expires " + expiresAt + "]";
    }
}
