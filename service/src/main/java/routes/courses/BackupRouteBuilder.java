package routes.courses;

import jouvence.observe.RequestMdc;
import org.apache.camel.builder.RouteBuilder;
import routes.RouteTimers;

import static routes.Endpoints.*;

/**
 * Backup: the course server makes the archive, inside the server's gate; then the gate goes on to the server's next
 * request while this archive downloads. A request resuming after its restore skips both.
 */
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
                        .bean("courseServerSteps", "beginDownload")
                        .to(NEXT_BACKUP)
                        .to(DOWNLOAD);

        from(NEXT_BACKUP).routeId("next-backup")
                .setProperty("next", method("claimer", "backedUp"))
                .choice()
                    .when(exchangeProperty("next").isNull())
                        .to(CLAIM_AGAIN)
                    .otherwise()
                        .setBody(exchangeProperty("next"))
                        .setProperty(RequestMdc.PROPERTY, simple("${body.id}"))
                        .to(enqueue(BACKUP))
                        .setBody(exchangeProperty("work"))
                        .setProperty(RequestMdc.PROPERTY, simple("${body.id}"));
    }
}
