package jouvence.web;

import jouvence.JouvenceConfig;
import jouvence.courses.Caller;
import jouvence.courses.CourseDirectory;
import jouvence.courses.DuplicateRequestException;
import jouvence.courses.RefusedException;
import jouvence.courses.RestoreRequest;
import jouvence.courses.RestoreService;
import jouvence.courses.UnavailableException;
import jouvence.courses.intake.RequestFields;
import jouvence.mail.MailOutbox;
import jouvence.web.Page.Ctx;
import jouvence.web.Sessions.Flash;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The admins' console: the request list (filters, paging, sorting), a request's detail and trail with retry, cancel
 * and category, "restore a course for a user", the Moodles' health, the mails not sent and "run the queue now"; the
 * collaborative folders' sets ({@link AdminFolderSetsView}) when they are on. The operations are
 * {@link RestoreService}'s: the same rules and messages as the REST API. The pages themselves are
 * {@link AdminListView}'s and {@link AdminDetailView}'s.
 */
public class AdminConsole {

    private static final Logger LOG = LoggerFactory.getLogger(AdminConsole.class);
    private final JouvenceConfig config;
    private final RestoreService service;
    private final CourseDirectory directory;
    private final Sessions sessions;
    private final AdminListView listView;
    private final AdminDetailView detailView;
    private final AdminFolderSetsView folderSets;

    /** @param folders the collaborative folders' service, null when they are off (their pages then answer 404) */
    public AdminConsole(JouvenceConfig config, RestoreService service, CourseDirectory directory, Sessions sessions,
                        MailOutbox outbox, jouvence.folders.FolderSetService folders) {
        this.config = config;
        this.service = service;
        this.directory = directory;
        this.sessions = sessions;
        this.folderSets = new AdminFolderSetsView(folders, sessions);
        this.listView = new AdminListView(config, service, directory, outbox, folderSets.enabled());
        this.detailView = new AdminDetailView(service, directory);
    }

    // --- the pages ------------------------------------------------------------------------------------------------

    public WebResponse list(Ctx c, Flash flash) {
        return listView.page(c, flash);
    }

    public WebResponse detail(Ctx c, Flash flash) {
        return detailView.page(c, flash, requestOf(c.req().path()));
    }

    /** The collaborative folders' sets (foldersadmin, issue 13). */
    public WebResponse folderSets(Ctx c, Flash flash) {
        return folderSets.list(c, flash);
    }

    public WebResponse folderSet(Ctx c, Flash flash) {
        return folderSets.detail(c, flash);
    }

    public WebResponse syncFolderSet(Ctx c) {
        return folderSets.sync(c);
    }

    // --- the forms ------------------------------------------------------------------------------------------------

    /** retry, cancel or category, through the restore service; back to the detail page with the outcome. */
    public WebResponse change(Ctx c, String what) {
        Messages m = c.m();
        Optional<RestoreRequest> found = requestOf(c.req().path());
        if (found.isEmpty()) {
            return flash(c, "/admin", "error", m.t("admin.norequest"));
        }
        String id = Long.toString(found.get().id());
        long requestId = found.get().id();
        Caller by = Caller.web(c.username());
        String back = "/admin/requests/" + id;
        try {
            switch (what) {
                case "retry" -> service.retry(requestId, by);
                case "cancel" -> service.cancel(requestId, by);
                default -> service.changeCategory(requestId,
                        c.req().f("category") == null ? "" : c.req().f("category").strip(), by);
            }
        } catch (RefusedException | DuplicateRequestException e) {
            return flash(c, back, "error", e.getMessage());
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
        long courseId = Long.parseLong(courseText);
        String fullname = null;
        try {
            Optional<String> name = directory.remoteCourseName(server, courseId);
            if (name.isEmpty()) {
                return flash(c, "/admin", "error", m.t("admin.rfu.nocourse", courseText, server));
            }
            fullname = name.get();
        } catch (UnavailableException e) {
            LOG.warn("web: cannot look course {} up on {}: {}", courseText, server, e.getMessage());
        }
        Map<String, Object> given = new HashMap<>();
        given.put("server", server);
        given.put("remoteCourseId", courseId);
        given.put("withUserData", q.f("withUserData") != null);
        given.put("enrolmentMode", blank(q.f("enrolmentMode")));
        String category = blank(q.f("category"));
        given.put("category", category != null && category.matches("\\d{1,18}") ? (Object) Long.parseLong(category)
                : category);
        given.put("requester", username);
        long id;
        try {
            RequestFields.Fields f = RequestFields.check(given, config.servers().keySet(), !forNobody);
            id = service.create(f.toNewRestore(null).withRemoteCourseName(fullname),
                    new Caller(c.username(), forNobody ? "admin" : "api")).id();
        } catch (RefusedException | DuplicateRequestException e) {
            return flash(c, "/admin", "error", (fullname == null ? "" : fullname + ": ") + e.getMessage());
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
        return matcher.matches() ? service.find(Long.parseLong(matcher.group(1))) : Optional.empty();
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
