package routes;

import org.apache.camel.builder.RouteBuilder;

/** Operations: every Moodle is probed at start-up and regularly; staged archives of failed requests expire. */
public class HealthRouteBuilder extends RouteBuilder {

    @Override
    public void configure() {
        from("timer:probeSites?delay=0&period={{jouvence.health.probe-interval}}").routeId("health-probe-sites")
                .bean("siteHealth", "probeAll")
                .setBody(method("outcomes", "siteDownMails"))
                .split(body()).to("seda:mail?waitForTaskToComplete=Never");

        from("quartz:jouvence/digest?cron={{jouvence.mail.digest-cron}}").routeId("notify-digest")
                .autoStartup("{{jouvence.mail.digest-enabled}}")
                .to("direct:mailDigest");

        from("direct:mailDigest").routeId("notify-digest-compose")
                .setBody(method("outcomes", "digestMails"))
                .split(body()).to("seda:mail?waitForTaskToComplete=Never");

        from("quartz:jouvence/housekeeping?cron={{jouvence.staging.housekeeping-cron}}").routeId("staging-housekeeping")
                .bean("staging", "purgeExpired")
                .log("staging housekeeping removed ${body} folder(s) of failed requests");
    }
}
