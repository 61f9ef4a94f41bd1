package routes;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.platform.http.vertx.HttpMessage;
import org.apache.camel.model.RouteDefinition;

import static routes.Endpoints.API_ANSWER;
import static routes.Endpoints.API_AUTHORIZE;
import static routes.Endpoints.API_JSON_BODY;

/**
 * The shape of every REST operation: what it may read of the HTTP request captured (the real Authorization header,
 * the query string; see {@link HttpCalls}), the bearer token checked first, the answer (status and JSON) written last.
 */
public abstract class ApiRouteBuilder extends RouteBuilder {

    /** The operation's route, after the token check: add its steps, then {@link #answer}. */
    protected RouteDefinition operation(String endpoint, String routeId) {
        return from(endpoint).routeId(routeId).process(HttpCalls::capture).to(API_AUTHORIZE);
    }

    /** An operation that reads a JSON body: after the token check, any other Content-Type is a 415. */
    protected RouteDefinition jsonOperation(String endpoint, String routeId) {
        return operation(endpoint, routeId).to(API_JSON_BODY);
    }

    /** An operation that only calls {@code bean}'s {@code call} (a bean-method expression) and answers its result. */
    protected void operation(String endpoint, String routeId, String bean, String call) {
        answer(operation(endpoint, routeId).setBody(method(bean, call)));
    }

    /** The same, for an operation that reads a JSON body. */
    protected void jsonOperation(String endpoint, String routeId, String bean, String call) {
        answer(jsonOperation(endpoint, routeId).setBody(method(bean, call)));
    }

    protected static void answer(RouteDefinition route) {
        route.to(API_ANSWER);
    }

    /**
     * After the token check, for a capability that may be off: the id that follows {@code collection} in the
     * request's own path (never a header) is kept as the exchange property {@code idProperty}, and while the
     * capability is off ({@code bean}'s {@code enabled()} false) the answer is its {@code notEnabled()}: a JSON 404
     * that says why, rather than an unknown path.
     */
    protected RouteDefinition whenEnabled(RouteDefinition route, String bean, String collection, String idProperty) {
        route.process(exchange -> captureId(exchange, collection, idProperty))
                .filter(method(bean, "enabled").isEqualTo(false))
                    .setBody(method(bean, "notEnabled"))
                    .to(API_ANSWER)
                    .stop()
                .end();
        return route;
    }

    /** Keeps the path segment after {@code collection} ({@code /api/v1/<collection>/<id>…}) as {@code property}. */
    public static void captureId(Exchange exchange, String collection, String property) {
        String path = exchange.getMessage() instanceof HttpMessage http ? http.getRequest().path()
                : exchange.getMessage().getHeader(Exchange.HTTP_PATH, String.class);
        String[] segments = path == null ? new String[0] : path.split("/");
        for (int i = 0; i + 1 < segments.length; i++) {
            if (segments[i].equals(collection)) {
                exchange.setProperty(property, segments[i + 1]);
                return;
            }
        }
    }
}
