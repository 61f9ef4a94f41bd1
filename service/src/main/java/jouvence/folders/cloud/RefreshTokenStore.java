package jouvence.folders.cloud;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the system account's OAuth 2 tokens are kept between runs and shared between replicas: the cloud replaces the
 * refresh token at every refresh (the old one stops working, doc §4.3), so the rotated one must outlive the process,
 * and two refreshes at once (two threads, two replicas) would spend the same token twice and lock the account out.
 * {@link #current} is therefore the only way to a token: it hands out the kept access token while it is valid and
 * refreshes at most once at a time. The production store is PostgreSQL's ({@code jouvence.folders.store.CloudTokenStore}).
 */
public interface RefreshTokenStore {

    /** The cloud's token endpoint, called with the refresh token to spend. */
    @FunctionalInterface
    interface Refresh {
        TokenSet with(String refreshToken) throws CloudFault;
    }

    /**
     * The system account's tokens: the kept access token when it is valid at {@code now} and is not {@code refused};
     * otherwise one refresh with the kept refresh token, whose new pair is kept before it is returned. The configured
     * refresh token is used when none is kept, and when it is not the one the kept tokens descend from (the admin gave a
     * new one: it replaces them). Serialised: whoever waited gets the pair the refresh before it kept.
     *
     * @param refused an access token the cloud just refused (never handed out again), or null
     */
    TokenSet current(String configured, Instant now, String refused, Refresh refresh) throws CloudFault;

    /** The refresh token kept, if any (tests, {@code jouvence check}). */
    Optional<String> load();

    /** In memory only, shared by the threads of one process: a restart falls back to the configured token. Tests. */
    final class InMemory implements RefreshTokenStore {
        private String origin;
        private String refreshToken;
        private TokenSet tokens;

        @Override
        public synchronized TokenSet current(String configured, Instant now, String refused, Refresh refresh)
                throws CloudFault {
            if (!Objects.equals(origin, configured)) {
                origin = configured;
                refreshToken = configured;
                tokens = null;
            }
            if (tokens != null && now.isBefore(tokens.expiresAt()) && !tokens.accessToken().equals(refused)) {
                return tokens;
            }
            TokenSet t = refresh.with(refreshToken);
            if (!t.refreshToken().isEmpty()) {
                refreshToken = t.refreshToken();
            }
            tokens = t;
            return t;
        }

        @Override
        public synchronized Optional<String> load() {
            return origin == null ? Optional.empty() : Optional.of(refreshToken);
        }
    }
}
