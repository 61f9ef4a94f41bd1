package routes.courses;

import static routes.Endpoints.MAIL;
import static routes.Endpoints.MAIL_DIGEST;

import org.apache.camel.builder.RouteBuilder;

/**
 * Housekeeping of the course restores, once per cluster (Quartz's clustered store): staged archives of failed requests
 * expire, and the daily digest of failures goes out to the admins.
 */
public class CourseHousekeepingRouteBuilder extends RouteBuilder {

    @Override
    public void configure() {
        from("quartz:jouvence/digest?cron={{jouvence.mail.digest-cron}}&stateful=true").routeId("notify-digest")
                // always started: the trigger lives in the shared scheduler, whatever one replica's settings say
                .filter(simple("{{jouvence.mail.digest-enabled}}"))
                    .to(MAIL_DIGEST);

        from(MAIL_DIGEST).routeId("notify-digest-compose")
                .setBody(method("outcomes", "digestMails"))
                .split(body()).to(MAIL);

        from("quartz:jouvence/housekeeping?cron={{jouvence.staging.housekeeping-cron}}&stateful=true")
                .routeId("staging-housekeeping")
                .bean("staging", "purgeExpired")
                .log("staging housekeeping (fired for ${header.scheduledFireTime}) removed ${body} folder(s) of failed "
                        + "requests");
    }
}
