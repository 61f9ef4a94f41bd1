package jouvence.web;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One HTTP request to a page, as plain values (the route turns Vert.x's request into this): query and form
 * parameters kept apart, cookies, the browser's language, whether it came over HTTPS, and the client's address.
 */
public record WebRequest(String method, String path, Map<String, List<String>> query, Map<String, List<String>> form,
                         Map<String, String> cookies, String acceptLanguage, boolean https, String clientIp) {

    public boolean post() {
        return "POST".equalsIgnoreCase(method);
    }

    public String q(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    public String f(String name) {
        List<String> v = form.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    public List<String> fAll(String name) {
        return form.getOrDefault(name, List.of());
    }

    public String cookie(String name) {
        return cookies.get(name);
    }

    /** Parses "a=1&b=2&a=3" (application/x-www-form-urlencoded). */
    public static Map<String, List<String>> parseQuery(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
            } catch (IllegalArgumentException e) {
                // a malformed escape: the parameter is ignored
            }
        }
        return out;
    }

    /** Parses Cookie headers ("a=1; b=2", also the RFC 2965 form with quotes); the first value of a name wins. */
    public static Map<String, String> parseCookies(List<String> headers) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String h : headers) {
            for (String part : h.split(";")) {
                int eq = part.indexOf('=');
                if (eq > 0) {
                    String name = part.substring(0, eq).strip();
                    String value = part.substring(eq + 1).strip();
                    if (name.startsWith("$")) {
                        continue; // RFC 2965 attributes ($Version, $Path) some clients still send
                    }
                    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                        value = value.substring(1, value.length() - 1);
                    }
                    out.putIfAbsent(name, value);
                }
            }
        }
        return out;
    }
}
