package routes;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.RouteDefinition;

import static routes.Endpoints.API_ANSWER;
import static routes.Endpoints.API_AUTHORIZE;

/** The shape of every REST operation: the bearer token checked first, the answer (status and JSON) written last. */
public abstract class ApiRouteBuilder extends RouteBuilder {

    /** The operation's route, after the token check: add its steps, then {@link #answer}. */
    protected RouteDefinition operation(String endpoint, String routeId) {
        return from(endpoint).routeId(routeId).to(API_AUTHORIZE);
    }

    /** An operation that only calls {@code bean}'s {@code call} (a bean-method expression) and answers its result. */
    protected void operation(String endpoint, String routeId, String bean, String call) {
        answer(operation(endpoint, routeId).setBody(method(bean, call)));
    }

    protected static void answer(RouteDefinition route) {
        route.to(API_ANSWER);
    }
}
