package jouvence.folders.cloud;

import java.util.Optional;

/**
 * Where the system account's OAuth 2 refresh token is kept between runs: the cloud replaces it at every refresh (the
 * old one stops working, doc §4.3), so the rotated one must outlive the process, or the next start logs in with a
 * spent token. {@link RefreshTokenAuth} keeps it in memory and hands every new one here.
 */
public interface RefreshTokenStore {

    /** The last refresh token saved, if any (it wins over the configured one, which it replaced). */
    Optional<String> load();

    /** Keeps the token the cloud just issued (called inside the refresh, before the new token is used). */
    void save(String refreshToken);

    /**
     * In memory only: a restart falls back to jouvence.folders.cloud.oauth.refresh-token, already spent if a refresh
     * happened. For tests and until the PostgreSQL store exists.
     */
    final class InMemory implements RefreshTokenStore {
        private volatile String token;

        @Override
        public Optional<String> load() {
            return Optional.ofNullable(token);
        }

        @Override
        public void save(String refreshToken) {
            token = refreshToken;
        }
    }
}
