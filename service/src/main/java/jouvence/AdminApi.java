package jouvence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jouvence.IntakeApi.Answer;
import jouvence.moodle.MoodleException;
import jouvence.moodle.MoodleSites;
import jouvence.moodle.MoodleSites.ClientUser;
import jouvence.queue.DuplicateRequestException;
import jouvence.queue.RequestRepository;
import jouvence.queue.RestoreRequest;
import jouvence.queue.Status;

import java.util.Map;
import java.util.Optional;

/** Operations on existing requests: retry, cancel, change the category, enrol a colleague. Plain Java, no Camel. */
public class AdminApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JouvenceConfig config;
    private final RequestRepository requests;
    private final MoodleSites sites;
    private final IntakeApi views;

    public AdminApi(JouvenceConfig config, RequestRepository requests, MoodleSites sites, IntakeApi views) {
        this.config = config;
        this.requests = requests;
        this.sites = sites;
        this.views = views;
    }

    public Answer retry(String idText, String by) {
        return change(idText, id -> requests.retry(id, by), "only a request in error or cancelled can be retried");
    }

    public Answer cancel(String idText, String by) {
        return change(idText, id -> requests.cancel(id, by),
                "only a request not started yet (scheduled or waiting for retry) can be cancelled");
    }

    /** {@code {"category": "default" | "original" | id}}, while the request has not started or ended in error. */
    public Answer changeCategory(String idText, String body, String by) {
        String category;
        try {
            JsonNode in = JSON.readTree(body == null ? "" : body);
            JsonNode c = in == null ? null : in.get("category");
            category = c == null ? null : c.isIntegralNumber() && c.asLong() > 0 ? Long.toString(c.asLong())
                    : c.isTextual() && c.asText().matches("default|original|[1-9]\\d{0,17}") ? c.asText() : null;
        } catch (java.io.IOException e) {
            return IntakeApi.error(400, "malformed JSON: send {\"category\": \"default\" | \"original\" | <id>}");
        }
        if (category == null) {
            return IntakeApi.error(400, "field 'category' must be \"default\", \"original\" or a category id of the new "
                    + "platform");
        }
        if (category.matches("\\d+")) {
            try {
                if (sites.clientCategory("id", category).isEmpty()) {
                    return IntakeApi.error(400, "field 'category': category " + category
                            + " does not exist on the new platform");
                }
            } catch (MoodleException e) {
                return IntakeApi.error(503, "cannot check the category on the new platform: " + e.getMessage());
            }
        }
        String chosen = category;
        return change(idText, id -> requests.changeCategory(id, chosen, by),
                "the category can only change before the restore starts (scheduled, waiting or error)");
    }

    /**
     * Enrols {@code username} into the course another teacher already restored, with the colleagues' role, when they
     * teach the remote course too: checked live on the course server (the plugin never checked it).
     */
    public Answer enrolColleague(String idText, String body, String by) {
        if (!config.parity().colleaguesMayEnrol()) {
            return IntakeApi.error(403, "enrolling colleagues is switched off (jouvence.colleagues.enrol-enabled)");
        }
        String username;
        try {
            JsonNode in = JSON.readTree(body == null ? "" : body);
            username = in == null || !in.path("username").isTextual() ? null : in.get("username").asText().strip();
        } catch (java.io.IOException e) {
            username = null;
        }
        if (username == null || username.isEmpty()) {
            return IntakeApi.error(400, "field 'username' is required: the colleague to enrol");
        }
        Optional<RestoreRequest> found = find(idText);
        if (found.isEmpty()) {
            return notFound(idText);
        }
        RestoreRequest r = found.get();
        if (r.status() != Status.PERFORMED || r.restoredCourseId() == null) {
            return IntakeApi.error(409, "request " + r.id() + " is not performed: there is no restored course to enrol in");
        }
        try {
            boolean teaches = sites.teacherCourses(r.serverId(), username).stream()
                    .anyMatch(c -> c.id() == r.remoteCourseId());
            if (!teaches) {
                return IntakeApi.error(403, username + " does not teach course " + r.remoteCourseId() + " on "
                        + r.serverId() + ": only its teachers may be enrolled into its restored copy");
            }
            Optional<ClientUser> user = sites.clientUser(username);
            if (user.isEmpty()) {
                return IntakeApi.error(404, username + " has no account on the new platform");
            }
            sites.enrol(user.get().id(), r.restoredCourseId(), config.parity().colleagueRoleId());
        } catch (MoodleException e) {
            if ("invalidusername".equals(e.code())) {
                return IntakeApi.error(403, username + " has no account on " + r.serverId()
                        + ": only the course's teachers may be enrolled");
            }
            return IntakeApi.error(502, e.getMessage());
        }
        requests.event(r.id(), "colleague", "ok", null, username + " enrolled with role "
                + config.parity().colleagueRoleId() + " (asked by " + by + ")");
        return IntakeApi.json(200, Map.of("enrolled", username, "courseId", r.restoredCourseId(),
                "courseUrl", sites.courseUrl(r.restoredCourseId()), "roleId", config.parity().colleagueRoleId()));
    }

    private Answer change(String idText, java.util.function.LongFunction<Optional<RestoreRequest>> action,
                          String wrongState) {
        Optional<RestoreRequest> found = find(idText);
        if (found.isEmpty()) {
            return idText != null && idText.matches("\\d{1,18}") ? notFound(idText)
                    : IntakeApi.error(400, "the request id must be a positive integer");
        }
        try {
            return action.apply(found.get().id()).map(r -> IntakeApi.json(200, views.view(r, true)))
                    .orElseGet(() -> IntakeApi.error(409, wrongState + "; request " + found.get().id() + " is "
                            + found.get().status().label()));
        } catch (DuplicateRequestException e) {
            return IntakeApi.error(409, e.getMessage());
        }
    }

    private Optional<RestoreRequest> find(String idText) {
        return idText != null && idText.matches("\\d{1,18}") ? requests.find(Long.parseLong(idText)) : Optional.empty();
    }

    private static Answer notFound(String idText) {
        return IntakeApi.error(404, "no restore request " + idText);
    }
}
