package routes.courses;

import routes.ApiRouteBuilder;
import routes.HttpCalls;

import static routes.Endpoints.CLAIM_AGAIN;

/** Admin operations on existing requests (admin bearer token): retry, cancel, change category, enrol a colleague. */
public class AdminRouteBuilder extends ApiRouteBuilder {

    /** The request id of the path (never a header or query parameter named id). */
    private static final String ID = "${exchangeProperty." + HttpCalls.REQUEST_ID + "}";

    @Override
    public void configure() {
        rest("/api/v1/restore-requests/{id}")
                .post("/retry").to("direct:adminRetry")
                .post("/cancel").to("direct:adminCancel")
                .post("/category").to("direct:adminCategory")
                .post("/enrol").to("direct:adminEnrolColleague");

        answer(operation("direct:adminRetry", "admin-retry")
                .setBody(method("adminApi", "retry(" + ID + ", 'api')"))
                .to(CLAIM_AGAIN));
        operation("direct:adminCancel", "admin-cancel", "adminApi", "cancel(" + ID + ", 'api')");
        jsonOperation("direct:adminCategory", "admin-category", "adminApi",
                "changeCategory(" + ID + ", ${body}, 'api')");
        jsonOperation("direct:adminEnrolColleague", "admin-enrol-colleague", "adminApi",
                "enrolColleague(" + ID + ", ${body}, 'api')");
    }
}
