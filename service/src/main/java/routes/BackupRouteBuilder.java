package routes;

import org.apache.camel.builder.RouteBuilder;

/** Backup: the course server makes the archive, inside the server's gate; a request resuming after its restore skips it. */
public class BackupRouteBuilder extends RouteBuilder {

    @Override
    public void configure() {
        from("seda:backup?concurrentConsumers={{jouvence.backup.threads}}").routeId("backup-course")
                .routeConfigurationId("request-errors")
                .process(RouteTimers::dropInherited)
                .setProperty("work", body())
                .choice()
                    .when(simple("${body.resumesAfterRestore}"))
                        .to("direct:enrol")
                    .otherwise()
                        .setProperty("fileRecordId", method("courseServerSteps", "backup"))
                        .to("direct:download");
    }
}
