package jouvence.observe;

import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.spi.InterceptStrategy;
import org.apache.camel.support.processor.DelegateAsyncProcessor;
import org.slf4j.MDC;

/**
 * Puts the id of the request an exchange works for (exchange property {@value #PROPERTY}, set when a request is
 * claimed) in the logging MDC under {@value #KEY} while each processor of a route runs, so that every line logged
 * about a request — by Jouvence or by a library it calls — carries its id (in the JSON logs: {@code "mdc":
 * {"requestId": "42"}}).
 */
public final class RequestMdc implements InterceptStrategy {

    public static final String PROPERTY = "requestId";
    public static final String KEY = "requestId";

    /**
     * Names request {@code id} in the MDC until closed, then puts back what was there: for a line about another request
     * than the one the current exchange works for (the server's next request, claimed while the previous one's
     * archive is handed over).
     */
    public static Scope about(Object id) {
        String previous = MDC.get(KEY);
        MDC.put(KEY, String.valueOf(id));
        return () -> restore(previous);
    }

    /** An MDC change undone on close (no checked exception). */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    private static void restore(String previous) {
        if (previous == null) {
            MDC.remove(KEY);
        } else {
            MDC.put(KEY, previous);
        }
    }

    @Override
    public Processor wrapProcessorInInterceptors(CamelContext context, NamedNode definition, Processor target,
                                                 Processor nextTarget) {
        return new DelegateAsyncProcessor(target) {
            @Override
            public boolean process(Exchange exchange, AsyncCallback callback) {
                Object id = exchange.getProperty(PROPERTY);
                if (id == null) {
                    return super.process(exchange, callback);
                }
                try (Scope ignored = about(id)) {
                    return super.process(exchange, callback);
                }
            }
        };
    }
}
