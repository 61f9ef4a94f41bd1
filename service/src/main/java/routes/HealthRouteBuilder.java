package routes;

import static routes.Endpoints.*;

import org.apache.camel.builder.RouteBuilder;

/**
 * Operations: every replica probes every Moodle at start-up and regularly; once per cluster (Quartz's clustered store),
 * staged archives of failed requests expire and the daily digest goes out.
 */
public class HealthRouteBuilder extends RouteBuilder {

    @Override
    public void configure() {
        from("timer:probeSites?delay=0&period={{jouvence.health.probe-interval}}").routeId("health-probe-sites")
                .bean("siteHealth", "probeAll")
                .setBody(method("outcomes", "siteDownMails"))
                .split(body()).to(enqueue(MAIL));

        from("timer:metricsQueue?delay=0&period={{jouvence.metrics.queue-refresh-interval}}").routeId("metrics-queue")
                .bean("metrics", "refreshQueue");

        from("quartz:jouvence/digest?cron={{jouvence.mail.digest-cron}}&stateful=true").routeId("notify-digest")
                // always started: the trigger lives in the shared scheduler, whatever one replica's settings say
                .filter(simple("{{jouvence.mail.digest-enabled}}"))
                    .to(MAIL_DIGEST);

        from(MAIL_DIGEST).routeId("notify-digest-compose")
                .setBody(method("outcomes", "digestMails"))
                .split(body()).to(enqueue(MAIL));

        from("quartz:jouvence/housekeeping?cron={{jouvence.staging.housekeeping-cron}}&stateful=true").routeId("staging-housekeeping")
                .bean("staging", "purgeExpired")
                .log("staging housekeeping (fired for ${header.scheduledFireTime}) removed ${body} folder(s) of failed "
                        + "requests");
    }
}
