package routes.courses;

import org.apache.camel.builder.RouteBuilder;
import routes.RouteTimers;

import static routes.Endpoints.*;

/** Restore: the restore driver runs on the new platform, several at a time. */
public class RestoreRouteBuilder extends RouteBuilder {

    @Override
    public void configure() {
        from(RESTORE + "?concurrentConsumers={{jouvence.restore.parallelism}}&size={{jouvence.restore.queue-size}}")
                .routeId("restore-course")
                .routeConfigurationId("request-errors")
                .process(RouteTimers::dropInherited)
                .setProperty("work", body())
                .bean("claimer", "restoreStarted")
                .bean("clientSteps", "restore")
                .to(ENROL);
    }
}
