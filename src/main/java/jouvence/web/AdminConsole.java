package jouvence.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jouvence.AdminApi;
import jouvence.IntakeApi;
import jouvence.IntakeApi.Answer;
import jouvence.JouvenceConfig;
import jouvence.moodle.MoodleException;
import jouvence.moodle.MoodleSites;
import jouvence.pipeline.SiteHealth;
import jouvence.queue.RequestRepository;
import jouvence.queue.RestoreRequest;
import jouvence.web.Page.Ctx;
import jouvence.web.Sessions.Flash;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * The admins' console: the request list (filters, paging, sorting), a request's detail and trail with retry, cancel
 * and category, "restore a course for a user", the Moodles' health and "run the queue now". The operations are
 * {@link AdminApi}'s and {@link IntakeApi}'s: the same rules and messages as the REST API. The pages themselves are
 * {@link AdminListView}'s and {@link AdminDetailView}'s.
 */
public class AdminConsole {

    private static final Logger LOG = LoggerFactory.getLogger(AdminConsole.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JouvenceConfig config;
    private final MoodleSites sites;
    private final RequestRepository requests;
    private final AdminApi adminApi;
    private final IntakeApi intakeApi;
    private final Sessions sessions;
    private final AdminListView listView;
    private final AdminDetailView detailView;

    public AdminConsole(JouvenceConfig config, MoodleSites sites, RequestRepository requests, AdminApi adminApi,
                        IntakeApi intakeApi, SiteHealth health, Sessions sessions) {
        this.config = config;
        this.sites = sites;
        this.requests = requests;
        this.adminApi = adminApi;
        this.intakeApi = intakeApi;
        this.sessions = sessions;
        this.listView = new AdminListView(config, sites, requests, health);
        this.detailView = new AdminDetailView(sites, requests);
    }

    // --- the pages ------------------------------------------------------------------------------------------------

    public WebResponse list(Ctx c, Flash flash) {
        return listView.page(c, flash);
    }

    public WebResponse detail(Ctx c, Flash flash) {
        return detailView.page(c, flash, requestOf(c.req().path()));
    }

    // --- the forms ------------------------------------------------------------------------------------------------

    /** retry, cancel or category, through AdminApi; back to the detail page with the outcome. */
    public WebResponse change(Ctx c, String what) {
        Messages m = c.m();
        Optional<RestoreRequest> found = requestOf(c.req().path());
        if (found.isEmpty()) {
            return flash(c, "/admin", "error", m.t("admin.norequest"));
        }
        String id = Long.toString(found.get().id());
        String by = c.username() + " (web)";
        Answer a = switch (what) {
            case "retry" -> adminApi.retry(id, by);
            case "cancel" -> adminApi.cancel(id, by);
            default -> {
                String cat = c.req().f("category") == null ? "" : c.req().f("category").strip();
                yield adminApi.changeCategory(id, JSON.createObjectNode().put("category", cat).toString(), by);
            }
        };
        String back = "/admin/requests/" + id;
        if (a.status() != 200) {
            return flash(c, back, "error", TeacherPage.errorOf(a));
        }
        LOG.info("web: {} {} request {}", c.username(), what, id);
        WebResponse r = flash(c, back, "info", m.t("admin.done." + what, id));
        r.runQueue = what.equals("retry");
        return r;
    }

    public WebResponse restoreForUser(Ctx c) {
        Messages m = c.m();
        WebRequest q = c.req();
        String server = blank(q.f("server"));
        String courseText = blank(q.f("remoteCourseId"));
        boolean forNobody = q.f("forNobody") != null;
        String username = blank(q.f("username"));
        if (server == null || !config.servers().containsKey(server)) {
            return flash(c, "/admin", "error", m.t("admin.filter.server", server == null ? "" : server));
        }
        if (courseText == null || !courseText.matches("[1-9]\\d{0,17}")) {
            return flash(c, "/admin", "error", m.t("admin.rfu.badcourse"));
        }
        if (forNobody == (username != null)) {
            return flash(c, "/admin", "error", m.t("admin.rfu.who"));
        }
        String fullname = null;
        try {
            Optional<MoodleSites.Course> course = sites.courseBy(server, "id", courseText);
            if (course.isEmpty()) {
                return flash(c, "/admin", "error", m.t("admin.rfu.nocourse", courseText, server));
            }
            fullname = course.get().fullname();
        } catch (MoodleException e) {
            LOG.warn("web: cannot look course {} up on {}: {}", courseText, server, e.getMessage());
        }
        ObjectNode json = JSON.createObjectNode();
        json.put("server", server).put("remoteCourseId", Long.parseLong(courseText))
                .put("withUserData", q.f("withUserData") != null);
        if (blank(q.f("enrolmentMode")) != null) {
            json.put("enrolmentMode", q.f("enrolmentMode").strip());
        }
        String category = blank(q.f("category"));
        if (category != null) {
            if (category.matches("\\d{1,18}")) {
                json.put("category", Long.parseLong(category));
            } else {
                json.put("category", category);
            }
        }
        if (forNobody) {
            json.put("forNobody", true).put("scheduledBy", c.username());
        } else {
            json.put("requester", username);
        }
        Answer a = intakeApi.create(json.toString(), c.username());
        if (a.status() != 201) {
            return flash(c, "/admin", "error", (fullname == null ? "" : fullname + ": ") + TeacherPage.errorOf(a));
        }
        long id;
        try {
            JsonNode created = JSON.readTree(a.json());
            id = created.path("id").asLong();
            if (fullname != null) {
                requests.saveRemoteCourseName(id, fullname);
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        LOG.info("web: {} scheduled request {} (course {} of {} for {})", c.username(), id, courseText, server,
                forNobody ? "nobody" : username);
        return flash(c, "/admin", "info", m.t("admin.rfu.done", id, fullname == null ? courseText : fullname, server,
                forNobody ? m.t("admin.nobody") : username));
    }

    public WebResponse runQueue(Ctx c) {
        WebResponse r = flash(c, "/admin", "info", c.m().t("admin.queue.running"));
        r.runQueue = true;
        LOG.info("web: {} asked for a queue run", c.username());
        return r;
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    private WebResponse flash(Ctx c, String location, String kind, String text) {
        sessions.flash(c.session().idHash(), kind, text);
        return WebResponse.redirect(location);
    }

    private Optional<RestoreRequest> requestOf(String path) {
        var matcher = java.util.regex.Pattern.compile("/admin/requests/(\\d{1,18})(/.*)?").matcher(path);
        return matcher.matches() ? requests.find(Long.parseLong(matcher.group(1))) : Optional.empty();
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
