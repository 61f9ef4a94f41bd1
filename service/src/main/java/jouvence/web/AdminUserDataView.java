package jouvence.web;

import jouvence.courses.InvalidRequestException;
import jouvence.courses.NotFoundException;
import jouvence.userdata.UserDataImport;
import jouvence.userdata.UserDataService;
import jouvence.userdata.store.UserDataRepository;
import jouvence.web.Page.Ctx;
import jouvence.web.Page.Link;
import jouvence.web.Page.Notice;
import jouvence.web.Sessions.Flash;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The console's profile and preferences imports (templates/user-data-imports.html, user-data-import.html; issue 14):
 * a form asking an import for a username, the imports with their state, and one import with what was written, its
 * warnings and its trail. Everything goes through {@link UserDataService}, as the REST API does; admins only (the
 * front door checks), and 404 while the capability is off.
 */
public final class AdminUserDataView {

    private static final Logger LOG = LoggerFactory.getLogger(AdminUserDataView.class);
    private static final Pattern IMPORT_PATH = Pattern.compile("/admin/user-data/(\\d{1,18})");

    /** An import of the list, its times in the page's language. */
    public record Line(UserDataImport i, String created, String finished) {
    }

    /** An event of the trail. */
    public record Event(String at, jouvence.userdata.UserDataEvent e) {
    }

    private final UserDataService service;
    private final Sessions sessions;
    private final ZoneId zone = ZoneId.systemDefault();

    /** @param service null when the capability is off: the pages answer 404 */
    public AdminUserDataView(UserDataService service, Sessions sessions) {
        this.service = service;
        this.sessions = sessions;
    }

    WebResponse list(Ctx c, Flash flash) {
        if (service == null) {
            return off(c);
        }
        Messages m = c.m();
        Map<String, Object> values = new HashMap<>();
        values.put("servers", service.servers());
        values.put("lines", service.list(null, null, 50, 0).stream().map(i -> new Line(i, when(i.createdAt(), m),
                when(i.finishedAt(), m))).toList());
        return WebResponse.html(200, Page.render(c, m.t("userdata.admin.title"), Notice.of(flash),
                "user-data-imports", values));
    }

    /** The form: an import for that username from that server, then its page. */
    WebResponse ask(Ctx c) {
        if (service == null) {
            return off(c);
        }
        Messages m = c.m();
        UserDataRepository.Created made;
        try {
            made = service.request(c.req().f("server"), c.req().f("username"), "console", "web:" + c.username());
        } catch (InvalidRequestException | NotFoundException e) {
            return flash(c, "/admin/user-data", "error", e.getMessage());
        }
        LOG.info("web: {} asked for the profile import of {} from {}", c.username(), made.row().username(),
                made.row().server());
        return flash(c, "/admin/user-data/" + made.row().id(), "info", made.created()
                ? m.t("userdata.admin.asked", made.row().username()) : m.t("userdata.admin.already",
                made.row().username(), made.row().status().label()));
    }

    WebResponse detail(Ctx c, Flash flash) {
        if (service == null) {
            return off(c);
        }
        Messages m = c.m();
        Matcher id = IMPORT_PATH.matcher(c.req().path());
        UserDataImport i;
        try {
            if (!id.matches()) {
                throw new NotFoundException("no such import");
            }
            i = service.get(Long.parseLong(id.group(1)));
        } catch (NotFoundException e) {
            return WebResponse.html(404, Page.message(c, m.t("error.title"), Notice.error(m.t("userdata.admin.none")),
                    new Link("/admin/user-data", m.t("userdata.admin.back"))));
        }
        Map<String, Object> values = new HashMap<>();
        values.put("i", i);
        values.put("created", when(i.createdAt(), m));
        values.put("finished", when(i.finishedAt(), m));
        values.put("nextAttempt", when(i.nextAttemptAt(), m));
        values.put("events", service.events(i.id()).stream().map(e -> new Event(when(e.at(), m), e)).toList());
        return WebResponse.html(200, Page.render(c, m.t("userdata.admin.import", i.id(), i.username()),
                Notice.of(flash), "user-data-import", values));
    }

    private WebResponse off(Ctx c) {
        return WebResponse.html(404, Page.message(c, c.m().t("error.title"), Notice.error(c.m().t("userdata.admin.off")),
                new Link("/admin", c.m().t("admin.back"))));
    }

    private WebResponse flash(Ctx c, String location, String kind, String text) {
        sessions.flash(c.session().idHash(), kind, text);
        return WebResponse.redirect(location);
    }

    private String when(Instant t, Messages m) {
        return t == null ? "" : NextRun.text(t, m.locale(), zone);
    }
}
