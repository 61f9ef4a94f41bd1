package jouvence.web;

import jouvence.courses.RefusedException;
import jouvence.folders.FolderSetService;
import jouvence.folders.ParticipantFolder;
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
 * logged-in user may have, each with its state, and "Add to my cloud" when jouvence.folders.share-mode is opt-in.
 * Rendered from what the new platform says and what was recorded, never by asking the cloud; the set id of a form is
 * never trusted: {@link FolderSetService#optIn} checks the user against the new platform again.
 */
public class FoldersPage {

    private static final Logger LOG = LoggerFactory.getLogger(FoldersPage.class);

    private final FolderSetService service;
    private final Sessions sessions;

    public FoldersPage(FolderSetService service, Sessions sessions) {
        this.service = service;
        this.sessions = sessions;
    }

    public WebResponse page(Ctx c, Flash flash) {
        List<ParticipantFolder> lines = service.forParticipant(c.username());
        Map<String, Object> values = new HashMap<>();
        values.put("lines", lines);
        values.put("optIn", service.shareMode() == ShareMode.OPT_IN);
        return WebResponse.html(200, Page.render(c, c.m().t("folders.title"), Page.Notice.of(flash), "folders",
                values));
    }

    /** "Add to my cloud": the wish recorded and the set reconciled now. */
    public WebResponse add(Ctx c) {
        if (!c.req().post()) {
            return WebResponse.redirect("/folders");
        }
        Messages m = c.m();
        String set = c.req().f("set");
        if (set == null || !set.matches("\\d{1,18}")) {
            return done(c, "error", m.t("folders.add.badset"));
        }
        try {
            service.optIn(Long.parseLong(set), c.username());
        } catch (RefusedException e) {
            LOG.info("web: {} could not add folder set {}: {}", c.username(), set, e.getMessage());
            return done(c, "error", m.t("folders.add.refused", e.getMessage()));
        }
        LOG.info("web: {} added folder set {} to their cloud", c.username(), set);
        return done(c, "info", m.t("folders.add.done"));
    }

    private WebResponse done(Ctx c, String kind, String text) {
        sessions.flash(c.session().idHash(), kind, text);
        return WebResponse.redirect("/folders");
    }
}
