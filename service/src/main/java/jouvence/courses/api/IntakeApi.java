package jouvence.courses.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jouvence.JouvenceConfig;
import jouvence.courses.Caller;
import jouvence.courses.CourseDirectory;
import jouvence.courses.InvalidRequestException;
import jouvence.courses.RequestQuery;
import jouvence.courses.RestoreRequest;
import jouvence.courses.RestoreService;
import jouvence.courses.Status;
import jouvence.courses.intake.Echo;
import jouvence.courses.intake.RequestFields;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The REST API on new and listed requests, without Camel: parses the body and the parameters (with messages naming
 * the bad field), calls the {@link RestoreService}, and writes its answer as an {@link ApiViews} record.
 */
public class IntakeApi {

    /** An HTTP answer: status and a JSON body. */
    public record Answer(int status, Object body) {
    }

    private static final ObjectMapper JSON = ApiJson.STRICT;
    /** The request fields, plus the API's own: an admin's restore for nobody says who scheduled it. */
    private static final Set<String> FIELDS = Stream.concat(RequestFields.NAMES.stream(),
            Stream.of("forNobody", "scheduledBy")).collect(Collectors.toUnmodifiableSet());

    private final JouvenceConfig config;
    private final RestoreService service;
    private final CourseDirectory directory;

    public IntakeApi(JouvenceConfig config, RestoreService service, CourseDirectory directory) {
        this.config = config;
        this.service = service;
        this.directory = directory;
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
        return ApiAnswers.error(401, "missing or wrong bearer token (Authorization: Bearer <jouvence.api.token>)");
    }

    /** True when the Content-Type declares JSON (application/json or application/…+json, any parameters). */
    public boolean jsonBody(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || type.startsWith("application/") && type.endsWith("+json");
    }

    public Answer unsupportedMediaType(String contentType) {
        String given = contentType == null ? "none" : contentType.length() > 100 ? contentType.substring(0, 100) + "…"
                : contentType;
        return ApiAnswers.error(415, "the body must be JSON sent with Content-Type: application/json (got " + given
                + ")");
    }

    public Answer create(String body, String caller) {
        return ApiAnswers.answer(201, () -> view(createFrom(body, caller), false));
    }

    private RestoreRequest createFrom(String body, String caller) {
        JsonNode in = ApiJson.object(body, config.apiMaxBodyBytes(), FIELDS);
        boolean forNobody = in.path("forNobody").asBoolean(false);
        if (in.has("forNobody") && !in.get("forNobody").isBoolean()) {
            throw new InvalidRequestException("field 'forNobody' must be true or false");
        }
        Caller who = new Caller(caller, "api");
        if (forNobody) {
            if (!in.path("scheduledBy").isTextual() || in.get("scheduledBy").asText().isBlank()) {
                throw new InvalidRequestException(
                        "field 'scheduledBy' is required with forNobody: the admin who schedules the restore");
            }
            who = new Caller(in.get("scheduledBy").asText().strip(), "admin");
        } else if (in.has("scheduledBy")) {
            throw new InvalidRequestException("field 'scheduledBy' is only for a restore for nobody (forNobody: true)");
        }
        RequestFields.Fields f = RequestFields.check(RequestFields.fromJson(in), config.servers().keySet(), !forNobody);
        return service.create(f.toNewRestore(null), who);
    }

    public Answer get(String idText) {
        if (idText == null || !idText.matches("\\d{1,18}")) {
            return ApiAnswers.error(400, "the request id must be a positive integer");
        }
        return ApiAnswers.answer(200, () -> view(service.get(Long.parseLong(idText)), true));
    }

    public Answer list(String status, String requester, String server, String limit, String offset) {
        return list(status, requester, server, null, null, limit, offset);
    }

    /** The list filtered by the query string's parameters (status, requester, server, from, to, limit, offset). */
    public Answer list(Map<String, String> query) {
        return list(query.get("status"), query.get("requester"), query.get("server"), query.get("from"),
                query.get("to"), query.get("limit"), query.get("offset"));
    }

    /** {@code from}/{@code to}: creation dates, as 2026-11-21 or 2026-11-21T10:00:00Z; {@code to} is exclusive. */
    public Answer list(String status, String requester, String server, String from, String to, String limit,
                       String offset) {
        Instant since;
        Instant until;
        try {
            since = instant(from);
            until = instant(to);
        } catch (DateTimeParseException e) {
            return ApiAnswers.error(400, "parameters 'from' and 'to' are dates like 2026-11-21 or 2026-11-21T10:00:00Z");
        }
        Status s;
        try {
            s = status == null || status.isBlank() ? null : Status.parse(status);
        } catch (IllegalArgumentException e) {
            return ApiAnswers.error(400, "parameter 'status': unknown status '" + status + "' (scheduled, in-progress, "
                    + "performed, error, waiting-retry, cancelled, or their codes 0, 1, 2, -1, 3, 4)");
        }
        if (server != null && !server.isBlank() && !directory.isServer(server)) {
            return ApiAnswers.error(400, "parameter 'server': unknown course server " + Echo.quoted(server));
        }
        int lim = boundedInt(limit, 50, 500);
        int off = boundedInt(offset, 0, Integer.MAX_VALUE);
        if (lim < 1 || off < 0) {
            return ApiAnswers.error(400, "parameters 'limit' (1-500, default 50) and 'offset' (0 or more) must be "
                    + "whole numbers in their range");
        }
        RequestQuery query = new RequestQuery(s, blankToNull(requester), blankToNull(server), since, until);
        return ApiAnswers.json(200, new ApiViews.Page(lim, off,
                service.list(query, lim, off).stream().map(r -> view(r, false)).toList()));
    }

    public Answer sites() {
        return ApiAnswers.json(200, ApiViews.sites(directory.siteStates()));
    }

    public Answer accepted(String message) {
        return ApiAnswers.json(202, new ApiViews.Message(message));
    }

    /** A request as the API shows it, with its trail when {@code withEvents}. */
    ApiViews.Request view(RestoreRequest r, boolean withEvents) {
        return ApiViews.Request.of(r, r.restoredCourseId() == null ? null : directory.courseUrl(r.restoredCourseId()),
                withEvents ? service.events(r.id()) : null);
    }

    private static Instant instant(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        return text.strip().length() == 10 ? LocalDate.parse(text.strip()).atStartOfDay(ZoneOffset.UTC).toInstant()
                : Instant.parse(text.strip());
    }

    /** The whole number {@code text}, {@code dflt} when absent, -1 when it is not one or is above {@code max}. */
    private static int boundedInt(String text, int dflt, int max) {
        if (text == null || text.isBlank()) {
            return dflt;
        }
        if (!text.matches("\\d{1,9}")) {
            return -1;
        }
        int n = Integer.parseInt(text);
        return n > max ? -1 : n;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
