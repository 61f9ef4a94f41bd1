package routes.privatefiles;

import org.apache.camel.builder.RouteBuilder;

/**
 * The new platform's side: each file of the checked zip into the person's private files with the person's own token
 * (read from their web session, never stored elsewhere), names kept or renamed per jouvence.private-files.on-conflict;
 * the summary mailed; the staging copy deleted. Failures are thrown back to the fetch route's outcome.
 */
public class PrivateFilesPutRouteBuilder extends RouteBuilder {

    public static final String PUT = "direct:privateFilesPut";

    @Override
    public void configure() {
        from(PUT).routeId("privatefiles-put").precondition(PrivateFilesClaimRouteBuilder.ENABLED)
                .errorHandler(noErrorHandler())
                .bean("privateFilesSteps", "put");
    }
}
