package jouvence.folders.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import jouvence.folders.FoldersConfig;
import jouvence.folders.cloud.CloudFault.Reason;
import jouvence.folders.cloud.CloudTransport.Answer;
import jouvence.folders.cloud.CloudTransport.Request;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The cloud's OAuth 2 server (ownCloud's {@code oauth2} app, Nextcloud's built-in one; doc §4.3): the participants'
 * authorisation-code flow and the refresh of any refresh token. The client authenticates with HTTP Basic (id and
 * secret url-encoded); the answer's {@code user_id} names the account, or {@code /ocs/v2.php/cloud/user} when it is
 * absent. Tokens live only in the {@link TokenSet}s returned, never in a URL or a message.
 */
public final class CloudOAuth {

    static final String AUTHORIZE = "/index.php/apps/oauth2/authorize";
    static final String TOKEN = "/index.php/apps/oauth2/api/v1/token";
    /** Moodle's margin too: an access token is used until 10 s before it expires. */
    private static final Duration MARGIN = Duration.ofSeconds(10);

    private final CloudCalls calls;
    private final String clientId;
    private final String clientAuth;
    private final Clock clock;

    CloudOAuth(CloudCalls calls, String clientId, String clientSecret, Clock clock) {
        this.calls = calls;
        this.clientId = clientId;
        this.clientAuth = clientId.isEmpty() ? null : "Basic " + FoldersConfig.basic(FoldersConfig.formEncode(clientId),
                FoldersConfig.formEncode(clientSecret));
        this.clock = clock;
    }

    /** Where to send the participant's browser: the cloud asks them to log in and to allow Jouvence. */
    public String authorizeUrl(String state, String redirectUri) {
        return calls.baseUrl() + AUTHORIZE + "?response_type=code&client_id=" + Shares.enc(clientId)
                + "&redirect_uri=" + Shares.enc(redirectUri) + "&state=" + Shares.enc(state);
    }

    /**
     * Redeems the code the cloud sent back to {@code redirectUri}.
     *
     * @throws CloudFault {@link Reason#NOT_AUTHORISED} for a code refused (spent, expired, another client's),
     *                    {@link Reason#MISCONFIGURED} for a client refused; transient faults as every call
     */
    public TokenSet exchange(String code, String redirectUri) throws CloudFault {
        return token(Shares.form("grant_type", "authorization_code", "code", code, "redirect_uri", redirectUri),
                "OAuth code exchange");
    }

    /** Trades a refresh token for a new pair (the old refresh token stops working). */
    public TokenSet refresh(String refreshToken) throws CloudFault {
        return token(Shares.form("grant_type", "refresh_token", "refresh_token", refreshToken), "OAuth refresh");
    }

    private TokenSet token(String form, String what) throws CloudFault {
        if (clientAuth == null) {
            throw new CloudFault(Reason.MISCONFIGURED, 0, what + ": jouvence.folders.cloud.oauth.client-id and "
                    + ".client-secret are not set", "");
        }
        Answer a = calls.send(Request.of("POST", TOKEN).header("Accept", "application/json")
                .body(form, "application/x-www-form-urlencoded; charset=UTF-8").auth(clientAuth), what);
        JsonNode n;
        try {
            n = a.json() || a.text().startsWith("{") ? Ocs.JSON.readTree(a.body()) : null;
        } catch (IOException e) {
            n = null;
        }
        String error = n == null ? "" : n.path("error").asText("");
        if (a.status() != 200 || n == null || !n.path("access_token").isTextual()) {
            boolean client = a.status() == 401 || error.equals("invalid_client");
            Reason why = n == null && a.status() == 200 ? Reason.BAD_ANSWER
                    : client ? Reason.MISCONFIGURED : Reason.NOT_AUTHORISED;
            throw new CloudFault(why, a.status(), what + ": the cloud refused it (HTTP " + a.status()
                    + (error.isEmpty() ? "" : ", " + error) + ")" + (client
                    ? ": check jouvence.folders.cloud.oauth.client-id and .client-secret" : ""), error);
        }
        String access = n.path("access_token").asText();
        String user = n.path("user_id").asText("");
        if (user.isEmpty()) {
            user = whoAmI(access);
        }
        long seconds = n.path("expires_in").asLong(3600);
        Instant expires = clock.instant().plusSeconds(seconds).minus(MARGIN);
        return new TokenSet(access, n.path("refresh_token").asText(""), user, expires);
    }

    /** The user id of an access token: {@code /ocs/v2.php/cloud/user} ({@code ocs.data.id}). */
    public String whoAmI(String accessToken) throws CloudFault {
        String what = "cloud/user";
        Request r = Request.of("GET", "/ocs/v2.php/cloud/user?format=json").header("OCS-APIRequest", "true")
                .header("Accept", "application/json");
        Answer a = calls.asParticipant(r, accessToken, what);
        if (a.status() == 401) {
            throw new CloudFault(Reason.NOT_AUTHORISED, 401, what + ": the access token was refused", Messages.of(a));
        }
        Ocs.Reply reply = Ocs.parse(a, what);
        String id = reply.data().path("id").asText("");
        if (!reply.ok() || id.isEmpty()) {
            throw new CloudFault(Reason.BAD_ANSWER, reply.statusCode(), what + ": no user id in the answer ("
                    + reply.message() + ")", reply.message());
        }
        return id;
    }
}
