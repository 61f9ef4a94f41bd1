package routes.courses;

import jouvence.moodle.MoodleDownloadCall;
import jouvence.observe.RequestMdc;
import org.apache.camel.builder.RouteBuilder;

import static routes.Endpoints.*;

/**
 * Download: the course server's download script is asked with a camel-http POST (the token in the body, never in the
 * endpoint URI); its answer, not cached, streams to staging and is checked while it arrives; then the server's gate
 * goes to the server's next request (or opens, and the queue is looked at again).
 */
public class DownloadRouteBuilder extends RouteBuilder {

    @Override
    public void configure() {
        from(DOWNLOAD).routeId("download-archive")
                .noStreamCaching() // the archive's stream goes to staging as it arrives, never into memory
                .routeConfigurationId("request-errors")
                .bean("courseServerSteps", "beginDownload")
                .setProperty("serverId", simple("${body.request.serverId}"))
                .bean("moodleDownloadCall", "request(${exchange}, ${exchangeProperty.serverId}, "
                        + "${exchangeProperty.fileRecordId})")
                .doTry()
                    .toD("${exchangeProperty." + MoodleDownloadCall.ENDPOINT + "}")
                .doCatch(Exception.class)
                    .bean("moodleDownloadCall", "failed(${exchangeProperty.serverId}, ${exception})")
                .end()
                .setBody(method("moodleDownloadCall", "response"))
                .bean("courseServerSteps",
                        "download(${exchangeProperty.work}, ${exchangeProperty.fileRecordId}, ${body})")
                .setBody(exchangeProperty("work"))
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
