package routes;

import org.apache.camel.builder.RouteBuilder;

/** Enrol: the course gets its names back, the requester is enrolled, the request is performed and mailed. */
public class EnrolRouteBuilder extends RouteBuilder {

    @Override
    public void configure() {
        from("direct:enrol").routeId("enrol-requester")
                .routeConfigurationId("request-errors")
                .bean("clientSteps", "finish")
                .setBody(method("outcomes", "performed(${body})"))
                .split(body()).to("seda:mail?waitForTaskToComplete=Never").end()
                .to(ClaimRouteBuilder.CLAIM_AGAIN);
    }
}
