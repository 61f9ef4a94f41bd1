package routes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jouvence.courses.api.ApiViews;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.Route;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.component.rest.RestEndpoint;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the API port answers when none of its routes takes a request: Vert.x's router finds no route for the path
 * (404) or none for the method (405), or its body handler refuses a body past {@code camel.server.max-body-size}
 * (413). Vert.x would answer an HTML page, or nothing at all; under {@code /api} the answer is the API's JSON error
 * ({@code {"error": …, "status": …}}), elsewhere a short page. A 405 names the allowed methods in {@code Allow},
 * taken from the running platform-http routes' own paths and method restrictions, so it never disagrees with them.
 * Installed as the error handlers of the server's Vert.x router once the HTTP server runs.
 */
public final class HttpFallbacks implements StartupListener {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        MainHttpServer server = context.hasService(MainHttpServer.class);
        if (server == null || server.getRouter() == null) {
            return; // camel.server.enabled=false: no API port
        }
        // The registry's router is the one the routes are mounted on; a path or method none of them takes falls
        // through to the server's root router, whose error handlers answer (as camel-platform-http's own 401).
        if (!(server.getRouter().getServer().getServer().requestHandler() instanceof Router router)) {
            throw new IllegalStateException("the API port's HTTP server has no Vert.x router");
        }
        Long maxBody = server.getMaxBodySize();
        router.errorHandler(404, ctx -> answer(ctx, 404, isApi(ctx)
                ? "unknown path " + path(ctx) + ": the API's calls are under /api/v1 (README, REST API)"
                : "there is no page at " + path(ctx)));
        router.errorHandler(405, ctx -> {
            String allowed = String.join(", ", allowedMethods(context, ctx.request().path()));
            ctx.response().putHeader("Allow", allowed);
            answer(ctx, 405, ctx.request().method().name() + " is not allowed on " + path(ctx) + " (allowed: "
                    + allowed + ")");
        });
        router.errorHandler(413, ctx -> answer(ctx, 413, "the request body is larger than "
                + (maxBody == null ? "the server's limit" : maxBody + " bytes") + " (camel.server.max-body-size)"));
    }

    /**
     * The methods of the running routes (the pages' platform-http ones, the REST DSL's rest ones) whose path, a
     * template such as {@code /api/v1/restore-requests/{id}}, matches {@code path}.
     */
    static Set<String> allowedMethods(CamelContext context, String path) {
        Set<String> verbs = new TreeSet<>();
        for (Route route : context.getRoutes()) {
            String template = null;
            String methods = null;
            if (route.getEndpoint() instanceof PlatformHttpEndpoint http) {
                template = http.getPath();
                methods = http.getHttpMethodRestrict();
            } else if (route.getEndpoint() instanceof RestEndpoint rest) {
                template = rest.getPath() + (rest.getUriTemplate() == null ? "" : rest.getUriTemplate());
                methods = rest.getMethod();
            }
            if (methods != null && matches(template, path)
                    && context.getRouteController().getRouteStatus(route.getRouteId()).isStarted()) {
                Arrays.stream(methods.split(",")).map(v -> v.strip().toUpperCase(Locale.ROOT))
                        .filter(v -> !v.isEmpty()).forEach(verbs::add);
            }
        }
        return verbs;
    }

    /** {@code /api/v1/restore-requests/{id}} matches {@code /api/v1/restore-requests/42}, segment by segment. */
    static boolean matches(String template, String path) {
        String[] expected = template.split("/", -1);
        String[] given = path.split("/", -1);
        if (expected.length != given.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            boolean parameter = expected[i].startsWith("{") && expected[i].endsWith("}") && !given[i].isEmpty();
            if (!parameter && !expected[i].equals(given[i])) {
                return false;
            }
        }
        return true;
    }

    /** The request's path as the answer repeats it: at most 200 characters. */
    private static String path(RoutingContext ctx) {
        String path = ctx.request().path();
        return path.length() > 200 ? path.substring(0, 200) + "…" : path;
    }

    private static boolean isApi(RoutingContext ctx) {
        String path = ctx.request().path();
        return path != null && (path.equals("/api") || path.startsWith("/api/"));
    }

    private static void answer(RoutingContext ctx, int status, String message) {
        HttpServerResponse response = ctx.response().setStatusCode(status).putHeader("Cache-Control", "no-store");
        if (isApi(ctx)) {
            response.putHeader("Content-Type", "application/json; charset=utf-8").end(json(status, message));
        } else {
            response.putHeader("Content-Type", "text/html; charset=utf-8").putHeader("X-Content-Type-Options", "nosniff")
                    .end("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + status + "</title></head>"
                            + "<body><h1>" + status + "</h1><p>" + escape(message) + "</p><p><a href=\"/\">Jouvence</a>"
                            + "</p></body></html>\n");
        }
    }

    private static String json(int status, String message) {
        try {
            return JSON.writeValueAsString(new ApiViews.Error(message, status));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e); // a record of a string and an int always serialises
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
