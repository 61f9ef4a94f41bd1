package jouvence.folders.store;

import jouvence.folders.cloud.CloudFault;
import jouvence.folders.cloud.RefreshTokenStore;
import jouvence.folders.cloud.TokenSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The system account's OAuth 2 tokens in PostgreSQL ({@code cloud_token}), for every replica: the row is locked
 * ({@code SELECT … FOR UPDATE}) from the read to the commit of a refresh, so one replica refreshes while the others
 * wait and then take the pair it kept; nothing is kept when the refresh fails. Tokens are stored encrypted
 * ({@link TokenCipher}) and never logged. The connection is held during the token call (a few per hour at most).
 */
public final class CloudTokenStore implements RefreshTokenStore {

    private static final Logger LOG = LoggerFactory.getLogger(CloudTokenStore.class);

    static final String ENSURE = "INSERT INTO cloud_token (id, origin_sha256) VALUES ('system', ?) "
            + "ON CONFLICT (id) DO NOTHING";
    static final String LOCK = "SELECT origin_sha256, refresh_token, access_token, user_id, expires_at FROM cloud_token "
            + "WHERE id = 'system' FOR UPDATE";
    static final String KEEP = "UPDATE cloud_token SET origin_sha256 = ?, refresh_token = ?, access_token = ?, "
            + "user_id = ?, expires_at = ?, refreshed_at = now(), refreshed_by = ? WHERE id = 'system'";

    private final DataSource db;
    private final TokenCipher cipher;
    private final String instance;

    public CloudTokenStore(DataSource db, String clientSecret, String instance) {
        this.db = db;
        this.cipher = new TokenCipher(clientSecret);
        this.instance = instance;
    }

    @Override
    public TokenSet current(String configured, Instant now, String refused, Refresh refresh) throws CloudFault {
        String origin = TokenCipher.sha256Hex(configured);
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement(ENSURE)) {
                    ps.setString(1, origin);
                    ps.executeUpdate();
                }
                String refreshToken = configured;
                try (PreparedStatement ps = c.prepareStatement(LOCK); ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (origin.equals(rs.getString(1))) {
                        Optional<String> kept = cipher.decrypt(rs.getString(2));
                        Optional<String> access = cipher.decrypt(rs.getString(3));
                        Timestamp expires = rs.getTimestamp(5);
                        if (access.isPresent() && expires != null && now.isBefore(expires.toInstant())
                                && !access.get().equals(refused)) {
                            c.commit();
                            return new TokenSet(access.get(), kept.orElse(""), rs.getString(4), expires.toInstant());
                        }
                        if (kept.isPresent()) {
                            refreshToken = kept.get();
                        } else if (rs.getString(2) != null) {
                            LOG.warn("the kept refresh token of the cloud's system account cannot be read (was "
                                    + "jouvence.folders.cloud.oauth.client-secret changed?): the configured one is used");
                        }
                    } else if (rs.getString(2) != null) {
                        LOG.info("jouvence.folders.cloud.oauth.refresh-token changed: it replaces the kept tokens");
                    }
                }
                TokenSet t = refresh.with(refreshToken);
                String rotated = t.refreshToken().isEmpty() ? refreshToken : t.refreshToken();
                try (PreparedStatement ps = c.prepareStatement(KEEP)) {
                    ps.setString(1, origin);
                    ps.setString(2, cipher.encrypt(rotated));
                    ps.setString(3, cipher.encrypt(t.accessToken()));
                    ps.setString(4, t.userId());
                    ps.setTimestamp(5, Timestamp.from(t.expiresAt()));
                    ps.setString(6, instance);
                    ps.executeUpdate();
                }
                c.commit();
                return t;
            } catch (CloudFault | SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new CloudFault(CloudFault.Reason.UNREACHABLE, 0, "the cloud's tokens could not be read or kept in "
                    + "Jouvence's database: " + e.getMessage(), "", e);
        }
    }

    @Override
    public Optional<String> load() {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT refresh_token FROM cloud_token WHERE id = 'system'"); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? cipher.decrypt(rs.getString(1)) : Optional.empty();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
