package jouvence.privatefiles.moodle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jouvence.JouvenceConfig.MoodleSite;
import jouvence.moodle.CamelHttpTransport;
import jouvence.moodle.MoodleClient;
import jouvence.moodle.MoodleErrorAnswer;
import jouvence.moodle.MoodleErrors;
import jouvence.moodle.MoodleException;
import jouvence.moodle.MoodleException.Kind;
import jouvence.moodle.MoodleTransport;
import org.apache.hc.client5.http.entity.mime.FileBody;
import org.apache.hc.client5.http.entity.mime.HttpMultipartMode;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.core5.http.ContentType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The new platform's side, always with the person's own token (their private files are theirs only): who they are
 * (site info), what their private files already hold (core_files_get_files), one file into a new draft item
 * (webservice/upload.php, multipart, {@code filepath} keeping the folders) and that draft into their private files
 * (core_user_add_user_private_files).
 */
public class NewPlatform {

    public static final String FN_ADD = "core_user_add_user_private_files";
    public static final String FN_GET_FILES = "core_files_get_files";
    public static final String UPLOAD_PATH = "/webservice/upload.php";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MoodleSite client;
    private final MoodleTransport transport;
    private final CamelHttpTransport http;
    private final Duration callTimeout;
    private final Duration uploadTimeout;

    public NewPlatform(MoodleSite client, MoodleTransport transport, CamelHttpTransport http, Duration callTimeout,
                       Duration uploadTimeout) {
        this.client = client;
        this.transport = transport;
        this.http = http;
        this.callTimeout = callTimeout;
        this.uploadTimeout = uploadTimeout;
    }

    private MoodleClient as(String personToken) {
        return new MoodleClient(new MoodleSite(client.id(), client.url(), personToken, 1, client.tlsVerify()), transport,
                callTimeout);
    }

    /** The person's user id on the new platform, and their username as it says it. */
    public record Person(long userId, String username) {
    }

    public Person whoAmI(String personToken) throws MoodleException {
        JsonNode info = as(personToken).call("core_webservice_get_site_info", Map.of());
        return new Person(info.path("userid").asLong(), info.path("username").asText());
    }

    /** The names (files and folders) in one folder ({@code /} or {@code /a/b/}) of the person's private files. */
    public Set<String> names(String personToken, long userId, String folder) throws MoodleException {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("contextid", "-1");
        p.put("component", "user");
        p.put("filearea", "private");
        p.put("itemid", "0");
        p.put("filepath", folder);
        p.put("filename", "");
        p.put("contextlevel", "user");
        p.put("instanceid", Long.toString(userId));
        Set<String> names = new TreeSet<>();
        as(personToken).call(FN_GET_FILES, p).path("files").forEach(f -> names.add(f.path("filename").asText()));
        return names;
    }

    /** Uploads one file into a new draft item of the person; returns the item's id. */
    public long upload(String personToken, String filepath, String filename, Path file) throws MoodleException {
        var entity = MultipartEntityBuilder.create().setMode(HttpMultipartMode.LEGACY) // the name as browsers send it: raw UTF-8, which PHP reads as is
                .setCharset(StandardCharsets.UTF_8)
                .addTextBody("token", personToken, ContentType.TEXT_PLAIN.withCharset(StandardCharsets.UTF_8))
                .addTextBody("filepath", filepath, ContentType.TEXT_PLAIN.withCharset(StandardCharsets.UTF_8))
                .addPart("file_1", new FileBody(file.toFile(), ContentType.APPLICATION_OCTET_STREAM, filename))
                .build();
        MoodleTransport.Answer a;
        try {
            a = http.post(client, UPLOAD_PATH, entity, uploadTimeout);
        } catch (IOException e) {
            throw as(personToken).transportFailure("upload", e);
        }
        if (a.status() >= 500) {
            throw new MoodleException(client.id(), "http-" + a.status(), Kind.TRANSIENT,
                    client.id() + ": webservice/upload.php answered HTTP " + a.status());
        }
        JsonNode reply;
        try {
            reply = JSON.readTree(a.body());
        } catch (IOException e) {
            reply = null;
        }
        if (reply == null || reply.isMissingNode()) {
            throw new MoodleException(client.id(), "not-json", Kind.TRANSIENT,
                    client.id() + ": webservice/upload.php answered HTTP " + a.status() + " without JSON");
        }
        if (reply.isObject()) {
            throw MoodleErrors.toException(client.id(), "webservice/upload.php", MoodleErrorAnswer.read(reply));
        }
        JsonNode first = reply.path(0);
        if (first.has("errortype") || !first.has("itemid")) {
            throw new MoodleException(client.id(), first.path("errortype").asText("upload-refused"), Kind.PERMANENT,
                    client.id() + ": the upload of " + filename + " was refused (" + first.path("error").asText("no file "
                            + "record in the answer") + ")");
        }
        return first.path("itemid").asLong();
    }

    /** Merges the draft item into the person's private files ({@code maxareabytes} when over their quota). */
    public void add(String personToken, long draftId) throws MoodleException {
        as(personToken).call(FN_ADD, Map.of("draftid", Long.toString(draftId)));
    }
}
