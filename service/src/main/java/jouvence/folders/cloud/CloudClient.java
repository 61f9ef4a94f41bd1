package jouvence.folders.cloud;

import jouvence.folders.FoldersConfig;
import org.apache.camel.CamelContext;

import java.time.Clock;

/**
 * The ownCloud / Nextcloud client of the collaborative folders: WebDAV ({@link #dav()}), the share API
 * ({@link #shares()}), the sharees search ({@link #sharees()}) and OAuth 2 ({@link #oauth()}), all over one
 * {@link CloudTransport}, as the system account of jouvence.folders.cloud.* (an app password, or a refresh token kept
 * in a {@link RefreshTokenStore}) or as a {@link Participant}. Failures are {@link CloudFault}s, classified.
 */
public final class CloudClient {

    private final Dav dav;
    private final Shares shares;
    private final Sharees sharees;
    private final CloudOAuth oauth;

    public CloudClient(CamelContext camel, FoldersConfig.Cloud config, RefreshTokenStore tokens, Clock clock) {
        this(new CloudTransport(camel, config), config, tokens, clock);
    }

    public CloudClient(CloudTransport http, FoldersConfig.Cloud config, RefreshTokenStore tokens, Clock clock) {
        config.requireUsable();
        // the token endpoint authenticates the OAuth client, never a user: no system credentials on those calls
        CloudOAuth oauthOfClient = new CloudOAuth(new CloudCalls(http, null), config.clientId(), config.clientSecret(),
                clock);
        SystemAuth auth = config.authMode() == FoldersConfig.AuthMode.APP_PASSWORD
                ? SystemAuth.appPassword(config.user(), config.appPassword())
                : new RefreshTokenAuth(oauthOfClient, config.user(), config.refreshToken(), tokens, clock);
        CloudCalls calls = new CloudCalls(http, auth);
        Ocs ocs = new Ocs(calls, config.ocsVersion());
        this.dav = new Dav(calls);
        this.shares = new Shares(ocs, calls);
        this.sharees = new Sharees(ocs);
        this.oauth = oauthOfClient;
    }

    public Dav dav() {
        return dav;
    }

    public Shares shares() {
        return shares;
    }

    public Sharees sharees() {
        return sharees;
    }

    public CloudOAuth oauth() {
        return oauth;
    }
}
