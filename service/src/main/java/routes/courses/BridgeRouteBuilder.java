package routes.courses;

import org.apache.camel.builder.RouteBuilder;

import static routes.Endpoints.*;

/**
 * Bridge to the Moodle block's queue table: its scheduled rows become requests, and finished requests are written
 * back to their rows. Runs only when {@code jouvence.bridge.enabled}; both steps can also be called directly.
 */
public class BridgeRouteBuilder extends RouteBuilder {

    @Override
    public void configure() {
        from("timer:bridge?delay={{jouvence.bridge.poll-interval}}&period={{jouvence.bridge.poll-interval}}").routeId("bridge-poll")
                .autoStartup("{{jouvence.bridge.enabled}}")
                .to(BRIDGE_TAKE_ROWS)
                .to(BRIDGE_WRITE_BACK);

        from(BRIDGE_TAKE_ROWS).routeId("bridge-take-rows")
                .setBody(method("blockQueueBridge", "takeRows"))
                .split(simple("${body.mails}")).to(enqueue(MAIL)).end();

        from(BRIDGE_WRITE_BACK).routeId("bridge-write-back")
                .setBody(method("blockQueueBridge", "writeBack"));
    }
}
