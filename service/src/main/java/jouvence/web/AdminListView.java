package jouvence.web;

import jouvence.JouvenceConfig;
import jouvence.courses.CourseDirectory;
import jouvence.courses.RequestQuery;
import jouvence.courses.RestoreRequest;
import jouvence.courses.RestoreService;
import jouvence.courses.SiteState;
import jouvence.courses.Status;
import jouvence.mail.MailOutbox;
import jouvence.web.Page.Ctx;
import jouvence.web.Page.Notice;
import jouvence.web.Sessions.Flash;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The console's first page (templates/admin.html): the request list with its filters, sorting and paging, the
 * "restore a course for a user" form, "run the queue now", the Moodles' health and the mails not sent (pending or
 * given up: the outbox's own page would be one more place to look at).
 */
final class AdminListView {

    static final int PAGE_SIZE = 50;
    static final int MAILS_SHOWN = 20;
    private static final List<String> SORTABLE = List.of("id", "created", "status");

    /** A sortable column's header link; {@code arrow} tells the current sort. */
    public record SortLink(String key, String css, String href, String arrow) {
    }

    /** A request of the list, with its creation time as written in the page language. */
    public record Line(RestoreRequest r, String created, String link) {
    }

    /** A Moodle's last probe: {@code state} is ok, down or unknown. */
    public record Site(String id, boolean ok, String state, String name, String problem, String checked) {
    }

    /** A mail not sent: {@code state} is pending or failed; {@code next} is when it is tried again (pending). */
    public record UnsentMail(long id, String state, String to, String subject, Long requestId, int attempts,
                             String created, String next, String lastError) {
    }

    private final JouvenceConfig config;
    private final RestoreService service;
    private final CourseDirectory directory;
    private final MailOutbox outbox;
    private final ZoneId zone = ZoneId.systemDefault();
    private final boolean foldersEnabled;

    AdminListView(JouvenceConfig config, RestoreService service, CourseDirectory directory, MailOutbox outbox,
                  boolean foldersEnabled) {
        this.foldersEnabled = foldersEnabled;
        this.config = config;
        this.service = service;
        this.directory = directory;
        this.outbox = outbox;
    }

    WebResponse page(Ctx c, Flash flash) {
        Messages m = c.m();
        List<String> servers = config.servers().keySet().stream().sorted().toList();
        AdminFilter f = AdminFilter.parse(c.req(), config.servers().keySet(), m);
        RequestQuery query = new RequestQuery(f.status(), f.requester(), f.server(), f.from(), f.to());
        long total = service.count(query);
        List<Line> lines = service.search(query, f.sort(), f.asc(), PAGE_SIZE, (f.page() - 1) * PAGE_SIZE).stream()
                .map(r -> new Line(r, when(r.createdAt(), m),
                        r.restoredCourseId() == null ? null : directory.courseUrl(r.restoredCourseId()))).toList();
        long pages = Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE);
        Map<String, Object> values = new HashMap<>();
        values.put("f", f);
        values.put("foldersEnabled", foldersEnabled);
        values.put("userDataEnabled", config.userData().enabled()); // issue 14: the profile imports' tab
        values.put("privateFilesEnabled", config.privateFiles().enabled()); // issue 14: the private files' tab
        values.put("statuses", Arrays.stream(Status.values()).map(Status::label).toList());
        values.put("servers", servers);
        values.put("modes", TeacherPage.MODES);
        values.put("total", total);
        values.put("sortLinks", SORTABLE.stream().map(key -> sortLink(f, key)).toList());
        values.put("lines", lines);
        values.put("page", f.page());
        values.put("pages", pages);
        values.put("prev", f.page() > 1 ? f.pageHref(f.page() - 1) : null);
        values.put("next", f.page() < pages ? f.pageHref(f.page() + 1) : null);
        values.put("sites", sites(servers, m));
        values.put("mails", outbox.unsent(MAILS_SHOWN).stream().map(x -> new UnsentMail(x.id(), x.state(), x.to(),
                x.subject(), x.requestId(), x.attempts(), when(x.createdAt(), m),
                "pending".equals(x.state()) ? when(x.nextAttemptAt(), m) : "", x.lastError())).toList());
        Notice notice = flash != null ? Notice.of(flash)
                : f.problems().isEmpty() ? null : Notice.error(String.join(" ", f.problems()));
        return WebResponse.html(200, Page.render(c, m.t("admin.title"), notice, "admin", values));
    }

    private static SortLink sortLink(AdminFilter f, String key) {
        boolean current = key.equals(f.sort());
        return new SortLink(key, current ? "sort sorted-" + f.dir() : "sort", f.sortHref(key),
                current ? (f.asc() ? " ▲" : " ▼") : "");
    }

    private List<Site> sites(List<String> servers, Messages m) {
        Map<String, SiteState> probes = directory.siteStates();
        List<String> ids = new ArrayList<>(servers);
        ids.add(JouvenceConfig.CLIENT_ID);
        List<Site> out = new ArrayList<>();
        for (String id : ids) {
            SiteState p = probes.get(id);
            boolean ok = p != null && p.ok() && !p.down();
            out.add(p == null ? new Site(id, false, "unknown", "", "", "")
                    : new Site(id, ok, ok ? "ok" : "down", p.siteName(), p.problem(), when(p.checkedAt(), m)));
        }
        return out;
    }

    private String when(Instant t, Messages m) {
        return t == null ? "" : NextRun.text(t, m.locale(), zone);
    }
}
