package routes.userdata;

import jouvence.userdata.UserDataBeans;
import org.apache.camel.builder.RouteBuilder;

import static routes.Endpoints.MAIL;

/**
 * Claim of user-data imports: on the schedule ({@code jouvence.user-data.claim.cron}, every replica: replicas skip each
 * other's rows, FOR UPDATE SKIP LOCKED) and at once for a new import. A batch is worked one import after the other;
 * after it, one digest mail to the admins lists the imports that ended in error (not one mail per person). A full
 * batch looks again at once. Built only when {@code jouvence.user-data.enabled}.
 */
public class UserDataClaimRouteBuilder extends RouteBuilder {

    public static final String CLAIM_DUE = "direct:userDataClaimDue";
    static final String ENABLED = "{{jouvence.user-data.enabled}}";

    @Override
    public void configure() {
        from("quartz-local:jouvence/user-data-claim?cron={{jouvence.user-data.claim.cron}}&stateful=true")
                .routeId("user-data-claim-trigger").precondition(ENABLED)
                .to(CLAIM_DUE);

        from(UserDataBeans.CLAIM_AGAIN).routeId("user-data-claim-again").precondition(ENABLED)
                .to(CLAIM_DUE);

        from(CLAIM_DUE).routeId("user-data-claim-due").precondition(ENABLED)
                .setBody(method("userDataImporter", "claimDue"))
                .setVariable("full", method("userDataImporter", "full(${body})"))
                .split(body())
                    .to(UserDataImportRouteBuilder.IMPORT)
                .end()
                .split(method("userDataOutcomes", "digest"))
                    .to(MAIL)
                .end()
                .filter(variable("full"))
                    .to(UserDataBeans.CLAIM_AGAIN);
    }
}
