package routes.folders;

import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.rest.RestBindingMode;
import routes.ApiRouteBuilder;
import routes.HttpCalls;

/**
 * The folder sets' REST API (admin bearer token, JSON as the restore API's): create, list, read one, reconcile now,
 * stop managing. Always served, so that with {@code jouvence.folders.enabled=false} every call is a JSON 404 that
 * says why rather than an unknown path.
 */
public class FolderSetApiRouteBuilder extends ApiRouteBuilder {

    /** The {id} of /api/v1/folder-sets/{id}[/sync], read from the request's path itself (never a header). */
    static final String SET_ID = "jouvenceFolderSetId";

    @Override
    public void configure() {
        restConfiguration().component("platform-http").bindingMode(RestBindingMode.off);

        rest("/api/v1")
                .post("/folder-sets").to("direct:foldersCreate")
                .get("/folder-sets").to("direct:foldersList")
                .get("/folder-sets/{id}").to("direct:foldersGet")
                .post("/folder-sets/{id}/sync").to("direct:foldersSync")
                .delete("/folder-sets/{id}").to("direct:foldersStop");

        answer(enabled(jsonOperation("direct:foldersCreate", "folders-create"))
                .setBody(method("folderSetApi", "create(${body}, 'api')")));
        answer(enabled(operation("direct:foldersList", "folders-list"))
                .setBody(method("folderSetApi", "list(${exchangeProperty." + HttpCalls.QUERY + "})")));
        answer(enabled(operation("direct:foldersGet", "folders-get"))
                .setBody(method("folderSetApi", "get(${exchangeProperty." + SET_ID + "})")));
        answer(enabled(operation("direct:foldersSync", "folders-sync"))
                .setBody(method("folderSetApi", "sync(${exchangeProperty." + SET_ID + "}, 'api')")));
        answer(enabled(operation("direct:foldersStop", "folders-stop"))
                .setBody(method("folderSetApi", "stop(${exchangeProperty." + SET_ID + "}, 'api')")));
    }

    private RouteDefinition enabled(RouteDefinition route) {
        return whenEnabled(route, "folderSetApi", "folder-sets", SET_ID);
    }
}
