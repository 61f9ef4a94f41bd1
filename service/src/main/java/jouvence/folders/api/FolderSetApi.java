package jouvence.folders.api;

import com.fasterxml.jackson.databind.JsonNode;
import jouvence.courses.InvalidRequestException;
import jouvence.courses.api.ApiAnswers;
import jouvence.courses.api.ApiJson;
import jouvence.courses.api.IntakeApi.Answer;
import jouvence.folders.DuplicateFolderSetException;
import jouvence.folders.FolderSetService;
import jouvence.folders.GroupMode;
import jouvence.folders.NewFolderSet;

import java.util.Map;
import java.util.Set;

/**
 * The folder sets' REST API without Camel: reads the body and the parameters (refusals name the field), calls the
 * {@link FolderSetService}, and answers with a {@link FolderSetViews} record. The token check, the 415 and the
 * JSON writing are the restore API's ({@code routes.ApiRouteBuilder}).
 */
public class FolderSetApi {

    private static final Set<String> FIELDS = Set.of("courseId", "name", "groupMode", "groupingId", "teacherAccess");
    private static final String ID = "\\d{1,18}";

    private final boolean enabled;
    private final FolderSetService service;
    private final int maxBodyBytes;

    /** @param service null when the folders are off (every call is then a 404 saying so) */
    public FolderSetApi(boolean enabled, FolderSetService service, int maxBodyBytes) {
        this.enabled = enabled && service != null;
        this.service = service;
        this.maxBodyBytes = maxBodyBytes;
    }

    public boolean enabled() {
        return enabled;
    }

    public Answer notEnabled() {
        return ApiAnswers.error(404, "collaborative folders are not enabled (jouvence.folders.enabled=false)");
    }

    public Answer create(String body, String caller) {
        DuplicateFolderSetException[] duplicate = new DuplicateFolderSetException[1];
        Answer a = ApiAnswers.answer(201, () -> {
            try {
                return FolderSetViews.Set.of(service.create(parse(body, caller)));
            } catch (DuplicateFolderSetException e) {
                duplicate[0] = e;
                throw e;
            }
        });
        return duplicate[0] == null ? a
                : ApiAnswers.json(409, new FolderSetViews.Duplicate(duplicate[0].getMessage(), 409,
                        duplicate[0].existingId()));
    }

    private NewFolderSet parse(String body, String caller) {
        JsonNode in = ApiJson.object(body, maxBodyBytes, FIELDS);
        JsonNode course = in.get("courseId");
        if (course == null || !course.isIntegralNumber() || !course.canConvertToLong()) {
            throw new InvalidRequestException("courseId: required, the id (a whole number) of a course of the new "
                    + "platform");
        }
        JsonNode name = in.get("name");
        if (name == null || !name.isTextual()) {
            throw new InvalidRequestException("name: required, a text");
        }
        JsonNode mode = in.get("groupMode");
        GroupMode groupMode;
        if (mode == null || !mode.isTextual()) {
            throw new InvalidRequestException("groupMode: required, none or groups");
        }
        try {
            groupMode = GroupMode.of(mode.asText());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("groupMode: " + e.getMessage());
        }
        JsonNode grouping = in.get("groupingId");
        Long groupingId = null;
        if (grouping != null && !grouping.isNull()) {
            if (!grouping.isIntegralNumber() || !grouping.canConvertToLong()) {
                throw new InvalidRequestException("groupingId: a grouping id (a whole number) or null");
            }
            groupingId = grouping.asLong();
        }
        JsonNode teachers = in.get("teacherAccess");
        if (teachers != null && !teachers.isBoolean()) {
            throw new InvalidRequestException("teacherAccess: true or false");
        }
        return new NewFolderSet(course.asLong(), null, name.asText(), groupMode, groupingId,
                teachers != null && teachers.asBoolean(), "api", caller);
    }

    public Answer get(String idText) {
        if (idText == null || !idText.matches(ID)) {
            return ApiAnswers.error(400, "id: the folder set's id must be a positive whole number");
        }
        return ApiAnswers.answer(200, () -> FolderSetViews.Set.of(service.get(Long.parseLong(idText))));
    }

    /** {@code course}, {@code state}, {@code limit} (1-500, default 50), {@code offset}. */
    public Answer list(Map<String, String> query) {
        for (String p : query.keySet()) {
            if (!Set.of("course", "state", "limit", "offset").contains(p)) {
                return ApiAnswers.error(400, "unknown parameter '" + p + "' (known: course, state, limit, offset)");
            }
        }
        String course = query.get("course");
        if (course != null && !course.matches(ID)) {
            return ApiAnswers.error(400, "course: a course id (a positive whole number)");
        }
        int limit = bounded(query.get("limit"), 50, 500);
        int offset = bounded(query.get("offset"), 0, Integer.MAX_VALUE);
        if (limit < 1 || offset < 0) {
            return ApiAnswers.error(400, "limit (1-500, default 50) and offset (0 or more) must be whole numbers in "
                    + "their range");
        }
        String state = query.get("state");
        return ApiAnswers.answer(200, () -> new FolderSetViews.Page(limit, offset, service.list(
                course == null ? null : Long.parseLong(course), state == null || state.isBlank() ? null : state, limit,
                offset).stream().map(FolderSetViews.Set::of).toList()));
    }

    public Answer sync(String idText, String caller) {
        if (idText == null || !idText.matches(ID)) {
            return ApiAnswers.error(400, "id: the folder set's id must be a positive whole number");
        }
        return ApiAnswers.answer(202, () -> new FolderSetViews.Done("folder set " + idText + " is being reconciled now",
                FolderSetViews.Set.of(service.sync(Long.parseLong(idText), caller))));
    }

    public Answer stop(String idText, String caller) {
        if (idText == null || !idText.matches(ID)) {
            return ApiAnswers.error(400, "id: the folder set's id must be a positive whole number");
        }
        return ApiAnswers.answer(200, () -> new FolderSetViews.Done("folder set " + idText + " is no longer managed: "
                + "its folders are never deleted and its shares stay as they are in the cloud",
                FolderSetViews.Set.of(service.stopManaging(Long.parseLong(idText), caller))));
    }

    private static int bounded(String text, int dflt, int max) {
        if (text == null || text.isBlank()) {
            return dflt;
        }
        if (!text.matches("\\d{1,9}")) {
            return -1;
        }
        int n = Integer.parseInt(text);
        return n > max ? -1 : n;
    }
}
