package routes.privatefiles;

import org.apache.camel.builder.RouteBuilder;

/**
 * The old platform's side of one claimed request: the block zips the person's private files (with their username from
 * the request, which is the web session's), the zip is POSTed for with the block's token in the body (camel-http,
 * streamed), staged within jouvence.private-files.max-bytes and checked; then the put. Any failure goes to the steps'
 * outcome (retry with back-off, wait for the server or for a login, or the request's end in error).
 */
public class PrivateFilesFetchRouteBuilder extends RouteBuilder {

    /** Body: a claimed request. */
    public static final String FETCH = "direct:privateFilesFetch";

    @Override
    public void configure() {
        from(FETCH).routeId("privatefiles-fetch").precondition(PrivateFilesClaimRouteBuilder.ENABLED)
                .doTry()
                    .bean("privateFilesSteps", "ask")
                    .filter(exchangeProperty(jouvence.privatefiles.work.PrivateFilesSteps.GO))
                        .toD("${exchangeProperty.moodleEndpoint}")
                        .bean("privateFilesSteps", "stage")
                        .to(PrivateFilesPutRouteBuilder.PUT)
                    .end()
                .endDoTry()
                .doCatch(Exception.class)
                    .bean("privateFilesSteps", "failed")
                .end();
    }
}
