package jouvence.web;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;

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

    /** Vert.x's own limit on the parameters of a query string. */
    public static final int MAX_PARAMETERS = 1024;

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

    /**
     * Decodes a raw query string as Vert.x does (Netty's {@link QueryStringDecoder}: '+' and %XX in UTF-8, repeated
     * names kept in order, a name without '=' has the empty value, at most {@value #MAX_PARAMETERS} parameters).
     * A parameter with a malformed escape is dropped; the others still count.
     */
    public static Map<String, List<String>> decodeQuery(String raw) {
        if (raw == null || raw.isEmpty()) {
            return new LinkedHashMap<>();
        }
        try {
            return decoded(raw);
        } catch (IllegalArgumentException malformed) {
            Map<String, List<String>> out = new LinkedHashMap<>();
            for (String pair : raw.split("&")) {
                try {
                    decoded(pair).forEach((k, v) -> out.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
                } catch (IllegalArgumentException e) {
                    // this parameter is ignored
                }
            }
            return out;
        }
    }

    private static Map<String, List<String>> decoded(String raw) {
        return new QueryStringDecoder(raw, StandardCharsets.UTF_8, false, MAX_PARAMETERS, true).parameters();
    }

    /**
     * Decodes Cookie headers as Vert.x does (Netty's strict {@link ServerCookieDecoder}: quoted values unwrapped,
     * RFC 2965 attributes such as $Version and $Path skipped, invalid cookies dropped); the first value of a name wins.
     */
    public static Map<String, String> decodeCookies(List<String> headers) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String h : headers) {
            for (Cookie c : ServerCookieDecoder.STRICT.decodeAll(h)) {
                out.putIfAbsent(c.name(), c.value());
            }
        }
        return out;
    }
}
