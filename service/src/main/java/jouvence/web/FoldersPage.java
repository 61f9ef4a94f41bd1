package jouvence.web;

import jouvence.courses.RefusedException;
import jouvence.folders.CopyRenamer;
import jouvence.folders.FolderSet;
import jouvence.folders.FolderSetService;
import jouvence.folders.GroupMode;
import jouvence.folders.NewFolderSet;
import jouvence.folders.ParticipantFolder;
import jouvence.folders.cloud.CloudOAuth;
import jouvence.folders.reconcile.ShareMode;
import jouvence.web.Page.Ctx;
import jouvence.web.Sessions.Flash;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * "Your collaborative folders" (the plugin's view page, on Jouvence's pages after the Moodle login): the folders the
 * logged-in user may have, each with its state, and the teachers' section; what a participant does there (add, name,
 * reset, connect) is {@link FolderActions}.
 * Rendered from what the new platform says and what was recorded, never by asking the cloud; the set id of a form is
 * never trusted: {@link FolderSetService#optIn} checks the user against the new platform again.
 */
public class FoldersPage {

    private static final Logger LOG = LoggerFactory.getLogger(FoldersPage.class);

    private final FolderSetService service;
    private final Sessions sessions;
    private final String redirectUri;
    private final CloudAuthorisations authorisations;
    private final FolderActions actions;
    /** The cloud's origin, where the page's forms lead through the OAuth authorisation (null: naming off). */
    private final String cloudOrigin;

    /** @param redirectUri jouvence.folders.cloud.oauth.redirect-uri; empty: "Name your copy" is not offered */
    public FoldersPage(FolderSetService service, Sessions sessions, CopyRenamer renamer, CloudOAuth oauth,
                       String redirectUri, CloudAuthorisations authorisations) {
        this.service = service;
        this.sessions = sessions;
        this.redirectUri = redirectUri;
        this.authorisations = authorisations;
        this.actions = new FolderActions(service, sessions, renamer, oauth, redirectUri, authorisations);
        this.cloudOrigin = redirectUri.isEmpty() ? null : origin(oauth.authorizeUrl("", redirectUri));
    }

    /** {@code scheme://host[:port]} of a URL, as CSP names a source. */
    static String origin(String url) {
        java.net.URI u = java.net.URI.create(url);
        return u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort());
    }

    /** What a participant does on the page: add, name, reset, connect. */
    public FolderActions actions() {
        return actions;
    }

    /** The session ended: its cloud authorisation is forgotten. */
    public void forget(String sessionHash) {
        authorisations.forget(sessionHash);
    }

    public WebResponse page(Ctx c, Flash flash) {
        List<ParticipantFolder> lines = service.forParticipant(c.username());
        Map<String, Object> values = new HashMap<>();
        values.put("lines", lines);
        values.put("optIn", service.shareMode() == ShareMode.OPT_IN);
        values.put("naming", !redirectUri.isEmpty());
        values.put("taught", service.taughtBy(c.username()));
        WebResponse r = WebResponse.html(200, Page.render(c, c.m().t("folders.title"), Page.Notice.of(flash), "folders",
                values));
        r.formsMayLeadTo = cloudOrigin; // "Rename", "Reset" and "Connect my cloud" go through the cloud's authorisation
        return r;
    }

    /** The teachers' section: a new folder set for a course the user teaches (checked live by the service). */
    public WebResponse create(Ctx c) {
        Messages m = c.m();
        if (!c.req().post()) {
            return WebResponse.redirect("/folders");
        }
        WebRequest r = c.req();
        String course = r.f("course") == null ? "" : r.f("course").strip();
        String grouping = r.f("grouping") == null ? "" : r.f("grouping").strip();
        if (!course.matches("\\d{1,18}") || !(grouping.isEmpty() || grouping.matches("\\d{1,18}"))) {
            return done(c, "error", m.t("folders.create.badnumber"));
        }
        GroupMode mode;
        try {
            mode = GroupMode.of(r.f("mode"));
        } catch (IllegalArgumentException e) {
            return done(c, "error", m.t("folders.create.refused", "groupMode: none or groups"));
        }
        try {
            FolderSet s = service.createAsTeacher(new NewFolderSet(Long.parseLong(course), null, r.f("name"), mode,
                    grouping.isEmpty() ? null : Long.parseLong(grouping), "1".equals(r.f("teachers")), "page",
                    c.username()), c.username());
            LOG.info("web: {} created folder set {} for course {}", c.username(), s.id(), s.courseId());
            return done(c, "info", m.t("folders.create.done", s.name()));
        } catch (RefusedException e) {
            return done(c, "error", m.t("folders.create.refused", e.getMessage()));
        }
    }

    private WebResponse done(Ctx c, String kind, String text) {
        sessions.flash(c.session().idHash(), kind, text);
        return WebResponse.redirect("/folders");
    }
}
