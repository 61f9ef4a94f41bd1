package jouvence.courses.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jouvence.courses.Caller;
import jouvence.courses.NotFoundException;
import jouvence.courses.RestoreService;
import jouvence.courses.api.IntakeApi.Answer;

/**
 * The REST API on existing requests: retry, cancel, change the category, enrol a colleague. Parses the path and the
 * body, calls the {@link RestoreService}, answers with the request (or the enrolment). Plain Java, no Camel.
 */
public class AdminApi {

    private static final ObjectMapper JSON = ApiJson.STRICT;

    private final RestoreService service;
    private final IntakeApi views;

    public AdminApi(RestoreService service, IntakeApi views) {
        this.service = service;
        this.views = views;
    }

    public Answer retry(String idText, String by) {
        return change(idText, id -> service.retry(id, new Caller(by, "api")));
    }

    public Answer cancel(String idText, String by) {
        return change(idText, id -> service.cancel(id, new Caller(by, "api")));
    }

    /** {@code {"category": "default" | "original" | id}}, while the request has not started or ended in error. */
    public Answer changeCategory(String idText, String body, String by) {
        String category;
        try {
            JsonNode in = JSON.readTree(body == null ? "" : body);
            JsonNode c = in == null ? null : in.get("category");
            category = c == null ? null : c.isIntegralNumber() && c.asLong() > 0 ? Long.toString(c.asLong())
                    : c.isTextual() ? c.asText() : null;
        } catch (JsonProcessingException e) {
            return ApiAnswers.error(400, "malformed JSON (" + e.getOriginalMessage()
                    + "): send {\"category\": \"default\" | \"original\" | <id>}");
        }
        return change(idText, id -> service.changeCategory(id, category, new Caller(by, "api")));
    }

    /** {@code {"username": "teacher2"}}: see {@link RestoreService#enrolColleague}. */
    public Answer enrolColleague(String idText, String body, String by) {
        String username;
        try {
            JsonNode in = JSON.readTree(body == null ? "" : body);
            username = in == null || !in.path("username").isTextual() ? null : in.get("username").asText().strip();
        } catch (JsonProcessingException e) {
            return ApiAnswers.error(400, "malformed JSON (" + e.getOriginalMessage() + "): send {\"username\": \"…\"}");
        }
        String colleague = username;
        return ApiAnswers.answer(200, () -> {
            if (!validId(idText)) {
                throw new NotFoundException("no restore request " + idText);
            }
            return ApiViews.Enrolment.of(service.enrolColleague(Long.parseLong(idText), colleague,
                    new Caller(by, "api")));
        });
    }

    private Answer change(String idText, java.util.function.LongFunction<jouvence.courses.RestoreRequest> action) {
        if (!validId(idText)) {
            return ApiAnswers.error(400, "the request id must be a positive integer");
        }
        return ApiAnswers.answer(200, () -> views.view(action.apply(Long.parseLong(idText)), true));
    }

    private static boolean validId(String idText) {
        return idText != null && idText.matches("\\d{1,18}");
    }
}
