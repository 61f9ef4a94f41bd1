package jouvence.web;

import jouvence.JouvenceConfig;
import jouvence.RequestFields;
import jouvence.courses.Caller;
import jouvence.courses.CourseDirectory;
import jouvence.courses.RefusedException;
import jouvence.courses.RequestQuery;
import jouvence.courses.RestoreService;
import jouvence.courses.SiteState;
import jouvence.courses.UnavailableException;
import jouvence.queue.DuplicateRequestException;
import jouvence.queue.RequestEvent;
import jouvence.queue.RestoreRequest;
import jouvence.queue.Status;
import jouvence.web.Page.Ctx;
import jouvence.web.Sessions.Flash;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static jouvence.web.Html.esc;
import static jouvence.web.Html.url;

/**
 * The admins' console: the request list (filters, paging, sorting), a request's detail and trail with retry, cancel
 * and category, "restore a course for a user", the Moodles' health and "run the queue now". The operations are
 * {@link RestoreService}'s: the same rules and messages as the REST API.
 */
public class AdminConsole {

    private static final Logger LOG = LoggerFactory.getLogger(AdminConsole.class);
    static final int PAGE_SIZE = 50;

    private final JouvenceConfig config;
    private final RestoreService service;
    private final CourseDirectory directory;
    private final Sessions sessions;
    private final ZoneId zone = ZoneId.systemDefault();

    public AdminConsole(JouvenceConfig config, RestoreService service, CourseDirectory directory, Sessions sessions) {
        this.config = config;
        this.service = service;
        this.directory = directory;
        this.sessions = sessions;
    }

    // --- the list -------------------------------------------------------------------------------------------------

