package routes;

import static routes.Endpoints.*;

import org.apache.camel.builder.RouteBuilder;

/**
 * Health: every replica probes every Moodle at start-up and regularly, checks its database every second or so (the
 * health probes read the last result), and refreshes the queue's gauges.
 */
public class HealthRouteBuilder extends RouteBuilder {

    @Override
    public void configure() {
        from("timer:probeSites?delay=0&period={{jouvence.health.probe-interval}}").routeId("health-probe-sites")
                .bean("siteHealth", "probeAll")
                .setBody(method("outcomes", "siteDownMails"))
                .split(body()).to(MAIL);

        from("timer:databaseCheck?delay=0&period={{jouvence.db.check-interval}}").routeId("health-database")
                .bean("databaseCheck", "check");

        from("timer:metricsQueue?delay=0&period={{jouvence.metrics.queue-refresh-interval}}").routeId("metrics-queue")
                .bean("metrics", "refreshQueue")
                .bean("metrics", "refreshMails");
    }
}
