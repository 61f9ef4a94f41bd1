package jouvence.folders.cloud;

import jouvence.folders.cloud.CloudFault.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;

/**
 * The system account by OAuth 2 (doc §6.2): an access token kept until shortly before it expires, then taken from
 * the {@link RefreshTokenStore}, which refreshes it once for every thread and replica (the cloud replaces the refresh
 * token at every refresh, so two refreshes at once would spend the same token twice and lock the account out).
 */
public final class RefreshTokenAuth implements SystemAuth {

    private static final Logger LOG = LoggerFactory.getLogger(RefreshTokenAuth.class);

    private final CloudOAuth oauth;
    private final String user;
    private final RefreshTokenStore store;
    private final Clock clock;
    private final Object lock = new Object();
    private final String configured;
    private String header;
    private String refusedAccess;
    private Instant expiresAt = Instant.MIN;

    RefreshTokenAuth(CloudOAuth oauth, String user, String configuredRefreshToken, RefreshTokenStore store,
                     Clock clock) {
        this.oauth = oauth;
        this.user = user;
        this.store = store;
        this.clock = clock;
        this.configured = configuredRefreshToken;
    }

    @Override
    public String userId() {
        return user;
    }

    @Override
    public String authorization() throws CloudFault {
        synchronized (lock) {
            if (header == null || !clock.instant().isBefore(expiresAt)) {
                refresh();
            }
            return header;
        }
    }

    @Override
    public boolean refused(String used) throws CloudFault {
        synchronized (lock) {
            if (used.equals(header)) {
                refusedAccess = header.substring("Bearer ".length()); // never handed out again by the store
                header = null; // refreshed by the next authorization(), once, whoever asks first
            }
            return true;
        }
    }

    private void refresh() throws CloudFault {
        TokenSet t = store.current(configured, clock.instant(), refusedAccess, this::refreshWith);
        if (!user.equals(t.userId())) {
            header = null;
            throw new CloudFault(Reason.MISCONFIGURED, 0, "the refresh token is " + t.userId() + "'s, not the system "
                    + "account's (jouvence.folders.cloud.user = " + user + "): every folder belongs to " + user, "");
        }
        header = "Bearer " + t.accessToken();
        expiresAt = t.expiresAt();
        LOG.debug("Access token of the cloud's system account {} refreshed, valid until {}", user, expiresAt);
    }

    private TokenSet refreshWith(String refreshToken) throws CloudFault {
        try {
            return oauth.refresh(refreshToken);
        } catch (CloudFault f) {
            if (f.kind() == CloudFault.Kind.TRANSIENT) {
                throw f;
            }
            throw new CloudFault(Reason.CREDENTIALS, f.status(), "the system account's refresh token was refused ("
                    + f.getMessage() + "): give a new one in jouvence.folders.cloud.oauth.refresh-token",
                    f.cloudMessage(), f);
        }
    }

    @Override
    public String toString() {
        return "OAuth refresh token of " + user;
    }
}
