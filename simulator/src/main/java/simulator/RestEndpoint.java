package simulator;

import static simulator.MoodleSimulator.FN_SITE_INFO;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;

/**
 * webservice/rest/server.php: checks the token and that the function is in the site's service, calls it with its
 * nested parameters and answers JSON or XML, HTTP 200 even on errors, as Moodle does.
 */
final class RestEndpoint implements Endpoint {

    private final SiteState site;
    private final CallGate gate;
    private final LoginService logins;
    private final SiteInfo siteInfo;
    private final Map<String, Function<Map<String, Object>, Object>> functions;
    /** What a user's own token (login/token.php, the mobile app's service) may call beside site info, as that user. */
    private final Map<String, BiFunction<User, Map<String, Object>, Object>> userFunctions;

    RestEndpoint(SiteState site, CallGate gate, LoginService logins, SiteInfo siteInfo,
                 Map<String, Function<Map<String, Object>, Object>> functions,
                 Map<String, BiFunction<User, Map<String, Object>, Object>> userFunctions) {
        this.site = site;
        this.gate = gate;
        this.logins = logins;
        this.siteInfo = siteInfo;
        this.functions = Map.copyOf(functions);
        this.userFunctions = Map.copyOf(userFunctions);
    }

    @Override
    public void handle(HttpExchange ex, Map<String, String> flat) throws IOException {
        String fn = flat.get("wsfunction");
        if (gate.failed(ex, fn == null ? "" : fn, flat)) {
            return;
        }
        boolean json = "json".equals(flat.get("moodlewsrestformat"));
        String body;
        try {
            Object result = invoke(fn, flat);
            body = json ? PhpJson.json(result) : MoodleXml.xml(result);
        } catch (WsError e) {
            body = json ? PhpJson.json(e.toMap()) : MoodleXml.xmlError(e.exception, e.errorcode, e.getMessage());
        }
        Headers h = ex.getResponseHeaders();
        if (json) {
            h.set("Content-Type", "application/json");
        } else {
            h.set("Content-Type", "application/xml; charset=utf-8");
            h.set("Content-Disposition", "inline; filename=\"response.xml\"");
        }
        h.set("Cache-Control", "private, must-revalidate, pre-check=0, post-check=0, max-age=0");
        h.set("Expires", "Thu, 01 Jan 1970 00:00:00 GMT");
        h.set("Pragma", "no-cache");
        h.set("Accept-Ranges", "none");
        h.set("Access-Control-Allow-Origin", "*");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(200, bytes.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(bytes);
        }
    }

    private Object invoke(String fn, Map<String, String> flat) {
        User caller; // null: the integration (web-service) user of the configured token
        boolean userData;
        PrivateFileStore.ExtraService extra;
        synchronized (site) {
            String given = flat.get("wstoken");
            caller = logins.tokenUser(given);
            // issue 14: the old platform's user-data token, of its own service (the lab's jouvence_userdata)
            userData = caller == null && given != null && given.equals(site.profiles.userDataToken);
            // issue 14: another service's token (the private-files block's)
            extra = caller == null && !userData && given != null ? site.privateFiles.extraServices.get(given) : null;
            if (caller == null && !userData && extra == null
                    && (given == null || site.tokenRevoked || !given.equals(site.token))) {
                throw new WsError("moodle_exception", "invalidtoken", "Invalid token - token not found");
            }
            if (fn == null || !WsFunctions.KNOWN_FUNCTIONS.contains(fn)
                    && !(site.profiles.toolInstalled && UserDataFunctions.FN_TOOL_GET.equals(fn))) {
                throw new WsError("dml_missing_record_exception", "invalidrecord",
                        "Can't find data record in database table external_functions.");
            }
            // A user's mobile-app token is not the integration token: only site_info is served with it here.
            if (caller != null ? !FN_SITE_INFO.equals(fn) && !userFunctions.containsKey(fn)
                    : extra != null ? !extra.functions().contains(fn)
                    : !(userData ? site.profiles.userDataService : site.service).contains(fn)) {
                throw accessException();
            }
        }
        Map<String, String> fnParams = new LinkedHashMap<>(flat);
        fnParams.remove("wstoken");
        fnParams.remove("wsfunction");
        fnParams.remove("moodlewsrestformat");
        fnParams.keySet().removeIf(k -> k.startsWith("moodlewssetting"));
        Map<String, Object> p = PhpRequest.nest(fnParams);
        if (caller != null) {
            return FN_SITE_INFO.equals(fn) ? siteInfo.userSiteInfo(p, caller) : userFunctions.get(fn).apply(caller, p);
        }
        if (extra != null && FN_SITE_INFO.equals(fn)) {
            return siteInfo.serviceSiteInfo(p, extra);
        }
        if (userData && FN_SITE_INFO.equals(fn)) {
            return UserDataFunctions.siteInfo(site, siteInfo.siteInfo(p));
        }
        Function<Map<String, Object>, Object> function = functions.get(fn);
        if (function == null) {
            throw accessException();
        }
        return function.apply(p);
    }

    private static WsError accessException() {
        return new WsError("webservice_access_exception", "accessexception", "Access control exception");
    }
}
