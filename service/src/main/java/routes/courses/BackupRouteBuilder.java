package routes.courses;

import org.apache.camel.builder.RouteBuilder;
import routes.RouteTimers;

import static routes.Endpoints.*;

/** Backup: the course server makes the archive, inside the server's gate; a request resuming after its restore skips it. */
public class BackupRouteBuilder extends RouteBuilder {

    @Override
    public void configure() {
        from(BACKUP + "?concurrentConsumers={{jouvence.backup.threads}}").routeId("backup-course")
                .routeConfigurationId("request-errors")
                .process(RouteTimers::dropInherited)
                .setProperty("work", body())
                .choice()
                    .when(simple("${body.resumesAfterRestore}"))
                        .to(ENROL)
                    .otherwise()
                        .setProperty("fileRecordId", method("courseServerSteps", "backup"))
                        .to(DOWNLOAD);
    }
}
