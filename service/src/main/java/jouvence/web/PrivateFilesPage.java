package jouvence.web;

import jouvence.privatefiles.PrivateFilesService;
import jouvence.privatefiles.PrivateFilesService.Person;
import jouvence.web.Page.Ctx;
import jouvence.web.Sessions.Flash;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;

/**
 * "Bring my private files" (/private-files, after the Moodle login): per course server offering them, the person's
 * file count and size when the server says, the state of their latest request, and the button. The person is the
 * session's; the form carries only the server's id (and the CSRF token): any other field is ignored.
 */
public class PrivateFilesPage {

    private static final Logger LOG = LoggerFactory.getLogger(PrivateFilesPage.class);

    private final PrivateFilesService service;
    private final Sessions sessions;

    public PrivateFilesPage(PrivateFilesService service, Sessions sessions) {
        this.service = service;
        this.sessions = sessions;
    }

    static Person person(Ctx c) {
        return new Person(c.session().username(), c.session().idHash(), c.m().lang());
    }

    public WebResponse page(Ctx c, Flash flash) {
        Map<String, Object> values = new HashMap<>();
        values.put("offers", service.offers(person(c)));
        return WebResponse.html(200, Page.render(c, c.m().t("privatefiles.title"), Page.Notice.of(flash),
                "private-files", values));
    }

    /** The button: a request for the session's person and the chosen server. */
    public WebResponse ask(Ctx c) {
        if (!c.req().post()) {
            return WebResponse.redirect("/private-files");
        }
        Messages m = c.m();
        try {
            var intake = service.request(person(c), c.req().f("server"));
            sessions.flash(c.session().idHash(), "info", m.t(intake.created() ? "privatefiles.asked"
                    : "privatefiles.already", intake.request().serverId()));
        } catch (IllegalArgumentException e) {
            LOG.info("web: private files asked by {} refused: {}", c.username(), e.getMessage());
            sessions.flash(c.session().idHash(), "error", m.t("privatefiles.badserver"));
        }
        return WebResponse.redirect("/private-files");
    }

    /** At login: the person's requests waiting for a session go on. */
    public void loggedIn(String username, String sessionHash, String lang) {
        service.loggedIn(new Person(username, sessionHash, lang));
    }
}
