package routes.courses;

import jouvence.observe.RequestMdc;
import org.apache.camel.builder.RouteBuilder;

import static routes.Endpoints.*;

/**
 * Download: the archive is streamed to staging and checked; the server's gate goes to the server's next request (or
 * opens, and the queue is looked at again).
 */
public class DownloadRouteBuilder extends RouteBuilder {

    @Override
    public void configure() {
        from(DOWNLOAD).routeId("download-archive")
                .routeConfigurationId("request-errors")
                .bean("courseServerSteps", "download(${body}, ${exchangeProperty.fileRecordId})")
                .bean("metrics", "downloaded(${body.request})")
                .setProperty("next", method("claimer", "staged"))
                .to(enqueue(RESTORE))
                .choice()
                    .when(exchangeProperty("next").isNull())
                        .to(CLAIM_AGAIN)
                    .otherwise()
                        .setBody(exchangeProperty("next"))
                        .setProperty(RequestMdc.PROPERTY, simple("${body.id}"))
                        .to(enqueue(BACKUP));
    }
}
