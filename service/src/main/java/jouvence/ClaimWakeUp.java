package jouvence;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.service.ServiceSupport;

import java.util.function.Consumer;

/**
 * Wakes a capability's claim route as soon as its service queues work (a new folder set, a sync, a private-files
 * request, a user-data import), instead of at its next scheduled look: while Camel runs, the service's
 * {@code onQueued} callback sends to the route's "claim again" endpoint; once stopping, it does nothing, and
 * {@code afterStop} runs (e.g. the replica's claims released: due again for the others).
 */
public final class ClaimWakeUp extends ServiceSupport {

    private final CamelContext context;
    private final Consumer<Runnable> onQueued;
    private final String endpoint;
    private final Runnable afterStop;
    private ProducerTemplate template;

    private ClaimWakeUp(CamelContext context, Consumer<Runnable> onQueued, String endpoint, Runnable afterStop) {
        this.context = context;
        this.onQueued = onQueued;
        this.endpoint = endpoint;
        this.afterStop = afterStop;
    }

    /** Adds the wake-up to {@code context}'s services (started and stopped with it). */
    public static void add(CamelContext context, Consumer<Runnable> onQueued, String endpoint, Runnable afterStop)
            throws Exception {
        context.addService(new ClaimWakeUp(context, onQueued, endpoint, afterStop));
    }

    @Override
    protected void doStart() {
        template = context.createProducerTemplate();
        onQueued.accept(() -> template.sendBody(endpoint, null));
    }

    @Override
    protected void doStop() throws Exception {
        onQueued.accept(() -> { });
        template.close();
        afterStop.run();
    }
}
