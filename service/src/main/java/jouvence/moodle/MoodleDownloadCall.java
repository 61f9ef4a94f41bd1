package jouvence.moodle;

import jouvence.moodle.MoodleClient.Download;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.hc.core5.http.io.EofSensorInputStream;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * The download route's camel-http call to a course server's download script: the request (the form in the body, the
 * endpoint in the {@value #ENDPOINT} property) and the streamed answer as a {@link Download}.
 */
public final class MoodleDownloadCall {

    /** The exchange property holding the camel-http endpoint to send to (no token in it). */
    public static final String ENDPOINT = "moodleEndpoint";

    private final MoodleSites sites;
    private final CamelHttpTransport http;
    private final Duration timeout;

    public MoodleDownloadCall(MoodleSites sites, CamelHttpTransport http, Duration timeout) {
        this.sites = sites;
        this.http = http;
        this.timeout = timeout;
    }

    /**
     * Makes the exchange the POST asking {@code serverId} for its stored file {@code fileId}; other headers dropped. The
     * form (with the token) is an HTTP entity, which the tracer and message history show without its content.
     */
    public void request(Exchange exchange, String serverId, long fileId) {
        MoodleClient server = sites.client(serverId);
        exchange.setProperty(ENDPOINT, http.endpoint(server.site(), MoodleClient.DOWNLOAD_PATH, timeout, true));
        Message m = exchange.getMessage();
        m.removeHeaders("*");
        m.setBody(CamelHttpTransport.formEntity(server.downloadForm(fileId)));
    }

    /** camel-http could not reach the server or got no answer in time: the failure in plain words. */
    public void failed(String serverId, Exception e) throws MoodleException {
        try {
            CamelHttpTransport.rethrow(e);
        } catch (IOException io) {
            throw sites.client(serverId).transportFailure("download", io);
        }
    }

    /** The answer as it arrives; closing its body before the end drops the connection instead of reading the rest. */
    public Download response(Exchange exchange) {
        Message m = exchange.getMessage();
        InputStream body = m.getBody(InputStream.class);
        if (body == null) {
            body = InputStream.nullInputStream();
        }
        return new Download(m.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class),
                m.getHeader(Exchange.CONTENT_TYPE, "", String.class),
                m.getHeader(Exchange.CONTENT_LENGTH, -1L, Long.class), new Aborting(body));
    }

    /** Closing Apache HttpClient's response stream reads it to its end (to reuse the connection): abort it instead. */
    private static final class Aborting extends FilterInputStream {
        Aborting(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return in.read(b, off, len);
        }

        @Override
        public void close() throws IOException {
            if (in instanceof EofSensorInputStream sensor) {
                sensor.abort(); // nothing to abort once the whole body was read: the connection is reused
            } else {
                in.close();
            }
        }
    }
}
