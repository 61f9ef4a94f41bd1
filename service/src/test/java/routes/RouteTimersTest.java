package routes;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyFactory;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** Route timers of the Micrometer route policy do not pile up along a chain of seda hops. */
class RouteTimersTest {

    private static final int HOPS = 60;

    @Test
    void a_chain_of_seda_hops_carries_only_its_own_route_timers() throws Exception {
        List<Integer> kept = new CopyOnWriteArrayList<>();
        List<Integer> dropped = new CopyOnWriteArrayList<>();
        CountDownLatch ends = new CountDownLatch(2);
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.getRegistry().bind(MicrometerConstants.METRICS_REGISTRY_NAME, new SimpleMeterRegistry());
            camel.addRoutePolicyFactory(new MicrometerRoutePolicyFactory());
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("seda:keeping").routeId("keeping")
                            .process(e -> kept.add(timers(e)))
                            .to("direct:next");
                    from("seda:dropping").routeId("dropping")
                            .process(RouteTimers::dropInherited)
                            .process(e -> dropped.add(timers(e)))
                            .to("direct:next");
                    from("direct:next").routeId("next")
                            .setHeader("hops", simple("${header.hops}++"))
                            .choice()
                                .when(header("hops").isLessThan(HOPS))
                                    .toD("seda:${header.queue}")
                                .otherwise()
                                    .process(e -> ends.countDown());
                }
            });
            camel.start();
            try (var template = camel.createProducerTemplate()) {
                for (String queue : List.of("keeping", "dropping")) {
                    template.sendBodyAndHeaders("seda:" + queue, "x", java.util.Map.of("hops", 0, "queue", queue));
                }
            }
            assertTrue(ends.await(30, TimeUnit.SECONDS));
        }
        int keptMax = kept.stream().mapToInt(Integer::intValue).max().orElse(0);
        int droppedMax = dropped.stream().mapToInt(Integer::intValue).max().orElse(0);
        assertTrue(keptMax >= HOPS, "Camel no longer lets copies inherit route timers (" + keptMax + " after " + HOPS
                + " hops): RouteTimers can go");
        assertTrue(droppedMax <= 4, droppedMax + " route timers on an exchange after " + HOPS + " hops");
    }

    private static int timers(Exchange e) {
        return (int) e.getProperties().keySet().stream().filter(k -> k.startsWith("camel.route.policy-")).count();
    }
}
