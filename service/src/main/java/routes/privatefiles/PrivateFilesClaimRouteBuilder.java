package routes.privatefiles;

import jouvence.privatefiles.PrivateFilesBeans;
import org.apache.camel.builder.RouteBuilder;

/**
 * Claim of private-files requests: on the schedule ({@code jouvence.private-files.claim.cron}, per replica) and at
 * once for a new request or a login that resumes one. Replicas skip each other's requests (FOR UPDATE SKIP LOCKED); a
 * lease and the claim's version fence a replica that lost its claim. Built only when
 * {@code jouvence.private-files.enabled}.
 */
public class PrivateFilesClaimRouteBuilder extends RouteBuilder {

    static final String ENABLED = "{{jouvence.private-files.enabled}}";
    static final String CLAIM_DUE = "direct:privateFilesClaimDue";

    @Override
    public void configure() {
        from("quartz-local:jouvence/private-files?cron={{jouvence.private-files.claim.cron}}&stateful=true")
                .routeId("privatefiles-claim-trigger").precondition(ENABLED)
                .to(CLAIM_DUE);

        // jouvence_private_files{state}
        from("timer:privateFilesMetrics?delay=0&period={{jouvence.metrics.queue-refresh-interval}}")
                .routeId("privatefiles-metrics").precondition(ENABLED)
                .bean("privateFilesMetrics", "refresh");

        from(PrivateFilesBeans.CLAIM_AGAIN).routeId("privatefiles-claim-again").precondition(ENABLED)
                .to(CLAIM_DUE);

        from(CLAIM_DUE).routeId("privatefiles-claim-due").precondition(ENABLED)
                .setBody(method("privateFilesSteps", "claimDue"))
                .setVariable("full", method("privateFilesSteps", "full(${body})"))
                .split(body())
                    .to(PrivateFilesFetchRouteBuilder.FETCH)
                .end()
                .filter(variable("full"))
                    .to(PrivateFilesBeans.CLAIM_AGAIN);
    }
}
