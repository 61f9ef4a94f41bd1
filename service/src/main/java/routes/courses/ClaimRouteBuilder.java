package routes.courses;

import jouvence.observe.RequestMdc;
import org.apache.camel.builder.RouteBuilder;
import routes.RouteTimers;

import static routes.Endpoints.*;

/**
 * Claim: due requests are taken from the queue on a schedule (every replica for itself), on demand, and as soon as a
 * server's gate frees up; dead replicas' leases are swept once per cluster.
 */
public class ClaimRouteBuilder extends RouteBuilder {

    @Override
    public void configure() {
        from("quartz-local:jouvence/claim?cron={{jouvence.claim.cron}}&stateful=true").routeId("claim-trigger")
                .autoStartup("{{jouvence.claim.enabled}}")
                .to(CLAIM_DUE);

        from(CLAIM_AGAIN).routeId("claim-again")
                .process(RouteTimers::dropInherited)
                .removeProperty(RequestMdc.PROPERTY) // a copy of the previous request's exchange: the run is about none
                .to(CLAIM_DUE);

        from(CLAIM_DUE).routeId("claim-due")
                .bean("claimer", "claimDue")
                .split(body())
                    .setProperty(RequestMdc.PROPERTY, simple("${body.id}")) // every log line about it names it
                    .to(enqueue(BACKUP));

        from("timer:claimHeartbeat?period={{jouvence.claim.heartbeat-interval}}").routeId("claim-heartbeat")
                .bean("claimer", "heartbeat");

        // Once per cluster (Quartz's clustered store): one replica sweeps at a time.
        from("quartz:jouvence/sweep?stateful=true&trigger.repeatInterval={{jouvence.claim.sweep-interval}}"
                + "&trigger.repeatCount=-1").routeId("claim-sweep")
                .to(SWEEP_LEASES);

        from(SWEEP_LEASES).routeId("claim-sweep-leases")
                .bean("claimer", "interruptedBySweep")
                .split(body())
                    .setProperty(RequestMdc.PROPERTY, simple("${body.id}"))
                    .setBody(method("outcomes", "failureMails"))
                    .split(body()).to(MAIL);
    }
}
