package simulator.cloud;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The OAuth 2 server of ownCloud's {@code oauth2} app / Nextcloud's built-in one, doc §4.3. Authorize
 * ({@code /index.php/apps/oauth2/authorize}) approves at once for the user a test made "logged in"
 * ({@link CloudSimulator#authorizeAs}) and redirects (303) to the client's redirect URI with {@code state} and
 * {@code code}; without a logged-in user it redirects to the login page. The token endpoint
 * ({@code /index.php/apps/oauth2/api/v1/token}) takes the client by HTTP Basic (or {@code client_id} and
 * {@code client_secret} in the form) and the grants {@code authorization_code} and {@code refresh_token}; it answers
 * {@code access_token}, {@code token_type}, {@code expires_in}, {@code refresh_token}, {@code user_id}, or 400 with
 * {@code invalid_request}, {@code invalid_client} or {@code invalid_grant}.
 */
final class OAuthEndpoint implements CloudHttp.Endpoint {

    static final String AUTHORIZE = "/index.php/apps/oauth2/authorize";
    static final String TOKEN = "/index.php/apps/oauth2/api/v1/token";

    private final CloudState state;
    private final OAuthTokens tokens;
    private final CloudFaults faults;

    OAuthEndpoint(CloudState state, OAuthTokens tokens, CloudFaults faults) {
        this.state = state;
        this.tokens = tokens;
        this.faults = faults;
    }

    @Override
    public void handle(Req r) throws IOException {
        if (r.path.equals(AUTHORIZE) && r.method.equals("GET")) {
            authorize(r);
        } else if (r.path.equals(TOKEN) && r.method.equals("POST")) {
            token(r);
        } else {
            r.send(404, "text/html; charset=UTF-8", "<!DOCTYPE html><html><body><h2>Page not found</h2></body></html>");
        }
    }

    private void authorize(Req r) throws IOException {
        OAuthTokens.Client client = tokens.client(r.param("client_id"));
        String redirect = r.param("redirect_uri");
        // ownCloud checks the redirect URI against the client's; Nextcloud always uses the registered one
        boolean redirectOk = state.flavour.nextcloud() || redirect == null || client == null
                || client.redirectUri().equals(redirect);
        if (client == null || !"code".equals(r.param("response_type")) || !redirectOk) {
            r.send(400, "text/html; charset=UTF-8", "<!DOCTYPE html><html><body><h2>"
                    + (client == null ? "Your client is not authorized to connect. Please inform the administrator"
                            + " of your client." : "Request not valid") + "</h2></body></html>");
            return;
        }
        String user = tokens.loggedIn();
        if (user == null || faults.credentialsRefused(user)) {
            String self = AUTHORIZE + "?" + r.ex.getRequestURI().getRawQuery();
            r.redirect("/index.php/login?redirect_url=" + URLEncoder.encode(self, StandardCharsets.UTF_8));
            return;
        }
        String code = tokens.newCode(client.id(), user);
        String uri = client.redirectUri();
        String state = r.param("state");
        r.redirect(uri + (uri.contains("?") ? "&" : "?")
                + (state == null ? "" : "state=" + URLEncoder.encode(state, StandardCharsets.UTF_8) + "&")
                + "code=" + code);
    }

    private void token(Req r) throws IOException {
        String[] creds = clientCredentials(r);
        OAuthTokens.Client client = creds == null ? null : tokens.client(creds[0]);
        String grant = r.param("grant_type");
        if (!"authorization_code".equals(grant) && !"refresh_token".equals(grant)) {
            error(r, "invalid_grant");
            return;
        }
        if (client == null || !client.secret().equals(creds[1])) {
            error(r, "invalid_client");
            return;
        }
        String user = grant.equals("authorization_code") ? tokens.redeemCode(r.param("code"), client.id())
                : tokens.redeemRefresh(r.param("refresh_token"), client.id());
        if (user == null || faults.credentialsRefused(user)) {
            error(r, "invalid_request");
            return;
        }
        String[] pair = tokens.issue(client.id(), user);
        r.send(200, "application/json; charset=utf-8", "{\"access_token\":\"" + pair[0]
                + "\",\"token_type\":\"Bearer\",\"expires_in\":" + tokens.lifetimeSeconds()
                + ",\"refresh_token\":\"" + pair[1] + "\",\"user_id\":\"" + json(user) + "\"}");
    }

    /** {client id, secret} from HTTP Basic (both url-encoded, doc §4.3) or from the form; null when absent. */
    private static String[] clientCredentials(Req r) {
        String h = r.header("Authorization");
        if (h != null && h.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String d = new String(Base64.getDecoder().decode(h.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = d.indexOf(':');
                if (colon > 0) {
                    return new String[] {DavTarget.decode(d.substring(0, colon).replace("+", " ")),
                            DavTarget.decode(d.substring(colon + 1).replace("+", " "))};
                }
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        String id = r.param("client_id");
        return id == null ? null : new String[] {id, r.param("client_secret")};
    }

    private static void error(Req r, String code) throws IOException {
        r.send(400, "application/json; charset=utf-8", "{\"error\":\"" + code + "\"}");
    }

    private static String json(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
