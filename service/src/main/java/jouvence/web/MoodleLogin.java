package jouvence.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jouvence.JouvenceConfig;
import jouvence.JouvenceConfig.MoodleSite;
import jouvence.moodle.MoodleClient;
import jouvence.moodle.MoodleTransport;
import jouvence.moodle.MoodleException;
import jouvence.moodle.MoodleSites;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Checks a username and password with the new platform's Moodle: {@code /login/token.php} gives the user's own
 * web-service token, then {@code core_webservice_get_site_info} with that token gives the real username and
 * {@code userissiteadmin}. The password is sent once, in a POST body, and kept nowhere; neither it nor the token
 * appears in a message or a log line.
 */
public class MoodleLogin {

    public static final String TOKEN_PATH = "/login/token.php";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The outcome of a login. */
    public sealed interface Outcome {
    }

    /** Moodle accepted the credentials. {@link #toString} hides the token. */
    public record Ok(String username, String token, boolean siteAdmin) implements Outcome {
        @Override
        public String toString() {
            return "Ok[" + username + (siteAdmin ? ", site admin" : "") + "]";
        }
    }

    /** Wrong username or password (Moodle's invalidlogin). */
    public record Refused() implements Outcome {
    }

    /** Moodle could not be asked, or refused for another reason (service disabled, user suspended...). */
    public record Unavailable(String problem) implements Outcome {
    }

    private final JouvenceConfig config;
    private final String service;
    private final MoodleTransport transport;

    /** @param transport how forms reach the new platform (camel-http, like every other call to a Moodle) */
    public MoodleLogin(JouvenceConfig config, String service, MoodleTransport transport) {
        this.config = config;
        this.service = service;
        this.transport = transport;
    }

    public Outcome login(String username, String password) {
        MoodleSite site = config.client();
        String form = "username=" + enc(username) + "&password=" + enc(password) + "&service=" + enc(service);
        JsonNode reply;
        try {
            MoodleTransport.Answer response = transport.post(site, TOKEN_PATH, form, config.callTimeout());
            if (response.redirect()) {
                return new Unavailable(response.redirectHint(site, "login/token.php"));
            }
            if (response.status() != 200) {
                return new Unavailable("login/token.php answered HTTP " + response.status());
            }
            reply = JSON.readTree(response.body());
        } catch (IOException e) {
            return new Unavailable("cannot reach the new platform for login/token.php (" + e.getClass().getSimpleName()
                    + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Unavailable("interrupted");
        }
        if (reply == null || !reply.isObject()) {
            return new Unavailable("login/token.php did not answer JSON");
        }
        String token = reply.path("token").asText("");
        if (token.isEmpty()) {
            String code = reply.path("errorcode").asText("");
            if (code.equals("invalidlogin")) {
                return new Refused();
            }
            return new Unavailable("login/token.php refused: " + (code.isEmpty() ? "no token" : code)
                    + (code.equals("servicenotavailable") ? " (is the web service '" + service
                    + "' enabled on the new platform? jouvence.web.login-service)" : ""));
        }
        try {
            MoodleClient asUser = new MoodleClient(new MoodleSite(JouvenceConfig.CLIENT_ID, site.url(), token, 1,
                    site.tlsVerify()), transport, config.callTimeout());
            JsonNode info = asUser.call(MoodleSites.SITE_INFO, Map.of());
            String realName = info.path("username").asText("");
            if (realName.isEmpty()) {
                return new Unavailable("core_webservice_get_site_info gave no username");
            }
            return new Ok(realName, token, info.path("userissiteadmin").asBoolean(false));
        } catch (MoodleException e) {
            return new Unavailable(e.getMessage());
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }
}
