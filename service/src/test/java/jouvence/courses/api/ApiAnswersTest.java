package jouvence.courses.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jouvence.courses.ConflictException;
import jouvence.courses.DuplicateRequestException;
import jouvence.courses.EnrolmentMode;
import jouvence.courses.ForbiddenException;
import jouvence.courses.InvalidRequestException;
import jouvence.courses.NotFoundException;
import jouvence.courses.RequestEvent;
import jouvence.courses.RestoreRequest;
import jouvence.courses.Status;
import jouvence.courses.UnavailableException;
import jouvence.courses.UpstreamException;
import jouvence.courses.api.IntakeApi.Answer;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The REST layer's one mapping of refusals to status codes, and the request view's JSON, without Camel. */
class ApiAnswersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static RestoreRequest request(Status status, Long archiveBytes) {
        return new RestoreRequest(7, status, "old", 5, "Maths", "teacher1", null, "api", "default", null, false, 1,
                12L, "done", 1, Instant.parse("2026-11-21T10:00:00Z"), null, null, 3, null, null, null, List.of("w"),
                null, archiveBytes, "Maths 1", "M1", "4.4", false, Instant.parse("2026-11-20T10:00:00Z"),
                Instant.parse("2026-11-21T10:00:00Z"), null, "api", null);
    }

    @Test
    void each_refusal_has_its_status_and_keeps_its_message() throws Exception {
        Map<Integer, Supplier<RuntimeException>> refusals = Map.of(
                400, () -> new InvalidRequestException("field 'x' is bad"),
                403, () -> new ForbiddenException("switched off"),
                404, () -> new NotFoundException("no restore request 9"),
                409, () -> new ConflictException("request 9 is performed"),
                502, () -> new UpstreamException("the new platform failed"),
                503, () -> new UnavailableException("cannot check"));
        for (var e : refusals.entrySet()) {
            RuntimeException refusal = e.getValue().get();
            Answer a = ApiAnswers.answer(200, () -> {
                throw refusal;
            });
            assertEquals(e.getKey(), a.status(), refusal.getMessage());
            JsonNode body = JSON.valueToTree(a.body());
            assertEquals(refusal.getMessage(), body.get("error").asText());
            assertEquals(e.getKey(), body.get("status").asInt());
        }
        Answer duplicate = ApiAnswers.answer(201, () -> {
            throw new DuplicateRequestException("old", 5, "teacher1", false);
        });
        assertEquals(409, duplicate.status());
        assertEquals(201, ApiAnswers.answer(201, () -> new ApiViews.Message("ok")).status());
    }

    @Test
    void a_request_is_written_with_the_api_field_names_in_their_order() throws Exception {
        RequestEvent event = new RequestEvent(1, Instant.parse("2026-11-21T10:00:00Z"), "backup", "ok", 1200L, null,
                "pod-1");
        JsonNode alone = JSON.valueToTree(ApiAnswers.json(200, ApiViews.Request.of(request(Status.PERFORMED, 2048L),
                "http://new/course/view.php?id=12", List.of(event))).body());
        List<String> names = new ArrayList<>();
        alone.fieldNames().forEachRemaining(names::add);
        assertEquals(List.of("id", "status", "statusCode", "server", "remoteCourseId", "remoteCourseName", "requester",
                "scheduledBy", "withUserData", "enrolmentMode", "category", "targetCategoryId", "restoredCourseId",
                "restoredCourseUrl", "step", "attempts", "nextAttemptAt", "lastError", "warnings", "archive",
                "createdAt", "modifiedAt", "processedAt", "events"), names);
        assertEquals("with-users", alone.get("enrolmentMode").asText());
        assertEquals("performed", alone.get("status").asText());
        assertTrue(alone.get("nextAttemptAt").isNull(), "no next attempt once performed");
        assertEquals(2048, alone.path("archive").path("bytes").asLong());
        assertEquals(1200, alone.path("events").path(0).path("durationMs").asLong());

        JsonNode listed = JSON.valueToTree(ApiAnswers.json(200, ApiViews.Request.of(request(Status.SCHEDULED, null),
                null, null)).body());
        assertFalse(listed.has("archive"), "no archive before the download");
        assertFalse(listed.has("events"), "the trail only for the request alone");
        assertTrue(listed.has("lastError") && listed.get("lastError").isNull(), "lastError is always there");
        assertEquals("2026-11-21T10:00:00Z", listed.get("nextAttemptAt").asText());
    }

    @Test
    void enrolment_modes_keep_the_plugin_codes() {
        assertEquals(EnrolmentMode.NEVER, EnrolmentMode.of(0));
        assertEquals(Optional.of(EnrolmentMode.WITH_USERS), EnrolmentMode.parse("with-users"));
        assertEquals(2, EnrolmentMode.parse("always").orElseThrow().code);
        assertEquals(Optional.empty(), EnrolmentMode.parse("sometimes"));
        assertEquals("never", EnrolmentMode.NEVER.label());
    }
}
