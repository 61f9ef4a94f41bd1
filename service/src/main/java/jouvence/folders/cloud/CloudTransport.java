package jouvence.folders.cloud;

import jouvence.folders.FoldersConfig;
import jouvence.http.RelaxedTls;
import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.component.http.HttpEndpoint;
import org.apache.hc.client5.http.classic.HttpClient;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.message.BasicHeader;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The cloud reached through camel-http's component, so that its pool, proxy, TLS and other
 * {@code camel.component.http.*} settings are the Moodles' ones. camel-http's producer cannot send WebDAV's
 * {@code PROPFIND}, {@code MKCOL} or {@code MOVE} (its method is an enum of the eight HTTP/1.1 methods:
 * {@code CloudTransportTest} shows the refusal), so every cloud call is made with the Apache HttpClient 5 that the
 * component builds for one endpoint of the cloud's URL, with the connect and read time limits, redirects not followed,
 * HttpClient's own retries off (Jouvence's back-off decides) and TLS verified unless
 * {@code jouvence.folders.cloud.tls-verify=false}. One path for every call also keeps the credentials out of Camel's
 * messages: the {@code Authorization} header is built here, marked sensitive, and never put in a URI.
 */
public final class CloudTransport {

    /**
     * A request: method, path and query below the cloud's URL (already encoded), extra headers, an optional body, and
     * the {@code Authorization} header's value (null: none). {@link #toString()} leaves the credentials out.
     */
    public record Request(String method, String pathAndQuery, Map<String, String> headers, byte[] body,
                          String contentType, String authorization) {
        public static Request of(String method, String pathAndQuery) {
            return new Request(method, pathAndQuery, Map.of(), null, null, null);
        }

        public Request header(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Request(method, pathAndQuery, h, body, contentType, authorization);
        }

        public Request body(String text, String type) {
            return new Request(method, pathAndQuery, headers, text.getBytes(StandardCharsets.UTF_8), type,
                    authorization);
        }

        public Request auth(String authorizationValue) {
            return new Request(method, pathAndQuery, headers, body, contentType, authorizationValue);
        }

        @Override
        public String toString() {
            return method + " " + pathAndQuery.replaceAll("\\?.*", "");
        }
    }

    /** An answer of any status: the body read whole (at most max-answer-bytes), its Content-Type (or ""). */
    /**
     * @param ocFileId the {@code OC-FileId} header (ownCloud's and Nextcloud's FilesPlugin send it with a MKCOL's 201:
     *                 the new folder's id, which spares the PROPFIND that would ask for it), or null
     */
    public record Answer(int status, String contentType, byte[] body, String ocFileId) {
        public Answer(int status, String contentType, byte[] body) {
            this(status, contentType, body, null);
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public boolean xml() {
            return contentType.toLowerCase(java.util.Locale.ROOT).contains("xml");
        }

        public boolean json() {
            return contentType.toLowerCase(java.util.Locale.ROOT).contains("json");
        }
    }

    /** An answer longer than jouvence.folders.cloud.max-answer-bytes: not read, its connection dropped. */
    public static final class AnswerTooLarge extends IOException {
        AnswerTooLarge(long maxBytes) {
            super("the answer is longer than " + maxBytes + " bytes (jouvence.folders.cloud.max-answer-bytes)");
        }
    }

    private final CamelContext camel;
    private final String baseUrl;
    private final String endpointUri;
    private final long maxAnswerBytes;
    private volatile HttpClient client;

    public CloudTransport(CamelContext camel, FoldersConfig.Cloud cloud) {
        this.camel = camel;
        this.baseUrl = cloud.url();
        this.maxAnswerBytes = cloud.maxAnswerBytes();
        HttpComponent component = camel.getComponent("http", HttpComponent.class);
        component.setAutomaticRetriesDisabled(true);
        if (camel.hasComponent("https") == null) {
            camel.addComponent("https", component); // as jouvence.moodle.CamelHttpTransport: one component for both
        }
        boolean relaxTls = !cloud.tlsVerify() && baseUrl.startsWith("https:");
        StringBuilder uri = new StringBuilder(baseUrl).append("/?throwExceptionOnFailure=false&followRedirects=false")
                .append("&connectTimeout=").append(cloud.connectTimeout().toMillis())
                .append("&responseTimeout=").append(cloud.readTimeout().toMillis());
        if (relaxTls) {
            uri.append(RelaxedTls.endpointOptions(camel));
            LoggerFactory.getLogger(CloudTransport.class).warn("TLS verification is OFF for the cloud {} because "
                    + "jouvence.folders.cloud.tls-verify is false", baseUrl);
        }
        this.endpointUri = uri.toString();
    }

    /** The camel-http endpoint whose HttpClient carries the calls (no credential in it). */
    public String endpointUri() {
        return endpointUri;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /**
     * Sends a request and reads its answer whole, up to max-answer-bytes.
     *
     * @throws IOException the cloud could not be reached, did not answer in time (an
     *                     {@link java.io.InterruptedIOException}) or answered too much ({@link AnswerTooLarge})
     */
    public Answer send(Request r) throws IOException {
        HttpUriRequestBase request = new HttpUriRequestBase(r.method(), URI.create(baseUrl + r.pathAndQuery()));
        r.headers().forEach(request::setHeader);
        if (r.authorization() != null) {
            request.setHeader(new BasicHeader("Authorization", r.authorization(), true));
        }
        if (r.body() != null) {
            request.setEntity(new ByteArrayEntity(r.body(), ContentType.parse(r.contentType())));
        }
        try (ClassicHttpResponse response = client().executeOpen(null, request, null)) {
            HttpEntity entity = response.getEntity();
            Header type = response.getFirstHeader("Content-Type");
            byte[] body = new byte[0];
            if (entity != null) {
                try (InputStream in = entity.getContent()) {
                    body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxAnswerBytes + 1));
                    if (body.length > maxAnswerBytes) {
                        request.cancel(); // drops the connection instead of reading the rest
                        throw new AnswerTooLarge(maxAnswerBytes);
                    }
                }
            }
            Header fileId = response.getFirstHeader("OC-FileId");
            return new Answer(response.getCode(), type == null ? "" : type.getValue(), body,
                    fileId == null ? null : fileId.getValue());
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private HttpClient client() {
        HttpClient c = client;
        if (c == null) {
            synchronized (this) {
                if (client == null) {
                    client = camel.getEndpoint(endpointUri, HttpEndpoint.class).getHttpClient();
                }
                c = client;
            }
        }
        return c;
    }
}
