package routes;

import jouvence.IntakeApi.Answer;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestBindingMode;

/** Intake: restore requests come in through the REST API (admin bearer token) and wait in the queue. */
public class IntakeRouteBuilder extends RouteBuilder {

    @Override
    public void configure() {
        restConfiguration().component("platform-http").bindingMode(RestBindingMode.off);

        rest("/api/v1")
                .post("/restore-requests").to("direct:apiCreate")
                .get("/restore-requests").to("direct:apiList")
                .get("/restore-requests/{id}").to("direct:apiGet")
                .post("/queue/run").to("direct:apiRunNow")
                .get("/sites").to("direct:apiSites");

        from("direct:apiCreate").routeId("intake-create")
                .to("direct:apiAuthorize")
                .setBody(method("intakeApi", "create(${body}, 'api')"))
                .to("direct:apiAnswer");

        from("direct:apiList").routeId("intake-list")
                .to("direct:apiAuthorize")
                .setBody(method("intakeApi", "list(${header.status}, ${header.requester}, ${header.server}, "
                        + "${header.from}, ${header.to}, ${header.limit}, ${header.offset})"))
                .to("direct:apiAnswer");

        from("direct:apiGet").routeId("intake-get")
                .to("direct:apiAuthorize")
                .setBody(method("intakeApi", "get(${header.id})"))
                .to("direct:apiAnswer");

        from("direct:apiRunNow").routeId("intake-run-now")
                .to("direct:apiAuthorize")
                .to(ClaimRouteBuilder.CLAIM_AGAIN)
                .setBody(method("intakeApi", "accepted('the queue is being looked at now')"))
                .to("direct:apiAnswer");

        from("direct:apiSites").routeId("intake-sites")
                .to("direct:apiAuthorize")
                .setBody(method("intakeApi", "sites"))
                .to("direct:apiAnswer");

        from("direct:apiAuthorize").routeId("intake-authorize")
                .filter(method("intakeApi", "authorized(${header.Authorization})").isEqualTo(false))
                    .setBody(method("intakeApi", "unauthorized"))
                    .to("direct:apiAnswer")
                    .stop();

        from("direct:apiAnswer").routeId("intake-answer")
                .removeHeaders("*")
                .process(IntakeRouteBuilder::answer);
    }

    private static void answer(Exchange exchange) {
        Answer answer = exchange.getMessage().getBody(Answer.class);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, answer.status());
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json; charset=utf-8");
        exchange.getMessage().setBody(answer.json());
    }
}
