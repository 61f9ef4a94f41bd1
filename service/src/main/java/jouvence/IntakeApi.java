package jouvence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jouvence.moodle.MoodleSites;
import jouvence.pipeline.SiteHealth;
import jouvence.queue.DuplicateRequestException;
import jouvence.queue.RequestEvent;
import jouvence.queue.RequestRepository.NewRequest;
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
    /** The request fields, plus the API's own: an admin's restore for nobody says who scheduled it. */
    private static final Set<String> FIELDS = java.util.stream.Stream.concat(RequestFields.NAMES.stream(),
            java.util.stream.Stream.of("forNobody", "scheduledBy")).collect(java.util.stream.Collectors.toUnmodifiableSet());
    private static final Map<String, Integer> ENROLMENT_MODES = RequestFields.ENROLMENT_MODES;

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
        boolean forNobody = in.path("forNobody").asBoolean(false);
        if (in.has("forNobody") && !in.get("forNobody").isBoolean()) {
            return error(400, "field 'forNobody' must be true or false");
        }
        String scheduledBy = caller;
        String source = "api";
        if (forNobody) {
            if (!in.path("scheduledBy").isTextual() || in.get("scheduledBy").asText().isBlank()) {
                return error(400, "field 'scheduledBy' is required with forNobody: the admin who schedules the restore");
            }
            scheduledBy = in.get("scheduledBy").asText().strip();
            source = "admin";
        } else if (in.has("scheduledBy")) {
            return error(400, "field 'scheduledBy' is only for a restore for nobody (forNobody: true)");
        }
        RequestFields.Fields f;
        NewRequest request;
        try {
            f = RequestFields.check(RequestFields.fromJson(in), config.servers().keySet(), !forNobody);
            request = RequestFields.applyUserDataPolicy(f.toNewRequest(scheduledBy, source, null), config.parity());
        } catch (RequestFields.InvalidField e) {
            return error(400, e.getMessage());
        }
        if (forNobody) {
            // The server will not check ownership: check at least that the course exists (as the plugin's admin page).
            try {
                var course = sites.courseBy(f.server(), "id", Long.toString(f.remoteCourseId()));
                if (course.isEmpty()) {
                    return error(400, "field 'remoteCourseId': course " + f.remoteCourseId() + " does not exist on "
                            + f.server());
                }
                request = new NewRequest(request.serverId(), request.remoteCourseId(), course.get().fullname(), null,
                        request.scheduledBy(), request.category(), request.withUserData(), request.enrolmentMode(),
                        request.source(), null);
            } catch (jouvence.moodle.MoodleException e) {
                // unreachable now: the backup will tell
            }
        }
        try {
            return json(201, view(requests.insert(request), false));
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
        return list(status, requester, server, null, null, limit, offset);
    }

    /** {@code from}/{@code to}: creation dates, as 2026-11-21 or 2026-11-21T10:00:00Z; {@code to} is exclusive. */
    public Answer list(String status, String requester, String server, String from, String to, String limit,
                       String offset) {
        java.time.Instant since;
        java.time.Instant until;
        try {
            since = instant(from);
            until = instant(to);
        } catch (java.time.format.DateTimeParseException e) {
            return error(400, "parameters 'from' and 'to' are dates like 2026-11-21 or 2026-11-21T10:00:00Z");
        }
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
        for (RestoreRequest r : requests.list(s, blankToNull(requester), blankToNull(server), since, until, lim, off)) {
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

    private static java.time.Instant instant(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        return text.strip().length() == 10 ? java.time.LocalDate.parse(text.strip()).atStartOfDay(java.time.ZoneOffset.UTC)
                .toInstant() : java.time.Instant.parse(text.strip());
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
