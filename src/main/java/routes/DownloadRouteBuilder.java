package routes;

import org.apache.camel.builder.RouteBuilder;

/** Download: the archive is streamed to staging and checked; the server's gate opens for the next backup. */
public class DownloadRouteBuilder extends RouteBuilder {

    @Override
    public void configure() {
        from("direct:download").routeId("download-archive")
                .routeConfigurationId("request-errors")
                .bean("courseServerSteps", "download(${body}, ${exchangeProperty.fileRecordId})")
                .bean("metrics", "downloaded(${body.request})")
                .bean("claimer", "staged")
                .script(simple("${body.releaseGate}"))
                .to(ClaimRouteBuilder.CLAIM_AGAIN)
                .to("seda:restore?waitForTaskToComplete=Never");
    }
}
