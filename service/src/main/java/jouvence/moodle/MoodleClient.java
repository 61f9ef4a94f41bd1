package jouvence.moodle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jouvence.JouvenceConfig.MoodleSite;
import jouvence.moodle.MoodleException.Kind;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Talks to one Moodle site's REST web services. The token travels in the POST body, never in a URL, except for the
 * plugin's download script, which only reads it from the query string: that URL is never logged nor put in a message.
 */
public final class MoodleClient {

    public static final String REST_PATH = "/webservice/rest/server.php";
    public static final String DOWNLOAD_PATH =
            "/blocks/my_external_backup_restore_courses/get_user_backup_course_webservice.php";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MoodleSite site;
    private final HttpClient http;
    private final Duration callTimeout;

    public MoodleClient(MoodleSite site, HttpClient http, Duration callTimeout) {
        this.site = site;
        this.http = http;
        this.callTimeout = callTimeout;
    }

    public MoodleSite site() {
        return site;
    }

    /** Calls a web-service function; returns its JSON answer or throws with Moodle's error in plain words. */
    public JsonNode call(String function, Map<String, String> params) throws MoodleException {
        return call(function, params, callTimeout);
    }

    public JsonNode call(String function, Map<String, String> params, Duration timeout) throws MoodleException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("wstoken", site.token());
        form.put("wsfunction", function);
        form.put("moodlewsrestformat", "json");
        form.putAll(params);
        HttpRequest request = HttpRequest.newBuilder(URI.create(site.url() + REST_PATH))
                .timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form)))
                .build();
        HttpResponse<String> response = send(request, HttpResponse.BodyHandlers.ofString(), function);
        if (response.statusCode() >= 500) {
            throw new MoodleException(site.id(), "http-" + response.statusCode(), Kind.TRANSIENT,
                    site.id() + ": " + function + " answered HTTP " + response.statusCode());
        }
        JsonNode reply;
        try {
            reply = JSON.readTree(response.body());
        } catch (IOException e) {
            reply = null;
        }
        if (reply == null || reply.isMissingNode()) {
            // Moodle always answers JSON when asked to; anything else is a proxy page, a PHP crash or a time-out.
            throw new MoodleException(site.id(), "not-json", Kind.TRANSIENT, site.id() + ": " + function
                    + " answered HTTP " + response.statusCode() + " without JSON (" + snippet(response.body()) + ")");
        }
        MoodleErrorAnswer answer = MoodleErrorAnswer.read(reply);
        if (response.statusCode() >= 400 && !answer.isError()) {
            throw new MoodleException(site.id(), "http-" + response.statusCode(), Kind.PERMANENT,
                    site.id() + ": " + function + " answered HTTP " + response.statusCode());
        }
        if (answer.isError()) {
            throw MoodleErrors.toException(site.id(), function, answer);
        }
        return reply;
    }

    /** The answer of the plugin's download script, streamed, not yet read. */
    public record Download(int status, String contentType, long contentLength, InputStream body) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            body.close();
        }
    }

    /** Opens the stored backup file {@code filerecordid}; the caller streams the body to disk and closes it. */
    public Download openDownload(long filerecordid, Duration timeout) throws MoodleException {
        URI uri = URI.create(site.url() + DOWNLOAD_PATH + "?token=" + URLEncoder.encode(site.token(), StandardCharsets.UTF_8)
                + "&filerecordid=" + filerecordid);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        HttpResponse<InputStream> response = send(request, HttpResponse.BodyHandlers.ofInputStream(), "download");
        return new Download(response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(""),
                response.headers().firstValueAsLong("Content-Length").orElse(-1),
                response.body());
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler, String what)
            throws MoodleException {
        try {
            return http.send(request, handler);
        } catch (HttpTimeoutException e) {
            throw new MoodleException(site.id(), "timeout", Kind.TRANSIENT,
                    site.id() + ": " + what + " got no answer within the time limit", e);
        } catch (IOException e) {
            // The exception text of the JDK client never holds the URL; keep it short and token-free anyway.
            throw new MoodleException(site.id(), "unreachable", Kind.TRANSIENT,
                    site.id() + ": cannot reach " + site.url() + " for " + what + " (" + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MoodleException(site.id(), "interrupted", Kind.TRANSIENT, site.id() + ": " + what + " interrupted", e);
        }
    }

    static String encode(Map<String, String> form) {
        StringJoiner body = new StringJoiner("&");
        form.forEach((k, v) -> body.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v == null ? "" : v, StandardCharsets.UTF_8)));
        return body.toString();
    }

    private static String snippet(String body) {
        String s = body == null ? "" : body.replaceAll("\\s+", " ").strip();
        return s.isEmpty() ? "empty body" : s.length() > 120 ? s.substring(0, 120) + "…" : s;
    }
}
