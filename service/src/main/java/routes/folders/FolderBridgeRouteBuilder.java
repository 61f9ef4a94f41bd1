package routes.folders;

import org.apache.camel.builder.RouteBuilder;

/**
 * Intake of mod_collaborativefolders' existing activities: every {@code jouvence.folders.bridge.poll-interval} the
 * plugin's tables of the new Moodle are read and each live activity gets (or updates) its folder set; a deleted one is
 * no longer managed ({@code folderBridge}: {@link jouvence.folders.FolderBridge}). A failed read changes nothing and
 * is tried again at the next poll. Built only when {@code jouvence.folders.bridge.enabled}.
 */
public class FolderBridgeRouteBuilder extends RouteBuilder {

    /** One run now (the body: what it did, a {@link jouvence.folders.FolderBridge.Run}). */
    public static final String RUN = "direct:foldersBridge";
    static final String ENABLED = "{{jouvence.folders.bridge.enabled}}";

    @Override
    public void configure() {
        from("timer:foldersBridge?delay={{jouvence.folders.bridge.poll-interval}}"
                + "&period={{jouvence.folders.bridge.poll-interval}}")
                .routeId("folders-bridge-poll").precondition(ENABLED)
                .doTry()
                    .to(RUN)
                .doCatch(Exception.class)
                    .log(org.apache.camel.LoggingLevel.WARN, "collaborative folders' activities not read (tried again "
                            + "in {{jouvence.folders.bridge.poll-interval}} ms): ${exception.message}")
                .end();

        from(RUN).routeId("folders-bridge-run").precondition(ENABLED)
                .setBody(method("folderBridge", "run"));
    }
}
