package routes.courses;

import org.apache.camel.builder.RouteBuilder;

import static routes.Endpoints.*;

/** Enrol: the course gets its names back, the requester is enrolled, the request is performed and mailed. */
public class EnrolRouteBuilder extends RouteBuilder {

    @Override
    public void configure() {
        from(ENROL).routeId("enrol-requester")
                .routeConfigurationId("request-errors")
                .bean("clientSteps", "finish")
                .setBody(method("outcomes", "performed(${body})"))
                .split(body()).to(MAIL).end()
                .to(CLAIM_AGAIN);
    }
}
