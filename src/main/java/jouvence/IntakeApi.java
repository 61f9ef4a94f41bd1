package jouvence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jouvence.moodle.MoodleSites;
import jouvence.pipeline.SiteHealth;
import jouvence.queue.DuplicateRequestException;
import jouvence.queue.RequestEvent;
import jouvence.queue.RestoreRequest;
import jouvence.queue.Status;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The REST API's logic, without Camel: validation with messages naming the bad field, and the JSON views. */
public class IntakeApi {

    /** An HTTP answer: status and a JSON body. */
    public record Answer(int status, String json) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS =
            Set.of("server", "remoteCourseId", "requester", "withUserData", "enrolmentMode", "category");
    private static final Map<String, Integer> ENROLMENT_MODES = Map.of("never", 0, "with-users", 1, "always", 2);

    private final JouvenceConfig config;
    private final jouvence.queue.RequestRepository requests;
    private final MoodleSites sites;
    private final SiteHealth health;

    public IntakeApi(JouvenceConfig config, jouvence.queue.RequestRepository requests, MoodleSites sites,
                     SiteHealth health) {
        this.config = config;
        this.requests = requests;
        this.sites = sites;
        this.health = health;
    }

    /** True when the Authorization header carries the admin bearer token (compared in constant time). */
    public boolean authorized(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ") || config.apiToken().isBlank()) {
            return false;
        }
        byte[] given = authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, config.apiToken().getBytes(StandardCharsets.UTF_8));
    }

    public Answer unauthorized() {
        return error(401, "missing or wrong bearer token (Authorization: Bearer <jouvence.api.token>)");
    }

    public Answer create(String body, String caller) {
        if (body == null || body.isBlank()) {
            return error(400, "the request body is empty: send a JSON object");
        }
        if (body.getBytes(StandardCharsets.UTF_8).length > config.apiMaxBodyBytes()) {
            return error(400, "the request body is larger than " + config.apiMaxBodyBytes() + " bytes");
        }
        JsonNode in;
        try {
            in = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return error(400, "malformed JSON: " + e.getOriginalMessage());
        }
        if (in == null || !in.isObject()) {
            return error(400, "the request body must be a JSON object");
        }
        for (Iterator<String> names = in.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                return error(400, "unknown field '" + name + "' (known: " + String.join(", ", FIELDS.stream().sorted().toList())
                        + ")");
            }
        }
        JsonNode server = in.get("server");
        if (server == null || !server.isTextual() || server.asText().isBlank()) {
            return error(400, "field 'server' is required: the id of a configured course server ("
                    + String.join(", ", config.servers().keySet()) + ")");
        }
        if (!config.servers().containsKey(server.asText())) {
            return error(400, "field 'server': unknown course server '" + server.asText() + "' (configured: "
                    + String.join(", ", config.servers().keySet()) + ")");
        }
        JsonNode course = in.get("remoteCourseId");
        if (course == null || !course.canConvertToLong() || !course.isIntegralNumber() || course.asLong() <= 0) {
            return error(400, "field 'remoteCourseId' must be a positive integer (the course id on the old platform)");
        }
        JsonNode requester = in.get("requester");
        if (requester == null || !requester.isTextual() || requester.asText().isBlank()) {
            return error(400, "field 'requester' is required: the teacher's username");
        }
        String username = requester.asText().strip();
        if (username.length() > 100 || !username.matches("[\\p{L}\\p{N}_.@+-]+")) {
            return error(400, "field 'requester' is not a Moodle username (letters, digits, _ . @ + - ; at most 100)");
        }
        JsonNode withUserData = in.get("withUserData");
        if (withUserData != null && !withUserData.isBoolean()) {
            return error(400, "field 'withUserData' must be true or false");
        }
        JsonNode mode = in.get("enrolmentMode");
        if (mode != null && (!mode.isTextual() || !ENROLMENT_MODES.containsKey(mode.asText()))) {
            return error(400, "field 'enrolmentMode' must be one of always, with-users, never");
        }
        JsonNode category = in.get("category");
        String cat = "default";
        if (category != null) {
            if (category.isIntegralNumber() && category.asLong() > 0) {
                cat = Long.toString(category.asLong());
            } else if (category.isTextual() && category.asText().matches("default|original|[1-9]\\d{0,17}")) {
                cat = category.asText();
            } else {
                return error(400, "field 'category' must be \"default\", \"original\" or a category id of the new platform");
            }
        }
        try {
            RestoreRequest r = requests.insert(server.asText(), course.asLong(), null, username, caller, cat,
                    withUserData != null && withUserData.asBoolean(),
                    mode == null ? 2 : ENROLMENT_MODES.get(mode.asText()));
            return json(201, view(r, false));
        } catch (DuplicateRequestException e) {
            return error(409, e.getMessage());
        }
    }

    public Answer get(String idText) {
        if (idText == null || !idText.matches("\\d{1,18}")) {
            return error(400, "the request id must be a positive integer");
        }
        return requests.find(Long.parseLong(idText)).map(r -> json(200, view(r, true)))
                .orElseGet(() -> error(404, "no restore request " + idText));
    }

    public Answer list(String status, String requester, String server, String limit, String offset) {
        Status s;
        try {
            s = status == null || status.isBlank() ? null : Status.parse(status);
        } catch (IllegalArgumentException e) {
            return error(400, "parameter 'status': unknown status '" + status + "' (scheduled, in-progress, performed, "
                    + "error, waiting-retry, cancelled, or their codes 0, 1, 2, -1, 3, 4)");
        }
        if (server != null && !server.isBlank() && !config.servers().containsKey(server)) {
            return error(400, "parameter 'server': unknown course server '" + server + "'");
        }
        int lim = boundedInt(limit, 50, 500);
        int off = boundedInt(offset, 0, Integer.MAX_VALUE);
        if (lim < 0 || off < 0) {
            return error(400, "parameters 'limit' (1-500) and 'offset' must be non-negative integers");
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (RestoreRequest r : requests.list(s, blankToNull(requester), blankToNull(server), lim, off)) {
            rows.add(view(r, false));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("limit", lim);
        out.put("offset", off);
        out.put("requests", rows);
        return json(200, out);
    }

    public Answer sites() {
        Map<String, Object> out = new LinkedHashMap<>();
        health.lastProbes().forEach((id, p) -> {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("ok", p.ok());
            v.put("down", health.isDown(id));
            v.put("sitename", p.siteName());
            v.put("release", p.release());
            v.put("problem", p.problem());
            v.put("checkedAt", ts(p.at()));
            out.put(id, v);
        });
        return json(200, out);
    }

    public Answer accepted(String message) {
        return json(202, Map.of("message", message));
    }

    Map<String, Object> view(RestoreRequest r, boolean withEvents) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", r.id());
        v.put("status", r.status().label());
        v.put("statusCode", r.status().code);
        v.put("server", r.serverId());
        v.put("remoteCourseId", r.remoteCourseId());
        v.put("remoteCourseName", r.remoteCourseName());
        v.put("requester", r.requester());
        v.put("scheduledBy", r.scheduledBy());
        v.put("withUserData", r.withUserData());
        v.put("enrolmentMode", ENROLMENT_MODES.entrySet().stream().filter(e -> e.getValue() == r.enrolmentMode())
                .map(Map.Entry::getKey).findFirst().orElse("?"));
        v.put("category", r.category());
        v.put("targetCategoryId", r.targetCategoryId());
        v.put("restoredCourseId", r.restoredCourseId());
        v.put("restoredCourseUrl", r.restoredCourseId() == null ? null : sites.courseUrl(r.restoredCourseId()));
        v.put("step", r.step());
        v.put("attempts", r.attempts());
        v.put("nextAttemptAt", r.status().active() ? ts(r.nextAttemptAt()) : null);
        if (r.lastErrorCode() != null) {
            Map<String, Object> err = new LinkedHashMap<>();
            err.put("step", r.lastErrorStep());
            err.put("code", r.lastErrorCode());
            err.put("message", r.lastErrorMessage());
            v.put("lastError", err);
        } else {
            v.put("lastError", null);
        }
        v.put("warnings", r.warnings());
        if (r.archiveBytes() != null) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("bytes", r.archiveBytes());
            a.put("fullname", r.archiveFullname());
            a.put("shortname", r.archiveShortname());
            a.put("moodleRelease", r.archiveRelease());
            a.put("includesUsers", r.archiveIncludesUsers());
            v.put("archive", a);
        }
        v.put("createdAt", ts(r.createdAt()));
        v.put("modifiedAt", ts(r.modifiedAt()));
        v.put("processedAt", ts(r.processedAt()));
        if (withEvents) {
            List<Map<String, Object>> events = new ArrayList<>();
            for (RequestEvent e : requests.events(r.id())) {
                Map<String, Object> ev = new LinkedHashMap<>();
                ev.put("at", ts(e.at()));
                ev.put("step", e.step());
                ev.put("outcome", e.outcome());
                ev.put("durationMs", e.durationMs());
                ev.put("message", e.message());
                ev.put("instance", e.instance());
                events.add(ev);
            }
            v.put("events", events);
        }
        return v;
    }

    private static String ts(java.time.Instant t) {
        return t == null ? null : t.toString();
    }

    private static int boundedInt(String text, int dflt, int max) {
        if (text == null || text.isBlank()) {
            return dflt;
        }
        if (!text.matches("\\d{1,9}")) {
            return -1;
        }
        return Math.min(Integer.parseInt(text), max);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    static Answer error(int status, String message) {
        return json(status, Map.of("error", message, "status", status));
    }

    static Answer json(int status, Object body) {
        try {
            return new Answer(status, JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
