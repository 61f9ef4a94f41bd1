package jouvence.web;

import jouvence.courses.RefusedException;
import jouvence.folders.CopyName;
import jouvence.folders.CopyRenamer;
import jouvence.folders.FolderSet;
import jouvence.folders.FolderSetService;
import jouvence.folders.GroupMode;
import jouvence.folders.NewFolderSet;
import jouvence.folders.cloud.CloudFault;
import jouvence.folders.cloud.CloudOAuth;
import jouvence.folders.cloud.Participant;
import jouvence.folders.cloud.TokenSet;
import jouvence.moodle.MoodleException;
import jouvence.folders.ParticipantFolder;
import jouvence.folders.reconcile.ShareMode;
import jouvence.web.Page.Ctx;
import jouvence.web.Sessions.Flash;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
    private final CopyRenamer renamer;
    private final CloudOAuth oauth;
    private final String redirectUri;
    private final CloudAuthorisations authorisations;

    /** @param redirectUri jouvence.folders.cloud.oauth.redirect-uri; empty: "Name your copy" is not offered */
    public FoldersPage(FolderSetService service, Sessions sessions, CopyRenamer renamer, CloudOAuth oauth,
                       String redirectUri, CloudAuthorisations authorisations) {
        this.service = service;
        this.sessions = sessions;
        this.renamer = renamer;
        this.oauth = oauth;
        this.redirectUri = redirectUri;
        this.authorisations = authorisations;
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

    // --- "Name your copy" ------------------------------------------------------------------------------------------

    /**
     * The participant names their copy: checked, then renamed at once when this session holds a valid cloud
     * authorisation, else the browser goes to the cloud's authorisation first (the naming waits, bound to the session
     * by a random state) and comes back to {@link #authorised}.
     */
    public WebResponse name(Ctx c) {
        Messages m = c.m();
        if (!c.req().post()) {
            return WebResponse.redirect("/folders");
        }
        if (redirectUri.isEmpty()) {
            return done(c, "error", m.t("folders.name.off"));
        }
        String set = c.req().f("set");
        String share = c.req().f("share");
        String name = c.req().f("name") == null ? "" : c.req().f("name");
        if (set == null || !set.matches("\\d{1,18}") || share == null || !share.matches("\\d{1,18}")) {
            return done(c, "error", m.t("folders.add.badset"));
        }
        Optional<String> problem = CopyName.problem(name);
        if (problem.isPresent()) {
            return done(c, "error", m.t("folders.name.bad", problem.get()));
        }
        long setId = Long.parseLong(set);
        long shareId = Long.parseLong(share);
        if (line(c, setId, shareId).isEmpty()) {
            return done(c, "error", m.t("folders.name.notshared"));
        }
        Optional<TokenSet> token = authorisations.token(c.session().idHash());
        if (token.isPresent()) {
            return rename(c, setId, shareId, name, token.get());
        }
        String state = Tokens.random();
        authorisations.ask(c.session().idHash(), state, setId, shareId, name);
        LOG.info("web: {} sent to the cloud's authorisation to name their copy of folder set {}", c.username(), setId);
        return WebResponse.redirect(oauth.authorizeUrl(state, redirectUri));
    }

    /** The cloud's redirect after the authorisation: the code exchanged, the token kept in memory, the naming done. */
    public WebResponse authorised(Ctx c) {
        Messages m = c.m();
        Optional<CloudAuthorisations.Pending> pending = authorisations.answer(c.session().idHash(), c.req().q("state"));
        if (pending.isEmpty()) {
            LOG.warn("web: cloud authorisation answer for {} refused: no naming of this session waits for it",
                    c.username());
            return done(c, "error", m.t("folders.oauth.nostate"));
        }
        String code = c.req().q("code");
        if (code == null || code.isEmpty() || c.req().q("error") != null) {
            return done(c, "error", m.t("folders.oauth.refused"));
        }
        TokenSet token;
        try {
            token = oauth.exchange(code, redirectUri);
        } catch (CloudFault f) {
            LOG.warn("web: cloud authorisation of {} failed: {}", c.username(), f.getMessage());
            return done(c, "error", m.t("folders.oauth.failed", f.getMessage()));
        }
        authorisations.keep(c.session().idHash(), token);
        LOG.info("web: {} authorised Jouvence as cloud user {}", c.username(), token.userId());
        CloudAuthorisations.Pending p = pending.get();
        return rename(c, p.setId(), p.shareId(), p.name(), token);
    }

    private Optional<ParticipantFolder> line(Ctx c, long setId, long shareId) {
        return service.forParticipant(c.username()).stream().filter(l -> l.setId() == setId && l.shareId() != null
                && l.shareId() == shareId).findFirst();
    }

    private WebResponse rename(Ctx c, long setId, long shareId, String name, TokenSet token) {
        Messages m = c.m();
        Optional<ParticipantFolder> line = line(c, setId, shareId);
        if (line.isEmpty()) {
            return done(c, "error", m.t("folders.name.notshared"));
        }
        CopyRenamer.Outcome o;
        try {
            o = renamer.rename(new Participant(token.userId(), token.accessToken()), shareId, name);
        } catch (CloudFault f) {
            LOG.warn("web: naming the copy of {} failed: {}", c.username(), f.getMessage());
            if (f.reason() == CloudFault.Reason.NOT_AUTHORISED) {
                authorisations.forget(c.session().idHash());
                return done(c, "error", m.t("folders.name.reauthorise"));
            }
            return done(c, "error", m.t("folders.name.unreachable"));
        }
        String cloudUser = line.get().cloudUser();
        if (o.moved() || (o.outcome().equals("not-received") && !token.userId().equals(cloudUser))) {
            try {
                Optional<Long> id = service.participantId(setId, c.username());
                if (id.isPresent()) {
                    service.namedCopy(setId, id.get(), c.username(), token.userId(),
                            o.moved() ? o.path() : line.get().copyName());
                }
            } catch (MoodleException e) {
                LOG.warn("web: the naming of {} could not be recorded: {}", c.username(), e.getMessage());
            }
        }
        LOG.info("web: {} naming their copy of folder set {}: {}", c.username(), setId, o.outcome());
        return switch (o.outcome()) {
            case "moved" -> done(c, "info", m.t("folders.name.done", o.path()));
            case "taken" -> done(c, "error", m.t("folders.name.taken", name));
            case "not-received" -> done(c, "error", token.userId().equals(cloudUser)
                    ? m.t("folders.name.notreceived") : m.t("folders.name.otheraccount", token.userId(), cloudUser));
            case "parent-missing" -> done(c, "error", m.t("folders.name.409"));
            case "locked" -> done(c, "error", m.t("folders.name.423"));
            case "source-missing" -> done(c, "error", m.t("folders.name.404"));
            case "not-authorised" -> {
                authorisations.forget(c.session().idHash());
                yield done(c, "error", m.t("folders.name.reauthorise"));
            }
            default -> done(c, "error", m.t("folders.name.refused", o.detail()));
        };
    }

    private WebResponse done(Ctx c, String kind, String text) {
        sessions.flash(c.session().idHash(), kind, text);
        return WebResponse.redirect("/folders");
    }
}
