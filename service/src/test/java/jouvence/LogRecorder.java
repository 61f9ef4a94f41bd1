package jouvence;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/** Keeps every log line of the test JVM (message and stack trace) so tests can look for leaked secrets. */
public final class LogRecorder extends AppenderBase<ILoggingEvent> {

    private static final LogRecorder INSTANCE = new LogRecorder();
    private final List<String> lines = new ArrayList<>();

    public static synchronized LogRecorder install() {
        if (!INSTANCE.isStarted()) {
            INSTANCE.setContext(((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).getLoggerContext());
            INSTANCE.start();
            ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).addAppender(INSTANCE);
        }
        return INSTANCE;
    }

    @Override
    protected synchronized void append(ILoggingEvent event) {
        String request = event.getMDCPropertyMap().get(jouvence.observe.RequestMdc.KEY);
        lines.add((request == null ? "" : "[request " + request + "] ") + event.getFormattedMessage()
                + (event.getThrowableProxy() == null ? "" : "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy())));
    }

    public synchronized List<String> linesContaining(String text) {
        return lines.stream().filter(l -> l.contains(text)).toList();
    }

    /** Lines recorded after the first {@code from} ones (see {@link #size()}). */
    synchronized List<String> linesSince(int from, String text) {
        return lines.subList(Math.min(from, lines.size()), lines.size()).stream().filter(l -> l.contains(text)).toList();
    }

    synchronized int size() {
        return lines.size();
    }
}