    public WebResponse list(Ctx c, Flash flash) {
        Messages m = c.m();
        WebRequest q = c.req();
        List<String> problems = new ArrayList<>();
        Status status = null;
        String statusText = blank(q.q("status"));
        if (statusText != null) {
            try {
                status = Status.parse(statusText);
            } catch (IllegalArgumentException e) {
                problems.add(m.t("admin.filter.status", statusText));
            }
        }
        String server = blank(q.q("server"));
        if (server != null && !config.servers().containsKey(server)) {
            problems.add(m.t("admin.filter.server", server));
            server = null;
        }
        String requester = blank(q.q("requester"));
        Instant from = date(q.q("from"), problems, m);
        Instant to = date(q.q("to"), problems, m);
        if (to != null && q.q("to").strip().length() == 10) {
            to = to.plusSeconds(86400); // "to" a day includes that day
        }
        String sort = service.sortable(q.q("sort")) ? q.q("sort") : "id";
        boolean asc = "asc".equals(q.q("dir"));
        int page = q.q("page") != null && q.q("page").matches("\\d{1,6}") ? Math.max(1, Integer.parseInt(q.q("page"))) : 1;
        RequestQuery query = new RequestQuery(status, requester, server, from, to);
        long total = service.count(query);
        List<RestoreRequest> rows = service.search(query, sort, asc, PAGE_SIZE, (page - 1) * PAGE_SIZE);

        StringBuilder b = new StringBuilder();
        if (!problems.isEmpty() && flash == null) {
            b.append(Page.message("error", String.join(" ", problems)));
        }
        // filters
        b.append("<section class=\"card\"><h2>").append(esc(m.t("admin.requests"))).append("</h2>\n")
                .append("<form id=\"filters\" method=\"get\" action=\"/admin\" class=\"filters\">\n")
                .append("<label>").append(esc(m.t("admin.col.status"))).append(" <select name=\"status\"><option value=\"\">")
                .append(esc(m.t("admin.any"))).append("</option>");
        for (Status s : Status.values()) {
            b.append("<option value=\"").append(s.label()).append("\"").append(s == status ? " selected" : "").append(">")
                    .append(esc(m.t("status." + s.label()))).append("</option>");
        }
        b.append("</select></label>\n<label>").append(esc(m.t("admin.col.server")))
                .append(" <select name=\"server\"><option value=\"\">").append(esc(m.t("admin.any"))).append("</option>");
        for (String id : config.servers().keySet().stream().sorted().toList()) {
            b.append("<option value=\"").append(esc(id)).append("\"").append(id.equals(server) ? " selected" : "")
                    .append(">").append(esc(id)).append("</option>");
        }
        b.append("</select></label>\n<label>").append(esc(m.t("admin.col.requester")))
                .append(" <input type=\"text\" name=\"requester\" value=\"").append(esc(requester)).append("\"></label>\n")
                .append("<label>").append(esc(m.t("admin.from"))).append(" <input type=\"date\" name=\"from\" value=\"")
                .append(esc(q.q("from"))).append("\"></label>\n<label>").append(esc(m.t("admin.to")))
                .append(" <input type=\"date\" name=\"to\" value=\"").append(esc(q.q("to"))).append("\"></label>\n")
                .append("<input type=\"hidden\" name=\"sort\" value=\"").append(esc(sort)).append("\">")
                .append("<input type=\"hidden\" name=\"dir\" value=\"").append(asc ? "asc" : "desc").append("\">")
                .append("<button type=\"submit\" id=\"filter-submit\">").append(esc(m.t("admin.filter"))).append("</button>\n")
                .append("</form>\n");
        // table
        String base = "/admin?status=" + url(statusText) + "&server=" + url(server) + "&requester=" + url(requester)
                + "&from=" + url(q.q("from")) + "&to=" + url(q.q("to"));
        b.append("<p class=\"count\">").append(esc(m.t("admin.count", total))).append("</p>\n")
                .append("<table id=\"requests\">\n<thead><tr>")
                .append(sortHeader(m.t("admin.col.id"), "id", sort, asc, base))
                .append(sortHeader(m.t("admin.col.created"), "created", sort, asc, base))
                .append(sortHeader(m.t("admin.col.status"), "status", sort, asc, base))
                .append("<th>").append(esc(m.t("admin.col.server"))).append("</th><th>")
                .append(esc(m.t("admin.col.course"))).append("</th><th>").append(esc(m.t("admin.col.requester")))
                .append("</th><th>").append(esc(m.t("admin.col.restored"))).append("</th></tr></thead>\n<tbody>\n");
        for (RestoreRequest r : rows) {
            b.append("<tr class=\"request\" data-request=\"").append(r.id()).append("\" data-status=\"")
                    .append(r.status().label()).append("\">")
                    .append("<td><a class=\"detail\" href=\"/admin/requests/").append(r.id()).append("\">#").append(r.id())
                    .append("</a></td><td>").append(esc(when(r.createdAt(), m))).append("</td>")
                    .append("<td><span class=\"status badge badge-").append(r.status().label()).append("\" data-status=\"")
                    .append(r.status().label()).append("\">").append(esc(m.t("status." + r.status().label())))
                    .append("</span></td><td>").append(esc(r.serverId())).append("</td><td>")
                    .append(esc(r.courseName())).append(" <small>(").append(r.remoteCourseId()).append(")</small></td><td>")
                    .append(esc(r.requester() == null ? m.t("admin.nobody") : r.requester())).append("</td><td>");
            if (r.restoredCourseId() != null) {
                b.append("<a class=\"course-link\" href=\"").append(esc(directory.courseUrl(r.restoredCourseId()))).append("\">")
                        .append(r.restoredCourseId()).append("</a>");
            }
            b.append("</td></tr>\n");
        }
        b.append("</tbody>\n</table>\n<p class=\"pager\">");
        String pageBase = base + "&sort=" + sort + "&dir=" + (asc ? "asc" : "desc") + "&page=";
        if (page > 1) {
            b.append("<a id=\"prev-page\" href=\"").append(esc(pageBase + (page - 1))).append("\">")
                    .append(esc(m.t("admin.prev"))).append("</a> ");
        }
        long pages = Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE);
        b.append(esc(m.t("admin.page", page, pages)));
        if (page < pages) {
            b.append(" <a id=\"next-page\" href=\"").append(esc(pageBase + (page + 1))).append("\">")
                    .append(esc(m.t("admin.next"))).append("</a>");
        }
        b.append("</p>\n<form method=\"post\" action=\"/admin/queue/run\" class=\"inline\">").append(c.csrfField())
                .append("<button type=\"submit\" id=\"run-queue\">").append(esc(m.t("admin.runqueue")))
                .append("</button></form>\n</section>\n");
        b.append(restoreForUserForm(c)).append(healthTable(c));
        return WebResponse.html(200, Page.render(c, m.t("admin.title"), flash, b.toString()));
    }

    private static String sortHeader(String title, String key, String sort, boolean asc, String base) {
        boolean current = key.equals(sort);
        String dir = current && !asc ? "asc" : "desc";
        return "<th><a class=\"sort" + (current ? " sorted-" + (asc ? "asc" : "desc") : "") + "\" data-sort=\"" + key
                + "\" href=\"" + esc(base + "&sort=" + key + "&dir=" + dir) + "\">" + esc(title)
                + (current ? (asc ? " ▲" : " ▼") : "") + "</a></th>";
    }

    private String restoreForUserForm(Ctx c) {
        Messages m = c.m();
        StringBuilder b = new StringBuilder();
        b.append("<section class=\"card\"><h2>").append(esc(m.t("admin.rfu.title"))).append("</h2>\n")
                .append("<form id=\"restore-for-user\" method=\"post\" action=\"/admin/restore-for-user\">\n")
                .append(c.csrfField()).append("\n<label>").append(esc(m.t("admin.col.server")))
                .append(" <select name=\"server\">");
        for (String id : config.servers().keySet().stream().sorted().toList()) {
            b.append("<option value=\"").append(esc(id)).append("\">").append(esc(id)).append("</option>");
        }
        b.append("</select></label>\n<label>").append(esc(m.t("admin.rfu.course")))
                .append(" <input type=\"number\" min=\"1\" name=\"remoteCourseId\" required></label>\n<label>")
                .append(esc(m.t("admin.rfu.username"))).append(" <input type=\"text\" name=\"username\"></label>\n<label>")
                .append("<input type=\"checkbox\" name=\"forNobody\" value=\"1\"> ").append(esc(m.t("admin.rfu.nobody")))
                .append("</label>\n<label><input type=\"checkbox\" name=\"withUserData\" value=\"1\"> ")
                .append(esc(m.t("restore.col.userdata"))).append("</label>\n<label>").append(esc(m.t("restore.col.mode")))
                .append(" <select name=\"enrolmentMode\">");
        for (String mode : TeacherPage.MODES) {
            b.append("<option value=\"").append(mode).append("\">").append(esc(m.t("mode." + mode))).append("</option>");
        }
        b.append("</select></label>\n<label>").append(esc(m.t("admin.rfu.category")))
                .append(" <input type=\"text\" name=\"category\" value=\"default\" placeholder=\"default | original | id\">")
                .append("</label>\n<button type=\"submit\" id=\"restore-for-user-submit\">")
                .append(esc(m.t("admin.rfu.submit"))).append("</button>\n</form>\n</section>\n");
        return b.toString();
    }

    private String healthTable(Ctx c) {
        Messages m = c.m();
        Map<String, SiteState> probes = directory.siteStates();
        List<String> ids = new ArrayList<>(config.servers().keySet().stream().sorted().toList());
        ids.add(JouvenceConfig.CLIENT_ID);
        StringBuilder b = new StringBuilder();
        b.append("<section class=\"card\"><h2>").append(esc(m.t("admin.health"))).append("</h2>\n<table id=\"health\">\n")
                .append("<thead><tr><th>").append(esc(m.t("admin.health.site"))).append("</th><th>")
                .append(esc(m.t("admin.health.state"))).append("</th><th>").append(esc(m.t("admin.health.name")))
                .append("</th><th>").append(esc(m.t("admin.health.problem"))).append("</th><th>")
                .append(esc(m.t("admin.health.checked"))).append("</th></tr></thead>\n<tbody>\n");
        for (String id : ids) {
            SiteState p = probes.get(id);
            boolean down = p != null && p.down();
            boolean ok = p != null && p.ok() && !down;
            b.append("<tr class=\"site\" data-site=\"").append(esc(id)).append("\" data-ok=\"").append(ok).append("\"><td>")
                    .append(esc(id)).append("</td><td>").append(esc(p == null ? m.t("admin.health.unknown")
                            : ok ? m.t("admin.health.ok") : m.t("admin.health.down"))).append("</td><td>")
                    .append(esc(p == null ? "" : p.siteName())).append("</td><td>").append(esc(p == null ? "" : p.problem()))
                    .append("</td><td>").append(esc(p == null ? "" : when(p.checkedAt(), m))).append("</td></tr>\n");
        }
        return b.append("</tbody>\n</table>\n</section>\n").toString();
    }

    // --- one request ----------------------------------------------------------------------------------------------

    public WebResponse detail(Ctx c, Flash flash) {
        Messages m = c.m();
        Optional<RestoreRequest> found = requestOf(c.req().path());
        if (found.isEmpty()) {
            return WebResponse.html(404, Page.render(c, m.t("error.title"), null,
                    Page.message("error", m.t("admin.norequest")) + "<p><a href=\"/admin\">" + esc(m.t("nav.admin"))
                            + "</a></p>"));
        }
        RestoreRequest r = found.get();
        StringBuilder b = new StringBuilder();
        b.append("<p><a href=\"/admin\">").append(esc(m.t("admin.back"))).append("</a></p>\n")
                .append("<section class=\"card\" id=\"request\" data-request=\"").append(r.id()).append("\" data-status=\"")
                .append(r.status().label()).append("\">\n<dl class=\"facts\">\n");
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put(m.t("admin.col.status"), m.t("status." + r.status().label()));
        facts.put(m.t("admin.col.server"), r.serverId());
        facts.put(m.t("admin.col.course"), r.courseName() + " (" + r.remoteCourseId() + ")");
        facts.put(m.t("admin.col.requester"), r.requester() == null ? m.t("admin.nobody") : r.requester());
        facts.put(m.t("admin.scheduledby"), r.scheduledBy() + " (" + r.source() + ")");
        facts.put(m.t("admin.rfu.category"), r.category() + (r.targetCategoryId() == null ? "" : " → " + r.targetCategoryId()));
        facts.put(m.t("restore.col.userdata"), r.withUserData() ? m.t("yes") : m.t("no"));
        facts.put(m.t("restore.col.mode"), m.t("mode." + TeacherPage.modeName(r.enrolmentMode())));
        facts.put(m.t("admin.attempts"), Integer.toString(r.attempts()));
        facts.put(m.t("admin.col.created"), when(r.createdAt(), m));
        facts.put(m.t("admin.modified"), when(r.modifiedAt(), m));
        if (r.lastErrorCode() != null) {
            facts.put(m.t("admin.lasterror"), r.lastErrorStep() + " / " + r.lastErrorCode() + ": " + r.lastErrorMessage());
        }
        facts.forEach((k, v) -> b.append("<dt>").append(esc(k)).append("</dt><dd>").append(esc(v)).append("</dd>\n"));
        if (r.restoredCourseId() != null) {
            b.append("<dt>").append(esc(m.t("admin.col.restored"))).append("</dt><dd><a class=\"course-link\" href=\"")
                    .append(esc(directory.courseUrl(r.restoredCourseId()))).append("\">").append(r.restoredCourseId())
                    .append("</a></dd>\n");
        }
        b.append("</dl>\n");
        if (!r.warnings().isEmpty()) {
            b.append("<h2>").append(esc(m.t("admin.warnings"))).append("</h2>\n<ul id=\"warnings\">");
            r.warnings().forEach(w -> b.append("<li>").append(esc(w)).append("</li>"));
            b.append("</ul>\n");
        }
        String action = "/admin/requests/" + r.id();
        b.append("<div class=\"actions\">\n<form method=\"post\" action=\"").append(action).append("/retry\" class=\"inline\">")
                .append(c.csrfField()).append("<button type=\"submit\" id=\"retry\">").append(esc(m.t("admin.retry")))
                .append("</button></form>\n<form method=\"post\" action=\"").append(action)
                .append("/cancel\" class=\"inline\">").append(c.csrfField()).append("<button type=\"submit\" id=\"cancel\">")
                .append(esc(m.t("admin.cancel"))).append("</button></form>\n<form id=\"category-form\" method=\"post\" action=\"")
                .append(action).append("/category\" class=\"inline\">").append(c.csrfField()).append("<label>")
                .append(esc(m.t("admin.rfu.category"))).append(" <input type=\"text\" name=\"category\" value=\"")
                .append(esc(r.category())).append("\"></label> <button type=\"submit\" id=\"category-submit\">")
                .append(esc(m.t("admin.category.submit"))).append("</button></form>\n</div>\n</section>\n");
        b.append("<section class=\"card\"><h2>").append(esc(m.t("admin.events"))).append("</h2>\n<ul id=\"events\">\n");
        for (RequestEvent e : service.events(r.id())) {
            b.append("<li class=\"event outcome-").append(esc(e.outcome())).append("\"><time>").append(esc(when(e.at(), m)))
                    .append("</time> <strong>").append(esc(e.step())).append("</strong> ").append(esc(e.outcome()));
            if (e.durationMs() != null) {
                b.append(" (").append(e.durationMs()).append(" ms)");
            }
            if (e.message() != null) {
                b.append(" — ").append(esc(e.message()));
            }
            b.append("</li>\n");
        }
        b.append("</ul>\n</section>\n");
        return WebResponse.html(200, Page.render(c, m.t("admin.request", r.id()), flash, b.toString()));
    }

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

    private String when(Instant t, Messages m) {
        return t == null ? "" : NextRun.text(t, m.locale(), zone);
    }

    private static Instant date(String text, List<String> problems, Messages m) {
        String t = blank(text);
        if (t == null) {
            return null;
        }
        try {
            return t.length() == 10 ? LocalDate.parse(t).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()
                    : Instant.parse(t);
        } catch (DateTimeParseException e) {
            problems.add(m.t("admin.filter.date", t));
            return null;
        }
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
