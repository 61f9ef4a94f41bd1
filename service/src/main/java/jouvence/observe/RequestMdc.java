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
                String previous = MDC.get(KEY);
                MDC.put(KEY, id.toString());
                try {
                    return super.process(exchange, callback);
                } finally {
                    if (previous == null) {
                        MDC.remove(KEY);
                    } else {
                        MDC.put(KEY, previous);
                    }
                }
            }
        };
    }
}
