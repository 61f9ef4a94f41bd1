package routes;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import jouvence.web.WebRequest;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the REST routes and pages read from the HTTP request itself (Vert.x's, behind camel-platform-http-vertx) rather
 * than from Camel headers, where query parameters, form fields and request headers are mixed and override each other.
 */
public final class HttpCalls {

    /** The request's real Authorization header (never a query parameter or form field of that name). */
    public static final String AUTHORIZATION = "jouvenceAuthorization";
    /** The request's real Content-Type header. */
    public static final String CONTENT_TYPE = "jouvenceContentType";
    /** The query string's parameters, name → first value (never a request header or form field). */
    public static final String QUERY = "jouvenceQuery";
    /**
     * The {id} of the paths /api/v1/restore-requests/{id}[/…], read from the path itself (Camel's header "id" would
     * also take a request header or query parameter of that name).
     */
    public static final String REQUEST_ID = "jouvenceRequestId";
    /** Vert.x's response, kept because later steps (marshal) put a new message on the exchange. */
    private static final String RESPONSE = "jouvenceHttpResponse";

    private HttpCalls() {
    }

    /**
     * Puts the real Authorization and Content-Type headers and the query string's parameters on the exchange as
     * properties ({@link #AUTHORIZATION}, {@link #CONTENT_TYPE}, {@link #QUERY}); none when the exchange did not come
     * over HTTP (then the token check fails).
     */
    public static void capture(Exchange exchange) {
        Map<String, String> query = new LinkedHashMap<>();
        if (exchange.getMessage() instanceof HttpMessage http) {
            HttpServerRequest r = http.getRequest();
            exchange.setProperty(RESPONSE, http.getResponse());
            exchange.setProperty(AUTHORIZATION, r.getHeader("Authorization"));
            exchange.setProperty(CONTENT_TYPE, r.getHeader("Content-Type"));
            exchange.setProperty(REQUEST_ID, segmentAfter(r.path(), "restore-requests"));
            WebRequest.decodeQuery(r.query()).forEach((name, values) -> {
                if (!values.isEmpty()) {
                    query.put(name, values.get(0));
                }
            });
        }
        exchange.setProperty(QUERY, query);
    }

    /** The path segment right after the segment {@code parent}, or null. */
    static String segmentAfter(String path, String parent) {
        String[] segments = path == null ? new String[0] : path.split("/");
        for (int i = 0; i + 1 < segments.length; i++) {
            if (segments[i].equals(parent)) {
                return segments[i + 1];
            }
        }
        return null;
    }

    /**
     * Sets a header on the HTTP response itself, for the headers Camel's HTTP header filter would drop from the
     * message (Cache-Control); nothing when the exchange did not come over HTTP.
     */
    public static void responseHeader(Exchange exchange, String name, String value) {
        HttpServerResponse response = exchange.getProperty(RESPONSE, HttpServerResponse.class);
        if (response == null && exchange.getMessage() instanceof HttpMessage http) {
            response = http.getResponse();
        }
        if (response != null) {
            response.headers().set(name, value);
        }
    }
}
