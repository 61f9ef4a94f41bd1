package routes.privatefiles;

import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.rest.RestBindingMode;
import routes.ApiRouteBuilder;
import routes.HttpCalls;

/**
 * The private files' admin API (bearer token): the requests and one request with its trail and files. There is no
 * call that makes a request: only the person, logged in on /private-files, asks for their own files; a POST is
 * answered 405 saying so, whatever its body names. With the capability off every call is a JSON 404 saying so.
 */
public class PrivateFilesApiRouteBuilder extends ApiRouteBuilder {

    static final String REQUEST_ID = "jouvencePrivateFilesId";

    @Override
    public void configure() {
        restConfiguration().component("platform-http").bindingMode(RestBindingMode.off);

        rest("/api/v1")
                .get("/private-files").to("direct:privateFilesList")
                .get("/private-files/{id}").to("direct:privateFilesGet")
                .post("/private-files").to("direct:privateFilesCreate");

        answer(enabled(operation("direct:privateFilesList", "privatefiles-list"))
                .setBody(method("privateFilesApi", "list(${exchangeProperty." + HttpCalls.QUERY + "})")));
        answer(enabled(operation("direct:privateFilesGet", "privatefiles-get"))
                .setBody(method("privateFilesApi", "get(${exchangeProperty." + REQUEST_ID + "})")));
        answer(enabled(operation("direct:privateFilesCreate", "privatefiles-create"))
                .setBody(method("privateFilesApi", "create")));
    }

    private RouteDefinition enabled(RouteDefinition route) {
        return whenEnabled(route, "privateFilesApi", "private-files", REQUEST_ID);
    }
}
