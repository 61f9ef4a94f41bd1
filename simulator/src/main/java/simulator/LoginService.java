package simulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;

import simulator.MoodleSimulator.Login;

/**
 * Moodle 4.4's login/token.php (an AJAX_SCRIPT): required params username, password, service (POST or GET);
 * errors are {error, errorcode, stacktrace, debuginfo, reproductionlink} with HTTP 200. The credentials are
 * checked before the service, so a wrong password on an unknown service is still invalidlogin. The same user
 * gets the same token again while it is valid (external_generate_token_for_current_user).
 * Guarded by the {@link SiteState} monitor.
 */
final class LoginService implements Endpoint {

    private static final SecureRandom TOKEN_RANDOM = new SecureRandom();

    private final SiteState site;
    private final Map<String, String> passwords = new HashMap<>();
    private final Set<String> siteAdmins = new HashSet<>();
    private final Map<String, String> userTokens = new LinkedHashMap<>(); // token -> username
    private final List<Login> logins = new ArrayList<>();
    private boolean mobileServiceEnabled;
    private volatile Duration latency = Duration.ZERO;

    LoginService(SiteState site) {
        this.site = site;
        synchronized (site) {
            reset();
        }
    }

    /** The default accounts back, no token, no login recorded (caller holds the site's monitor). */
    void reset() {
        passwords.clear();
        siteAdmins.clear();
        userTokens.clear();
        logins.clear();
        mobileServiceEnabled = true;
        latency = Duration.ZERO;
        passwords.put("admin", "Admin1!");
        passwords.put("teacher1", "Teacher1!");
        passwords.put("teacher2", "Teacher2!");
        passwords.put("student1", "Student1!");
        siteAdmins.add("admin");
    }

    void password(String username, String password) {
        synchronized (site) {
            requireUser(username);
            if (password == null) {
                passwords.remove(username);
            } else {
                passwords.put(username, password);
            }
        }
    }

    void siteAdmin(String username, boolean admin) {
        synchronized (site) {
            requireUser(username);
            if (admin) {
                siteAdmins.add(username);
            } else {
                siteAdmins.remove(username);
            }
        }
    }

    private void requireUser(String username) {
        if (site.findUser(username) == null) {
            throw new IllegalArgumentException("no such user: " + username);
        }
    }

    void mobileService(boolean enabled) {
        synchronized (site) {
            mobileServiceEnabled = enabled;
        }
    }

    void revokeUserTokens() {
        synchronized (site) {
            userTokens.clear();
        }
    }

    List<MoodleSimulator.Account> accounts() {
        synchronized (site) {
            return passwords.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .map(e -> new MoodleSimulator.Account(e.getKey(), e.getValue(), siteAdmins.contains(e.getKey())))
                    .toList();
        }
    }

    List<Login> logins() {
        synchronized (site) {
            return List.copyOf(logins);
        }
    }

    /** The token token.php issued to this user, or null (a test looks for it where it must not be). */
    String issuedTo(String username) {
        synchronized (site) {
            String issued = null;
            for (Map.Entry<String, String> e : userTokens.entrySet()) {
                if (e.getValue().equals(username)) {
                    issued = e.getKey();
                }
            }
            return issued;
        }
    }

    /** The user a token from token.php belongs to, or null (caller holds the site's monitor). */
    User tokenUser(String token) {
        String username = token == null ? null : userTokens.get(token);
        return username == null ? null : site.findUser(username);
    }

    void latency(Duration d) {
        latency = d == null ? Duration.ZERO : d;
    }

    boolean isSiteAdmin(User u) {
        synchronized (site) {
            return siteAdmins.contains(u.username);
        }
    }

    @Override
    public void handle(HttpExchange ex, Map<String, String> flat) throws IOException {
        Map<String, Object> answer;
        try {
            Thread.sleep(latency.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        synchronized (site) {
            String rawUser = flat.get("username");
            String username = rawUser == null ? null : rawUser.trim().toLowerCase(Locale.ROOT);
            String serviceName = flat.get("service");
            answer = answer(flat, rawUser, username, serviceName);
            String outcome = answer.containsKey("token") ? "token" : (String) answer.get("errorcode");
            logins.add(new Login(username, serviceName, outcome));
        }
        Headers h = ex.getResponseHeaders();
        h.set("Cache-Control", "no-store, no-cache, must-revalidate");
        h.set("Expires", "Mon, 20 Aug 1969 09:23:00 GMT");
        h.set("Pragma", "no-cache");
        h.set("Accept-Ranges", "none");
        Responses.sendBytes(ex, 200, "application/json; charset=utf-8",
                PhpJson.json(answer).getBytes(StandardCharsets.UTF_8));
    }

    private Map<String, Object> answer(Map<String, String> flat, String rawUser, String username, String serviceName) {
        String missing = rawUser == null ? "username" : !flat.containsKey("password") ? "password"
                : serviceName == null ? "service" : null;
        if (missing != null) {
            return Responses.ajaxError("A required parameter (" + missing + ") was missing", "missingparam");
        }
        String expected = passwords.get(username);
        User u = site.findUser(username);
        if (u == null || expected == null || !expected.equals(flat.get("password"))) {
            return Responses.ajaxError("Invalid login, please try again", "invalidlogin");
        }
        if (!MoodleSimulator.MOBILE_SERVICE.equals(serviceName) || !mobileServiceEnabled) {
            return Responses.ajaxError("Web service is not available (it doesn't exist or might be disabled)",
                    "servicenotavailable");
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("token", tokenOf(username));
        answer.put("privatetoken", null); // only sent over HTTPS to non-admins
        return answer;
    }

    /** The user's valid token, or a new one. */
    private String tokenOf(String username) {
        String issued = null;
        for (Map.Entry<String, String> e : userTokens.entrySet()) {
            if (e.getValue().equals(username)) {
                issued = e.getKey();
            }
        }
        if (issued == null) {
            byte[] b = new byte[16];
            TOKEN_RANDOM.nextBytes(b);
            StringBuilder hex = new StringBuilder();
            for (byte x : b) {
                hex.append(String.format("%02x", x));
            }
            issued = hex.toString();
            userTokens.put(issued, username);
        }
        return issued;
    }
}
