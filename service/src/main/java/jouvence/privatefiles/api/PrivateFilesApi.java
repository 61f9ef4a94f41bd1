package jouvence.privatefiles.api;

import jouvence.courses.api.ApiAnswers;
import jouvence.courses.api.IntakeApi.Answer;
import jouvence.privatefiles.PrivateFilesEvent;
import jouvence.privatefiles.PrivateFilesRequest;
import jouvence.privatefiles.PrivateFilesService;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The private files' admin API without Camel: the list, one request with its trail and files, and the refusal of any
 * attempt to make a request through the API (only the person asks, from their own session, for their own files).
 */
public class PrivateFilesApi {

    /** A request as the API shows it. */
    public record View(long id, String server, String username, String state, int attempts, String summary,
                       String lastError, boolean sessionAttached, String createdAt, String finishedAt) {
        static View of(PrivateFilesRequest r) {
            return new View(r.id(), r.serverId(), r.username(), r.stateWord(), r.attempts(), r.summary(),
                    r.lastError(), r.sessionAttached(), text(r.createdAt()), text(r.finishedAt()));
        }
    }

    /** A line of the trail as the API shows it. */
    public record Event(String at, String step, String outcome, String message, String instance) {
        static Event of(PrivateFilesEvent e) {
            return new Event(text(e.at()), e.step(), e.outcome(), e.message(), e.instance());
        }
    }

    static String text(Instant t) {
        return t == null ? null : t.toString();
    }

    public record Item(String path, String outcome, String finalPath, long size) {
    }

    public record Detail(View request, List<Item> files, List<Event> trail) {
    }

    public record Page(int limit, int offset, List<View> requests) {
    }

    private final PrivateFilesService service;

    public PrivateFilesApi(PrivateFilesService service) {
        this.service = service;
    }

    public boolean enabled() {
        return service != null && service.enabled();
    }

    public Answer notEnabled() {
        return ApiAnswers.error(404, "private files are not enabled (jouvence.private-files.enabled=false)");
    }

    /** Always refused: a request is made by the logged-in person on /private-files, for their own files only. */
    public Answer create() {
        return ApiAnswers.error(405, "private-files requests are made by the person themselves, logged in on "
                + "/private-files, for their own files only: no API call may name a username");
    }

    public Answer get(String idText) {
        if (idText == null || !idText.matches("\\d{1,18}")) {
            return ApiAnswers.error(400, "id: the request's id must be a positive whole number");
        }
        return service.get(Long.parseLong(idText))
                .map(d -> ApiAnswers.json(200, new Detail(View.of(d.request()), d.items().stream()
                        .map(i -> new Item(i[0], i[1], i[2], Long.parseLong(i[3]))).toList(),
                        d.trail().stream().map(Event::of).toList())))
                .orElseGet(() -> ApiAnswers.error(404, "no private-files request " + idText));
    }

    /** {@code state}, {@code limit} (1-500, default 50), {@code offset}. */
    public Answer list(Map<String, String> query) {
        for (String p : query.keySet()) {
            if (!Set.of("state", "limit", "offset").contains(p)) {
                return ApiAnswers.error(400, "unknown parameter '" + p + "' (known: state, limit, offset)");
            }
        }
        int limit = number(query.get("limit"), 50);
        int offset = number(query.get("offset"), 0);
        if (limit < 1 || limit > 500 || offset < 0) {
            return ApiAnswers.error(400, "limit (1-500, default 50) and offset (0 or more) must be whole numbers");
        }
        try {
            return ApiAnswers.json(200, new Page(limit, offset,
                    service.list(query.get("state"), limit, offset).stream().map(View::of).toList()));
        } catch (IllegalArgumentException e) {
            return ApiAnswers.error(400, e.getMessage());
        }
    }

    private static int number(String text, int dflt) {
        return text == null || text.isBlank() ? dflt : text.matches("\\d{1,9}") ? Integer.parseInt(text) : -1;
    }
}
