package routes.courses;

import routes.ApiRouteBuilder;

import static routes.Endpoints.CLAIM_AGAIN;

/** Admin operations on existing requests (admin bearer token): retry, cancel, change category, enrol a colleague. */
public class AdminRouteBuilder extends ApiRouteBuilder {

    @Override
    public void configure() {
        rest("/api/v1/restore-requests/{id}")
                .post("/retry").to("direct:adminRetry")
                .post("/cancel").to("direct:adminCancel")
                .post("/category").to("direct:adminCategory")
                .post("/enrol").to("direct:adminEnrolColleague");

        answer(operation("direct:adminRetry", "admin-retry")
                .setBody(method("adminApi", "retry(${header.id}, 'api')"))
                .to(CLAIM_AGAIN));
        operation("direct:adminCancel", "admin-cancel", "adminApi", "cancel(${header.id}, 'api')");
        jsonOperation("direct:adminCategory", "admin-category", "adminApi",
                "changeCategory(${header.id}, ${body}, 'api')");
        jsonOperation("direct:adminEnrolColleague", "admin-enrol-colleague", "adminApi",
                "enrolColleague(${header.id}, ${body}, 'api')");
    }
}
