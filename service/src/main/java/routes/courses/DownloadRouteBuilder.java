package routes.courses;

import jouvence.moodle.MoodleDownloadCall;
import jouvence.observe.RequestMdc;
import org.apache.camel.builder.RouteBuilder;

import static routes.Endpoints.*;

/**
 * Download: the course server's download script is asked with a camel-http POST (the token in the body, never in the
 * endpoint URI); its answer, not cached, streams to staging and is checked while it arrives; then the archive waits
 * for a restore slot, with the requests that take the same archive instead of a backup of their own. The server's
 * gate is no longer held: the server backs up its next request meanwhile.
 */
public class DownloadRouteBuilder extends RouteBuilder {

    @Override
    public void configure() {
        from(DOWNLOAD).routeId("download-archive")
                .noStreamCaching() // the archive's stream goes to staging as it arrives, never into memory
                .routeConfigurationId("request-errors")
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
                .setProperty("twins", body()) // requests that take the same archive (its failures stay unwrapped)
                .setBody(exchangeProperty("work"))
                .bean("metrics", "downloaded(${body.request})")
                .to(enqueue(RESTORE))
                .split(exchangeProperty("twins")) // the same course asked again meanwhile: no second backup
                    .setProperty(RequestMdc.PROPERTY, simple("${body.id}"))
                    .bean("metrics", "shared(${body.request})")
                    .to(enqueue(RESTORE))
                .end()
                .to(CLAIM_AGAIN); // a backup that waited for this download (it would have replaced the file) may go
    }
}
