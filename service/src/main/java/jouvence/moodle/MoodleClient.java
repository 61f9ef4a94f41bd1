package jouvence.moodle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jouvence.JouvenceConfig.MoodleSite;
import jouvence.moodle.MoodleException.Kind;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URLEncoder;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Talks to one Moodle site's REST web services: builds the forms and reads the answers; a {@link MoodleTransport} carries
 * them. The token travels in the POST body, never in a URL, also to the plugin's download script (which reads its
 * {@code token} and {@code filerecordid} with Moodle's {@code required_param}, from the query string or the body).
 */
public final class MoodleClient {

    public static final String REST_PATH = "/webservice/rest/server.php";
    public static final String DOWNLOAD_PATH =
            "/blocks/my_external_backup_restore_courses/get_user_backup_course_webservice.php";

    public static final String FORM = "application/x-www-form-urlencoded";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MoodleSite site;
    private final MoodleTransport transport;
    private final Duration callTimeout;

    public MoodleClient(MoodleSite site, MoodleTransport transport, Duration callTimeout) {
        this.site = site;
        this.transport = transport;
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
        MoodleTransport.Answer response = send(encode(form), timeout, function);
        if (response.redirect()) {
            throw new MoodleException(site.id(), "redirected", Kind.SITE_FAULT, response.redirectHint(site, function));
        }
        if (response.status() >= 500) {
            throw new MoodleException(site.id(), "http-" + response.status(), Kind.TRANSIENT,
                    site.id() + ": " + function + " answered HTTP " + response.status());
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
                    + " answered HTTP " + response.status() + " without JSON (" + snippet(response.body()) + ")");
        }
        MoodleErrorAnswer answer = MoodleErrorAnswer.read(reply);
        if (response.status() >= 400 && !answer.isError()) {
            throw new MoodleException(site.id(), "http-" + response.status(), Kind.PERMANENT,
                    site.id() + ": " + function + " answered HTTP " + response.status());
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

    /** The download script's form for the stored backup file {@code filerecordid} (POSTed: the token stays out of URLs). */
    public String downloadForm(long filerecordid) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("token", site.token());
        form.put("filerecordid", Long.toString(filerecordid));
        return encode(form);
    }

    private MoodleTransport.Answer send(String form, Duration timeout, String what) throws MoodleException {
        try {
            return transport.post(site, REST_PATH, form, timeout);
        } catch (IOException e) {
            throw transportFailure(what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MoodleException(site.id(), "interrupted", Kind.TRANSIENT, site.id() + ": " + what + " interrupted", e);
        }
    }

    /** A failure to reach the site or to get its answer in time, in plain words, never with the token or a URL's query. */
    public MoodleException transportFailure(String what, Exception e) {
        if (e instanceof CamelHttpTransport.AnswerTooLarge big) {
            return new MoodleException(site.id(), "answer-too-large", Kind.TRANSIENT, site.id() + ": " + what
                    + " answered more than " + big.maxBytes() + " bytes (jouvence.http.max-answer-bytes): the answer "
                    + "was dropped unread", e);
        }
        if (e instanceof HttpTimeoutException || e instanceof InterruptedIOException) {
            return new MoodleException(site.id(), "timeout", Kind.TRANSIENT,
                    site.id() + ": " + what + " got no answer within the time limit", e);
        }
        // The clients' exception texts never hold the URL's query; keep them short and token-free anyway.
        return new MoodleException(site.id(), "unreachable", Kind.TRANSIENT,
                site.id() + ": cannot reach " + site.url() + " for " + what + " (" + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
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
