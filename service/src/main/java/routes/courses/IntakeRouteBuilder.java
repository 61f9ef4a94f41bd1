package routes.courses;

import org.apache.camel.Exchange;
import org.apache.camel.model.dataformat.JsonLibrary;
import org.apache.camel.model.rest.RestBindingMode;
import routes.ApiRouteBuilder;
import routes.HttpFallbacks;
import routes.HttpCalls;

import static routes.Endpoints.*;

/** Intake: restore requests come in through the REST API (admin bearer token) and wait in the queue. */
public class IntakeRouteBuilder extends ApiRouteBuilder {

    @Override
    public void configure() throws Exception {
        restConfiguration().component("platform-http").bindingMode(RestBindingMode.off);
        // What no route takes (unknown path, wrong method, body too large) is answered in JSON too.
        getCamelContext().addStartupListener(new HttpFallbacks());

        rest("/api/v1")
                .post("/restore-requests").to("direct:apiCreate")
                .get("/restore-requests").to("direct:apiList")
                .get("/restore-requests/{id}").to("direct:apiGet")
                .post("/queue/run").to("direct:apiRunNow")
                .get("/sites").to("direct:apiSites");

        jsonOperation("direct:apiCreate", "intake-create", "intakeApi", "create(${body}, 'api')");
        operation("direct:apiList", "intake-list", "intakeApi", "list(${exchangeProperty." + HttpCalls.QUERY + "})");
        operation("direct:apiGet", "intake-get", "intakeApi", "get(${exchangeProperty." + HttpCalls.REQUEST_ID + "})");
        answer(operation("direct:apiRunNow", "intake-run-now")
                .to(CLAIM_AGAIN)
                .setBody(method("intakeApi", "accepted('the queue is being looked at now')")));
        operation("direct:apiSites", "intake-sites", "intakeApi", "sites");

        from(API_AUTHORIZE).routeId("intake-authorize")
                .filter(method("intakeApi", "authorized(${exchangeProperty." + HttpCalls.AUTHORIZATION + "})")
                        .isEqualTo(false))
                    .setBody(method("intakeApi", "unauthorized"))
                    .to(API_ANSWER)
                    .stop();

        from(API_JSON_BODY).routeId("intake-json-body")
                .filter(method("intakeApi", "jsonBody(${exchangeProperty." + HttpCalls.CONTENT_TYPE + "})")
                        .isEqualTo(false))
                    .setBody(method("intakeApi", "unsupportedMediaType(${exchangeProperty." + HttpCalls.CONTENT_TYPE
                            + "})"))
                    .to(API_ANSWER)
                    .stop();

        from(API_ANSWER).routeId("intake-answer")
                .removeHeaders("*")
                .process(e -> HttpCalls.responseHeader(e, "Cache-Control", "no-store")) // before marshal's new message
                .setHeader(Exchange.HTTP_RESPONSE_CODE, simple("${body.status}"))
                .setBody(simple("${body.body}"))
                .marshal().json(JsonLibrary.Jackson)
                .setHeader(Exchange.CONTENT_TYPE, constant("application/json; charset=utf-8"));
    }
}
