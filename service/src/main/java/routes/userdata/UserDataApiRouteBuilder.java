package routes.userdata;

import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.rest.RestBindingMode;
import routes.ApiRouteBuilder;
import routes.HttpCalls;

/**
 * The user-data imports' REST API (admin bearer token): ask for an import, list, read one with its trail. Always
 * served, so that with {@code jouvence.user-data.enabled=false} every call is a JSON 404 that says so.
 */
public class UserDataApiRouteBuilder extends ApiRouteBuilder {

    static final String IMPORT_ID = "jouvenceUserDataImportId";

    @Override
    public void configure() {
        restConfiguration().component("platform-http").bindingMode(RestBindingMode.off);

        rest("/api/v1")
                .post("/user-data-imports").to("direct:userDataCreate")
                .get("/user-data-imports").to("direct:userDataList")
                .get("/user-data-imports/{id}").to("direct:userDataGet");

        answer(enabled(jsonOperation("direct:userDataCreate", "user-data-create"))
                .setBody(method("userDataApi", "create(${body})")));
        answer(enabled(operation("direct:userDataList", "user-data-list"))
                .setBody(method("userDataApi", "list(${exchangeProperty." + HttpCalls.QUERY + "})")));
        answer(enabled(operation("direct:userDataGet", "user-data-get"))
                .setBody(method("userDataApi", "get(${exchangeProperty." + IMPORT_ID + "})")));
    }

    private RouteDefinition enabled(RouteDefinition route) {
        return whenEnabled(route, "userDataApi", "user-data-imports", IMPORT_ID);
    }
}
