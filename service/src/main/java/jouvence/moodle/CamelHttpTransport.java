package jouvence.moodle;

import jouvence.JouvenceConfig.MoodleSite;
import jouvence.http.RelaxedTls;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.component.http.LoggingHttpActivityListener;
import org.apache.camel.support.SynchronizationAdapter;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.EofSensorInputStream;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;

/**
 * The Moodles reached through camel-http endpoints, one per site, path and time limit, so that the pool, proxy, TLS and
 * other settings are Camel's {@code camel.component.http.*} (the {@code https} scheme is the same component). The URIs
 * hold no token (it is in the POST body), so Camel may log them. TLS certificates and host names are verified, with
 * the component's {@code SSLContextParameters} when set, unless a site's {@code tls-verify} is false.
 */
public final class CamelHttpTransport implements MoodleTransport {

    private final CamelContext camel;
    private final Duration connectTimeout;
    private final long maxAnswerBytes;
    private volatile ProducerTemplate template;

    /** @param maxAnswerBytes the most of a web-service answer read (jouvence.http.max-answer-bytes) */
    public CamelHttpTransport(CamelContext camel, Duration connectTimeout, long maxAnswerBytes,
                              Collection<MoodleSite> sites) {
        this.camel = camel;
        this.connectTimeout = connectTimeout;
        if (maxAnswerBytes <= 0) {
            throw new IllegalArgumentException("jouvence.http.max-answer-bytes must be positive");
        }
        this.maxAnswerBytes = maxAnswerBytes;
        // One component for http and https Moodles: camel.component.http.* configures both. Apache HttpClient would send
        // a POST again after a 503 or 429 (a second backup): Jouvence's own retries decide, with their back-off.
        HttpComponent component = camel.getComponent("http", HttpComponent.class);
        component.setAutomaticRetriesDisabled(true);
        camel.addComponent("https", component);
        // camel.component.http.log-http-activity logs each request with its body (the form and its token): camel-http's
        // logger does not follow camel.main.log-mask by itself.
        try {
            camel.addStartupListener((context, alreadyStarted) -> {
                if (component.getHttpActivityListener() instanceof LoggingHttpActivityListener log
                        && log.getLogMask() == null) {
                    log.setLogMask(context.isLogMask());
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        sites.stream().filter(s -> !s.tlsVerify()).forEach(s -> LoggerFactory.getLogger(CamelHttpTransport.class).warn(
                "TLS verification is OFF for Moodle '{}' ({}) because its tls-verify property is false", s.id(), s.url()));
    }

    /**
     * The camel-http endpoint for a POST to the site's {@code path}: no exception on HTTP errors (the caller reads the
     * status), redirects not followed (Moodle redirects a URL that is not its wwwroot with a 303, which would turn the
     * POST into a GET without its form and token: the caller says so instead); {@code stream}: the answer's body is the
     * connection's stream, not cached.
     */
    public String endpoint(MoodleSite site, String path, Duration timeout, boolean stream) {
        StringBuilder uri = new StringBuilder(site.url()).append(path)
                .append("?httpMethod=POST&throwExceptionOnFailure=false&followRedirects=false")
                .append("&connectTimeout=").append(connectTimeout.toMillis())
                .append("&responseTimeout=").append(timeout.toMillis());
        if (stream) {
            uri.append("&disableStreamCache=true");
        }
        if (!site.tlsVerify() && site.url().startsWith("https:")) {
            uri.append(RelaxedTls.endpointOptions(camel));
        }
        return uri.toString();
    }

    /**
     * {@inheritDoc} The answer is streamed and read up to max-answer-bytes: a longer one (a 200 MiB JSON) is dropped
     * with its connection, unread ({@link AnswerTooLarge}).
     */
    @Override
    public Answer post(MoodleSite site, String path, String form, Duration timeout) throws IOException {
        return post(site, path, formEntity(form), timeout);
    }

    /** POSTs any entity (a multipart upload, issue 14) and reads the answer as a form's, up to max-answer-bytes. */
    public Answer post(MoodleSite site, String path, HttpEntity entity, Duration timeout) throws IOException {
        CappedRead read = new CappedRead();
        Exchange answer = template().send(endpoint(site, path, timeout, true), exchange -> {
            exchange.getMessage().setBody(entity);
            exchange.getMessage().setHeader("Accept", "application/json");
            exchange.getExchangeExtension().addOnCompletion(read);
        });
        rethrow(answer.getException());
        if (read.failure != null) {
            throw read.failure;
        }
        return new Answer(answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class),
                read.body == null ? "" : new String(read.body, StandardCharsets.UTF_8),
                answer.getMessage().getHeader("Location", String.class));
    }

    /**
     * Reads the streamed answer, up to max-answer-bytes, when the exchange is done and before camel-http's own
     * completion closes it (which would read a long answer to its end): first of the exchange's completions.
     */
    private final class CappedRead extends SynchronizationAdapter {
        private byte[] body;
        private IOException failure;

        @Override
        public void onDone(Exchange exchange) {
            if (exchange.getException() != null) {
                return;
            }
            try {
                InputStream in = exchange.getMessage().getBody(InputStream.class);
                if (in == null) {
                    return;
                }
                body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxAnswerBytes + 1));
                if (body.length > maxAnswerBytes) {
                    body = null;
                    abort(in);
                    failure = new AnswerTooLarge(maxAnswerBytes);
                }
            } catch (IOException e) {
                failure = e;
            }
        }

        @Override
        public int getOrder() {
            return HIGHEST;
        }
    }

    /** An answer longer than jouvence.http.max-answer-bytes: not read, its connection dropped. */
    public static final class AnswerTooLarge extends IOException {
        private final long maxBytes;

        AnswerTooLarge(long maxBytes) {
            super("the answer is longer than " + maxBytes + " bytes (jouvence.http.max-answer-bytes)");
            this.maxBytes = maxBytes;
        }

        public long maxBytes() {
            return maxBytes;
        }
    }

    /**
     * Drops a response stream's connection instead of reading the rest (closing Apache HttpClient's stream reads it to
     * its end, to reuse the connection). Nothing to abort once the whole body was read.
     */
    static void abort(InputStream in) throws IOException {
        if (in instanceof EofSensorInputStream sensor) {
            sensor.abort();
        }
    }

    /**
     * A form as camel-http's request body: an entity, not a String, so that Camel's tracer and message history, which
     * log bodies without masking, show its type and never its content (the token).
     */
    static HttpEntity formEntity(String form) {
        return new StringEntity(form, ContentType.create(MoodleClient.FORM));
    }

    /** What camel-http threw, as the I/O failure it is (a time-out stays an {@link java.io.InterruptedIOException}). */
    static void rethrow(Exception e) throws IOException {
        if (e == null) {
            return;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException io) {
                throw io;
            }
        }
        throw new IOException(e.getMessage(), e);
    }

    private ProducerTemplate template() {
        ProducerTemplate t = template;
        if (t == null) {
            synchronized (this) {
                if (template == null) {
                    template = camel.createProducerTemplate();
                }
                t = template;
            }
        }
        return t;
    }
}
