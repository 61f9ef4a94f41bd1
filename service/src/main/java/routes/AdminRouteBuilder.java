package routes;

import org.apache.camel.builder.RouteBuilder;

/** Admin operations on existing requests (admin bearer token): retry, cancel, change category, enrol a colleague. */
public class AdminRouteBuilder extends RouteBuilder {

    @Override
    public void configure() {
        rest("/api/v1/restore-requests/{id}")
                .post("/retry").to("direct:adminRetry")
                .post("/cancel").to("direct:adminCancel")
                .post("/category").to("direct:adminCategory")
                .post("/enrol").to("direct:adminEnrolColleague");

        from("direct:adminRetry").routeId("admin-retry")
                .to("direct:apiAuthorize")
                .setBody(method("adminApi", "retry(${header.id}, 'api')"))
                .to(ClaimRouteBuilder.CLAIM_AGAIN)
                .to("direct:apiAnswer");

        from("direct:adminCancel").routeId("admin-cancel")
                .to("direct:apiAuthorize")
                .setBody(method("adminApi", "cancel(${header.id}, 'api')"))
                .to("direct:apiAnswer");

        from("direct:adminCategory").routeId("admin-category")
                .to("direct:apiAuthorize")
                .setBody(method("adminApi", "changeCategory(${header.id}, ${body}, 'api')"))
                .to("direct:apiAnswer");

        from("direct:adminEnrolColleague").routeId("admin-enrol-colleague")
                .to("direct:apiAuthorize")
                .setBody(method("adminApi", "enrolColleague(${header.id}, ${body}, 'api')"))
                .to("direct:apiAnswer");
    }
}
