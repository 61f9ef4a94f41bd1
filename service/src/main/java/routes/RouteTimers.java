package routes;

import org.apache.camel.Exchange;

/**
 * Camel's Micrometer route policy ({@code camel.metrics.enabled}) keeps each route's timer in an exchange property named
 * after the exchange ({@code camel.route.policy-<route>-<exchange id>}) and removes it when that exchange is done. A
 * seda hop copies the exchange with its properties, so the copy inherits timers that nobody removes. Along the
 * pipeline's endless chain of hops (backup, download, the server's next backup…; restore, enrol, claim, backup…) they
 * piled up with every request: after 1 000 requests copying them took 40 % of the service's CPU, and they held memory
 * for as long as the service ran. Each route fed by a seda queue drops them first.
 */
public final class RouteTimers {

    private static final String PREFIX = "camel.route.policy-";

    private RouteTimers() {
    }

    /** Drops the route timers of the exchanges this one was copied from; its own are left to the policy. */
    public static void dropInherited(Exchange exchange) {
        String own = "-" + exchange.getExchangeId();
        exchange.getProperties().keySet().removeIf(key -> key.startsWith(PREFIX) && !key.contains(own));
    }
}
