package routes;

import org.apache.camel.builder.RouteBuilder;

/** Claim: due requests are taken from the queue on a schedule, on demand, and as soon as a server's gate frees up. */
public class ClaimRouteBuilder extends RouteBuilder {

    /**
     * "Look at the queue again soon": at most one pending ask (more would find the same work), never waited for.
     */
    public static final String CLAIM_AGAIN = "seda:claimAgain?size=1&discardWhenFull=true&waitForTaskToComplete=Never";

    @Override
    public void configure() {
        from("quartz:jouvence/claim?cron={{jouvence.claim.cron}}&stateful=true").routeId("claim-trigger")
                .autoStartup("{{jouvence.claim.enabled}}")
                .to("direct:claimDue");

        from(CLAIM_AGAIN).routeId("claim-again")
                .process(RouteTimers::dropInherited)
                .to("direct:claimDue");

        from("direct:claimDue").routeId("claim-due")
                .bean("claimer", "claimDue")
                .split(body())
                    .to("seda:backup?waitForTaskToComplete=Never");

        from("timer:claimHeartbeat?period={{jouvence.claim.heartbeat-interval}}").routeId("claim-heartbeat")
                .bean("claimer", "heartbeat");

        from("timer:claimSweep?period={{jouvence.claim.sweep-interval}}").routeId("claim-sweep")
                .to("direct:sweepLeases");

        from("direct:sweepLeases").routeId("claim-sweep-leases")
                .bean("claimer", "interruptedBySweep")
                .split(body())
                    .setBody(method("outcomes", "failureMails"))
                    .split(body()).to("seda:mail?waitForTaskToComplete=Never");
    }
}
