package jouvence.check;

import jouvence.folders.FoldersConfig;
import jouvence.folders.cloud.CloudClient;
import jouvence.folders.cloud.CloudFault;
import jouvence.folders.cloud.Dav;
import jouvence.folders.cloud.RefreshTokenStore;
import org.apache.camel.CamelContext;

import java.time.Clock;

/**
 * The collaborative folders' cloud, read-only: the system account's credentials (one PROPFIND Depth 0 of its files
 * root), the OCS share API (one share listing of the folders' root), and the OAuth client (the token endpoint asked
 * with a refresh token that is none: "invalid_grant" says the client was accepted; nothing is issued or spent).
 * A system account logged in by a refresh token is not used here: refreshing would spend the token the service keeps.
 */
final class CloudItems {

    static final String ACCOUNT = "cloud: system account";
    static final String OCS = "cloud: OCS share API";
    static final String OAUTH = "cloud: OAuth client";
    /** Never a refresh token the cloud issued: asking with it shows whether the client is accepted, and spends nothing. */
    static final String NOT_A_TOKEN = "jouvence-check-not-a-refresh-token";

    private CloudItems() {
    }

    static void check(CamelContext camel, FoldersConfig folders, CheckReport report) {
        if (!folders.enabled()) {
            report.skipped("cloud", "jouvence.folders.enabled is false");
            return;
        }
        FoldersConfig.Cloud cloud = folders.cloud();
        CloudClient client;
        try {
            client = new CloudClient(camel, cloud, new RefreshTokenStore.InMemory(), Clock.systemUTC());
        } catch (IllegalArgumentException e) {
            report.failed(ACCOUNT, e.getMessage());
            return;
        }
        if (cloud.authMode() == FoldersConfig.AuthMode.APP_PASSWORD) {
            account(client, cloud, report);
            ocs(client, folders.root(), report);
        } else {
            String why = "logged in by an OAuth refresh token, which a check would spend (the service's cloud health "
                    + "check and jouvence_cloud_up probe it)";
            report.skipped(ACCOUNT, why);
            report.skipped(OCS, why);
        }
        oauth(client, cloud, report);
    }

    private static void account(CloudClient client, FoldersConfig.Cloud cloud, CheckReport report) {
        try {
            client.dav().list("", Dav.Depth.ZERO);
            report.ok(ACCOUNT, cloud.user() + " logged in at " + cloud.url() + " (PROPFIND of its files root)");
        } catch (CloudFault f) {
            report.failed(ACCOUNT, f.getMessage() + " (check jouvence.folders.cloud.url, .user and .app-password)");
        }
    }

    private static void ocs(CloudClient client, String root, CheckReport report) {
        try {
            int shares = client.shares().list(root, false).size();
            report.ok(OCS, "answers (" + shares + " share(s) of " + root + ")");
        } catch (CloudFault f) {
            if (f.reason() == CloudFault.Reason.PATH_MISSING) {
                report.ok(OCS, "answers (" + root + " does not exist yet: the first reconcile makes it)");
            } else {
                report.failed(OCS, f.getMessage() + " (is the files_sharing app enabled? check "
                        + "jouvence.folders.cloud.ocs-version)");
            }
        }
    }

    private static void oauth(CloudClient client, FoldersConfig.Cloud cloud, CheckReport report) {
        if (!cloud.oauthClientConfigured()) {
            report.skipped(OAUTH, "jouvence.folders.cloud.oauth.client-id and .client-secret are not set (needed for "
                    + "participants' authorisations and a refresh-token system account)");
            return;
        }
        try {
            client.oauth().refresh(NOT_A_TOKEN);
            report.failed(OAUTH, "the token endpoint accepted a refresh token that is none: is this an OAuth 2 server?");
        } catch (CloudFault f) {
            if (f.reason() == CloudFault.Reason.NOT_AUTHORISED) {
                report.ok(OAUTH, cloud.clientId() + " accepted by the token endpoint (nothing issued)");
            } else {
                report.failed(OAUTH, f.getMessage());
            }
        }
    }
}
