package routes.folders;

import org.apache.camel.builder.RouteBuilder;

/**
 * The cloud's probe (one PROPFIND Depth 0 of the system account's root, every {@code jouvence.health.probe-interval},
 * as the Moodles') and the folders' gauges (every {@code jouvence.metrics.queue-refresh-interval}, as the queue's).
 * Built only when {@code jouvence.folders.enabled}.
 */
public class FolderHealthRouteBuilder extends RouteBuilder {

    /** One probe now (the body: its {@link jouvence.folders.health.CloudProbe.Result}). */
    public static final String PROBE = "direct:foldersCloudProbe";
    /** The gauges read again now. */
    public static final String REFRESH_METRICS = "direct:foldersMetrics";
    static final String ENABLED = "{{jouvence.folders.enabled}}";

    @Override
    public void configure() {
        from("timer:foldersCloudProbe?delay=0&period={{jouvence.health.probe-interval}}")
                .routeId("folders-cloud-probe-timer").precondition(ENABLED)
                .to(PROBE);
        from(PROBE).routeId("folders-cloud-probe").precondition(ENABLED)
                .setBody(method("cloudProbe", "probe"));

        from("timer:foldersMetrics?delay=0&period={{jouvence.metrics.queue-refresh-interval}}")
                .routeId("folders-metrics-timer").precondition(ENABLED)
                .to(REFRESH_METRICS);
        from(REFRESH_METRICS).routeId("folders-metrics").precondition(ENABLED)
                .bean("folderMetrics", "refresh");
    }
}
