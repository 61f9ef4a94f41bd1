package simulator.cloud;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;

/**
 * One request to the simulated cloud: method, decoded path, parameters (query string, then an urlencoded body, as PHP
 * merges them), the body, the authenticated user once known, and the status answered (for the call log).
 */
final class Req {

    final HttpExchange ex;
    final String method;
    final String path;
    final Map<String, String> params = new LinkedHashMap<>();
    final byte[] body;
    /** The authenticated user id, or null. */
    String user;
    int status;
    /** Called once with the status just before the answer goes out (the call log records it then, not later). */
    java.util.function.IntConsumer onAnswer = s -> { };

    Req(HttpExchange ex) throws IOException {
        this.ex = ex;
        this.method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
        this.path = ex.getRequestURI().getRawPath();
        this.body = ex.getRequestBody().readNBytes(4 * 1024 * 1024);
        parse(ex.getRequestURI().getRawQuery(), params);
        String ct = header("Content-Type");
        if (ct != null && ct.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            parse(new String(body, StandardCharsets.UTF_8), params);
        } else if (ct != null && ct.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            parseMultipart(ct, body, params); // Moodle's OCS client posts multipart/form-data (doc §2.4)
        }
    }

    /** The text fields of a multipart/form-data body (no files are uploaded to these endpoints). */
    private static void parseMultipart(String contentType, byte[] body, Map<String, String> into) {
        int b = contentType.indexOf("boundary=");
        if (b < 0) {
            return;
        }
        String boundary = "--" + contentType.substring(b + 9).replace("\"", "").split(";")[0].trim();
        String text = new String(body, StandardCharsets.ISO_8859_1);
        for (String part : text.split(java.util.regex.Pattern.quote(boundary))) {
            int headersEnd = part.indexOf("\r\n\r\n");
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("name=\"([^\"]*)\"").matcher(part);
            if (headersEnd < 0 || !m.find() || m.start() > headersEnd) {
                continue;
            }
            String value = part.substring(headersEnd + 4);
            if (value.endsWith("\r\n")) {
                value = value.substring(0, value.length() - 2);
            }
            into.put(m.group(1), new String(value.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
        }
    }

    private static void parse(String raw, Map<String, String> into) {
        if (raw == null || raw.isEmpty()) {
            return;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            into.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
    }

    String header(String name) {
        return ex.getRequestHeaders().getFirst(name);
    }

    String param(String name) {
        return params.get(name);
    }

    void setHeader(String name, String value) {
        ex.getResponseHeaders().set(name, value);
    }

    void send(int code, String contentType, String text) throws IOException {
        send(code, contentType, text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8));
    }

    void send(int code, String contentType, byte[] bytes) throws IOException {
        status = code;
        onAnswer.accept(code);
        if (contentType != null) {
            ex.getResponseHeaders().set("Content-Type", contentType);
        }
        ex.sendResponseHeaders(code, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream os = ex.getResponseBody()) {
                os.write(bytes);
            }
        }
    }

    /** A redirect (the servers' RedirectResponse is a 303 See Other). */
    void redirect(String location) throws IOException {
        setHeader("Location", location);
        send(303, "text/html; charset=UTF-8", "");
    }
}
