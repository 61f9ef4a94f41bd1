package jouvence.web;

import jouvence.courses.RefusedException;
import jouvence.folders.CopyName;
import jouvence.folders.CopyRenamer;
import jouvence.web.CopyNaming.Said;
import jouvence.folders.FolderSetService;
import jouvence.folders.ParticipantFolder;
import jouvence.folders.ShareReset;
import jouvence.folders.cloud.CloudFault;
import jouvence.folders.cloud.CloudOAuth;
import jouvence.folders.cloud.TokenSet;
import jouvence.web.Page.Ctx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * What a participant does on /folders (every one a CSRF-checked POST, answered by a redirect to the page with the
 * outcome in words): "Add to my cloud", "Name your copy" (through the cloud's OAuth 2 authorisation once per session,
 * then {@link CopyRenamer} as them), "Reset" (the share made again when gone, the copy's name put back) and "Connect
 * my cloud" (identity=oauth). Every authorisation records the cloud account it was given (never the token). The set
 * and share ids of a form are never trusted: each is checked against the participant's own lines first.
 */
public final class FolderActions {

    private static final Logger LOG = LoggerFactory.getLogger(FolderActions.class);

    private final FolderSetService service;
    private final Sessions sessions;
    private final CopyNaming naming;
    private final CloudOAuth oauth;
    private final String redirectUri;
    private final CloudAuthorisations authorisations;

    FolderActions(FolderSetService service, Sessions sessions, CopyRenamer renamer, CloudOAuth oauth,
                  String redirectUri, CloudAuthorisations authorisations) {
        this.service = service;
        this.sessions = sessions;
        this.naming = new CopyNaming(service, renamer, authorisations);
        this.oauth = oauth;
        this.redirectUri = redirectUri;
        this.authorisations = authorisations;
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
        String name = c.req().f("name") == null ? "" : c.req().f("name");
        Optional<long[]> ids = ids(c);
        if (ids.isEmpty()) {
            return done(c, "error", m.t("folders.add.badset"));
        }
        Optional<String> problem = CopyName.problem(name);
        if (problem.isPresent()) {
            return done(c, "error", m.t("folders.name.bad", problem.get()));
        }
        long setId = ids.get()[0];
        long shareId = ids.get()[1];
        if (line(c, setId, shareId).isEmpty()) {
            return done(c, "error", m.t("folders.name.notshared"));
        }
        return renameOrAuthorise(c, setId, shareId, name, null);
    }

    /**
     * "Reset" (the plugin's resetshare.php): the share made again by a reconcile now if the cloud no longer has it,
     * then the copy renamed back to the name the participant gave it (as them: through the authorisation if this
     * session has none). The plugin does not unshare first, nor does this: a share still there is kept as it is.
     */
    public WebResponse reset(Ctx c) {
        Messages m = c.m();
        if (!c.req().post()) {
            return WebResponse.redirect("/folders");
        }
        Optional<long[]> ids = ids(c);
        if (ids.isEmpty()) {
            return done(c, "error", m.t("folders.add.badset"));
        }
        long setId = ids.get()[0];
        Optional<ParticipantFolder> line = line(c, setId, ids.get()[1]);
        if (line.isEmpty()) {
            return done(c, "error", m.t("folders.name.notshared"));
        }
        ShareReset.Result r;
        try {
            r = service.resetShare(setId, ids.get()[1], c.username());
        } catch (RefusedException e) {
            LOG.info("web: {} could not reset their share of folder set {}: {}", c.username(), setId, e.getMessage());
            return done(c, "error", m.t("folders.reset.refused", e.getMessage()));
        }
        LOG.info("web: {} reset their share of folder set {}: {}", c.username(), setId, r.outcome());
        String before;
        switch (r.outcome()) {
            case "reshared" -> before = m.t("folders.reset.reshared");
            case "moved" -> before = m.t("folders.reset.moved", r.detail(), r.cloudUser());
            case "unchanged" -> before = m.t("folders.reset.unchanged");
            case "error" -> {
                return done(c, "error", m.t("folders.reset.error", r.detail()));
            }
            default -> {
                return done(c, "info", m.t("folders.reset.waiting")); // the reconcile goes on: said, not an error
            }
        }
        if (r.copyName() == null || redirectUri.isEmpty()) {
            return done(c, "info", before);
        }
        String name = r.copyName().substring(r.copyName().lastIndexOf('/') + 1);
        return renameOrAuthorise(c, setId, r.shareId(), name, before);
    }

    /** The cloud's redirect after the authorisation: the code exchanged, the token kept in memory, what waited done. */
    public WebResponse authorised(Ctx c) {
        Messages m = c.m();
        Optional<CloudAuthorisations.Pending> pending = authorisations.answer(c.session().idHash(), c.req().q("state"));
        if (pending.isEmpty()) {
            LOG.warn("web: cloud authorisation answer for {} refused: nothing of this session waits for it",
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
        FolderSetService.Connected connected = service.connected(c.username(), token.userId());
        CloudAuthorisations.Pending p = pending.get();
        if (p.connect()) {
            String said = m.t("folders.connect.done", token.userId()) + (connected.synced().isEmpty() ? ""
                    : " " + m.t("folders.connect.sharing"));
            return connected.previous() == null ? done(c, "info", said)
                    : done(c, "error", said + " " + m.t("folders.connect.changed", connected.previous())
                    + (service.resetMovesShares() ? " " + m.t("folders.connect.reset", token.userId()) : ""));
        }
        return done(c, rename(c, p.setId(), p.shareId(), p.name(), token).after(p.before()));
    }

    /**
     * "Connect my cloud" (jouvence.folders.identity=oauth): the cloud's authorisation, whose account is recorded for
     * this participant on the way back ({@link #authorised}); the sets waiting for it are reconciled at once.
     */
    public WebResponse connect(Ctx c) {
        if (!c.req().post()) {
            return WebResponse.redirect("/folders");
        }
        if (redirectUri.isEmpty()) {
            return done(c, "error", c.m().t("folders.name.off"));
        }
        String state = Tokens.random();
        authorisations.askConnect(c.session().idHash(), state);
        LOG.info("web: {} sent to the cloud's authorisation to connect their cloud account", c.username());
        return WebResponse.redirect(oauth.authorizeUrl(state, redirectUri));
    }

    private WebResponse renameOrAuthorise(Ctx c, long setId, long shareId, String name, String before) {
        Optional<TokenSet> token = authorisations.token(c.session().idHash());
        if (token.isPresent()) {
            return done(c, rename(c, setId, shareId, name, token.get()).after(before));
        }
        String state = Tokens.random();
        authorisations.ask(c.session().idHash(), state, setId, shareId, name, before);
        LOG.info("web: {} sent to the cloud's authorisation to name their copy of folder set {}", c.username(), setId);
        return WebResponse.redirect(oauth.authorizeUrl(state, redirectUri));
    }

    /** The set and share ids of the form, when both are numbers. */
    private static Optional<long[]> ids(Ctx c) {
        String set = c.req().f("set");
        String share = c.req().f("share");
        if (set == null || !set.matches("\\d{1,18}") || share == null || !share.matches("\\d{1,18}")) {
            return Optional.empty();
        }
        return Optional.of(new long[] {Long.parseLong(set), Long.parseLong(share)});
    }

    private Optional<ParticipantFolder> line(Ctx c, long setId, long shareId) {
        return naming.line(c, setId, shareId);
    }

    private Said rename(Ctx c, long setId, long shareId, String name, TokenSet token) {
        return naming.rename(c, setId, shareId, name, token);
    }

    private WebResponse done(Ctx c, Said said) {
        return done(c, said.kind(), said.text());
    }

    private WebResponse done(Ctx c, String kind, String text) {
        sessions.flash(c.session().idHash(), kind, text);
        return WebResponse.redirect("/folders");
    }
}
