package jouvence.userdata.api;

import com.fasterxml.jackson.databind.JsonNode;
import jouvence.courses.InvalidRequestException;
import jouvence.courses.api.ApiAnswers;
import jouvence.courses.api.ApiJson;
import jouvence.courses.api.IntakeApi.Answer;
import jouvence.userdata.UserDataService;
import jouvence.userdata.store.UserDataRepository;

import java.util.Map;
import java.util.Set;

/**
 * The user-data imports' REST API without Camel (admin bearer token, checked by {@code routes.ApiRouteBuilder}):
 * {@code POST /api/v1/user-data-imports {"server","username"}}, one, the list. Refusals name the field.
 */
public class UserDataApi {

    private static final Set<String> FIELDS = Set.of("server", "username");
    private static final String ID = "\\d{1,18}";

    private final boolean enabled;
    private final UserDataService service;
    private final int maxBodyBytes;

    public UserDataApi(boolean enabled, UserDataService service, int maxBodyBytes) {
        this.enabled = enabled && service != null;
        this.service = service;
        this.maxBodyBytes = maxBodyBytes;
    }

    public boolean enabled() {
        return enabled;
    }

    public Answer notEnabled() {
        return ApiAnswers.error(404, "profile and preferences imports are not enabled (jouvence.user-data.enabled=false)");
    }

    public Answer create(String body) {
        UserDataRepository.Created[] made = new UserDataRepository.Created[1];
        Answer a = ApiAnswers.answer(201, () -> {
            JsonNode in = ApiJson.object(body, maxBodyBytes, FIELDS);
            made[0] = service.request(text(in, "server"), text(in, "username"), "api", "api");
            return UserDataViews.Import.of(made[0].row(), null);
        });
        if (made[0] != null && !made[0].created()) {
            return ApiAnswers.json(409, new UserDataViews.Existing("an import of '" + made[0].row().username()
                    + "' from " + made[0].row().server() + " is already " + made[0].row().status().label(), 409,
                    made[0].row().id()));
        }
        return a;
    }

    private static String text(JsonNode in, String field) {
        JsonNode n = in.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw new InvalidRequestException(field + ": a text");
        }
        return n.asText();
    }

    public Answer get(String idText) {
        if (idText == null || !idText.matches(ID)) {
            return ApiAnswers.error(400, "id: the import's id must be a positive whole number");
        }
        long id = Long.parseLong(idText);
        return ApiAnswers.answer(200, () -> UserDataViews.Import.of(service.get(id), service.events(id)));
    }

    /** {@code status}, {@code username}, {@code limit} (1-500, default 50), {@code offset}. */
    public Answer list(Map<String, String> query) {
        for (String p : query.keySet()) {
            if (!Set.of("status", "username", "limit", "offset").contains(p)) {
                return ApiAnswers.error(400, "unknown parameter '" + p + "' (known: status, username, limit, offset)");
            }
        }
        int limit = bounded(query.get("limit"), 50, 500);
        int offset = bounded(query.get("offset"), 0, Integer.MAX_VALUE);
        if (limit < 1 || offset < 0) {
            return ApiAnswers.error(400, "limit (1-500, default 50) and offset (0 or more) must be whole numbers in "
                    + "their range");
        }
        String status = blankToNull(query.get("status"));
        String username = blankToNull(query.get("username"));
        return ApiAnswers.answer(200, () -> new UserDataViews.Page(limit, offset, service.list(status, username, limit,
                offset).stream().map(i -> UserDataViews.Import.of(i, null)).toList()));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
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
