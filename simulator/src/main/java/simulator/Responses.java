package simulator;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;

/** Answers shared by the endpoints: raw bytes, Moodle's AJAX-script JSON errors, Apache's HTML error pages. */
final class Responses {

    private Responses() {
    }

    static void sendBytes(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream os = ex.getResponseBody()) {
                os.write(body);
            }
        }
    }

    /** {error, errorcode, stacktrace, debuginfo, reproductionlink}: the error of Moodle's AJAX scripts. */
    static Map<String, Object> ajaxError(String error, String errorcode) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", error);
        m.put("errorcode", errorcode);
        m.put("stacktrace", null);
        m.put("debuginfo", null);
        m.put("reproductionlink", null);
        return m;
    }

    /** D1/D5: HTTP 200, Content-Length 0, application/json; charset=utf-8, no body. */
    static void sendEmpty(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(200, -1);
    }

    /** D3/D6/D7-like JSON error of the download endpoint. */
    static void sendDownloadError(HttpExchange ex, int status, String error, String errorcode) throws IOException {
        Headers h = ex.getResponseHeaders();
        h.add("Cache-Control", "no-store, no-cache, must-revalidate");
        h.add("Cache-Control", "post-check=0, pre-check=0");
        h.set("Pragma", "no-cache");
        h.set("Expires", "Mon, 20 Aug 1969 09:23:00 GMT");
        h.set("Last-Modified", Times.httpDate(Times.nowSeconds()));
        h.set("Accept-Ranges", "none");
        if (status == 404) {
            h.set("Access-Control-Allow-Origin", "*");
        }
        sendBytes(ex, status, "application/json; charset=utf-8",
                PhpJson.json(ajaxError(error, errorcode)).getBytes(StandardCharsets.UTF_8));
    }

    /** The error page Apache in front of Moodle gives (failure injection, unknown paths). */
    static void sendHtmlError(HttpExchange ex, int status, int port) throws IOException {
        String reason = switch (status) {
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 408 -> "Request Timeout";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Error";
        };
        String text = switch (status) {
            case 404 -> "<p>The requested URL was not found on this server.</p>\n";
            case 500 -> "<p>The server encountered an internal error or\nmisconfiguration and was unable to complete\n"
                    + "your request.</p>\n<p>Please contact the server administrator at \n webmaster@localhost to "
                    + "inform them of the time this error occurred,\n and the actions you performed just before "
                    + "this error.</p>\n<p>More information about this error may be available\nin the server error "
                    + "log.</p>\n";
            case 502 -> "<p>The proxy server received an invalid\nresponse from an upstream server.<br />\n</p>\n";
            case 503 -> "<p>The server is temporarily unable to service your\nrequest due to maintenance downtime "
                    + "or capacity\nproblems. Please try again later.</p>\n";
            case 504 -> "<p>The gateway did not receive a timely response\nfrom the upstream server or "
                    + "application.</p>\n";
            default -> "<p>" + reason + "</p>\n";
        };
        String html = "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n<title>" + status + " "
                + reason + "</title>\n</head><body>\n<h1>" + reason + "</h1>\n" + text
                + "<hr>\n<address>Apache/2.4.62 (Debian) Server at 127.0.0.1 Port " + port + "</address>\n"
                + "</body></html>\n";
        sendBytes(ex, status, "text/html; charset=iso-8859-1", html.getBytes(StandardCharsets.ISO_8859_1));
    }
}
