package routes;

import org.apache.camel.builder.RouteBuilder;
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
}
