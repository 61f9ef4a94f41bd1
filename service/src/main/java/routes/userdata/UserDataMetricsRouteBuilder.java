package routes.userdata;

import org.apache.camel.builder.RouteBuilder;

/** The imports' gauges, read every {@code jouvence.metrics.queue-refresh-interval}. Built only when enabled. */
public class UserDataMetricsRouteBuilder extends RouteBuilder {

    public static final String REFRESH_METRICS = "direct:userDataMetrics";

    @Override
    public void configure() {
        from("timer:userDataMetrics?delay=0&period={{jouvence.metrics.queue-refresh-interval}}")
                .routeId("user-data-metrics-timer").precondition("{{jouvence.user-data.enabled}}")
                .to(REFRESH_METRICS);
        from(REFRESH_METRICS).routeId("user-data-metrics").precondition("{{jouvence.user-data.enabled}}")
                .bean("userDataMetrics", "refresh");
    }
}
