package jouvence.moodle;

import jouvence.moodle.MoodleClient.Download;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The download route's camel-http call to a course server's download script: the request (the form in the body, the
 * endpoint in the {@value #ENDPOINT} property) and the streamed answer as a {@link Download} whose body has the
 * read-idle time-out (the endpoint's socket time-out) and the whole download's deadline; {@link #abortAll} drops every
 * download in progress when Jouvence stops.
 */
public final class MoodleDownloadCall {

    /** The exchange property holding the camel-http endpoint to send to (no token in it). */
    public static final String ENDPOINT = "moodleEndpoint";
    private static final String STARTED = "jouvenceDownloadStarted";

    private final MoodleSites sites;
    private final CamelHttpTransport http;
    private final Duration readIdle;
    private final Duration deadline;
    private final Set<DownloadBody> open = ConcurrentHashMap.newKeySet();

    /**
     * @param readIdle the longest wait for the answer's headers and then for each next byte
     *                 ({@code jouvence.http.read-idle-timeout})
     * @param deadline the longest a whole download may take ({@code jouvence.http.backup-timeout})
     */
    public MoodleDownloadCall(MoodleSites sites, CamelHttpTransport http, Duration readIdle, Duration deadline) {
        this.sites = sites;
        this.http = http;
        this.readIdle = readIdle;
        this.deadline = deadline;
    }

    /**
     * Makes the exchange the POST asking {@code serverId} for its stored file {@code fileId}; other headers dropped. The
     * form (with the token) is an HTTP entity, which the tracer and message history show without its content.
     */
    public void request(Exchange exchange, String serverId, long fileId) {
        MoodleClient server = sites.client(serverId);
        exchange.setProperty(ENDPOINT, http.endpoint(server.site(), MoodleClient.DOWNLOAD_PATH, readIdle, true));
        exchange.setProperty(STARTED, System.nanoTime());
        Message m = exchange.getMessage();
        m.removeHeaders("*");
        m.setBody(CamelHttpTransport.formEntity(server.downloadForm(fileId)));
    }

    /**
     * Makes the exchange a POST of {@code form} (with a token: an entity, never logged) to {@code path} of {@code site}
     * (a download script of another plugin, e.g. the private files' draft file script); other headers dropped.
     */
    public void request(Exchange exchange, jouvence.JouvenceConfig.MoodleSite site, String path, String form) {
        exchange.setProperty(ENDPOINT, http.endpoint(site, path, readIdle, true));
        exchange.setProperty(STARTED, System.nanoTime());
        Message m = exchange.getMessage();
        m.removeHeaders("*");
        m.setBody(CamelHttpTransport.formEntity(form));
    }

    /** camel-http could not reach the server or got no answer in time: the failure in plain words. */
    public void failed(String serverId, Exception e) throws MoodleException {
        try {
            CamelHttpTransport.rethrow(e);
        } catch (IOException io) {
            throw sites.client(serverId).transportFailure("download", io);
        }
    }

    /** The answer as it arrives, with the read-idle time-out and the deadline (see {@link DownloadBody}). */
    public Download response(Exchange exchange) {
        Message m = exchange.getMessage();
        InputStream body = m.getBody(InputStream.class);
        if (body == null) {
            body = InputStream.nullInputStream();
        }
        String serverId = exchange.getProperty("serverId", "?", String.class);
        long started = exchange.getProperty(STARTED, System.nanoTime(), Long.class);
        DownloadBody[] self = new DownloadBody[1];
        self[0] = new DownloadBody(body, serverId, readIdle, deadline, started, () -> open.remove(self[0]));
        open.add(self[0]);
        return new Download(m.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class),
                m.getHeader(Exchange.CONTENT_TYPE, "", String.class),
                m.getHeader(Exchange.CONTENT_LENGTH, -1L, Long.class), self[0]);
    }

    /**
     * Drops the connection of every download in progress (Jouvence is stopping): each fails at once, as a download cut
     * short does, and its request is retried later, by this replica or another; shutdown never waits on a silent server.
     */
    public void abortAll(String reason) {
        open.forEach(d -> d.abort(d.serverId() + ": " + reason));
    }

    /** Downloads in progress on this replica. */
    public int inProgress() {
        return open.size();
    }
}
