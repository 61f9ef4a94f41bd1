package jouvence.web;

import jouvence.web.Page.Ctx;
import jouvence.web.Page.Link;
import jouvence.web.Page.Notice;
import jouvence.web.Sessions.Flash;
import jouvence.web.Sessions.Lookup;
import jouvence.web.Sessions.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The web pages' front door: language, session, CSRF and admin checks, login and logout; the teachers' page and
 * the admins' console do the rest. Plain Java: the route hands over a {@link WebRequest}, gets a {@link WebResponse}.
 */
public class WebApp {

    public static final String SESSION_COOKIE = "jouvence_session";
    /** Before login there is no session: the login form's CSRF token is a cookie the form must repeat. */
    public static final String LOGIN_CSRF_COOKIE = "jouvence_login";
    public static final String LANG_COOKIE = "jouvence_lang";

    private static final Logger LOG = LoggerFactory.getLogger(WebApp.class);

    private final Sessions sessions;
    private final LoginLimiter limiter;
    private final MoodleLogin login;
    private final WebSettings settings;
    private final TeacherPage teacher;
    private final AdminConsole admin;
    /** The participants' collaborative folders; null while jouvence.folders.enabled is off. */
    private volatile FoldersPage folders;

    public WebApp(Sessions sessions, LoginLimiter limiter, MoodleLogin login, WebSettings settings, TeacherPage teacher,
                  AdminConsole admin) {
        this.sessions = sessions;
        this.limiter = limiter;
        this.login = login;
        this.settings = settings;
        this.teacher = teacher;
        this.admin = admin;
    }

    /** Told the username of every successful login (profile and preferences' first-login import, issue 14). */
    private volatile java.util.function.Consumer<String> onLogin = username -> { };

    /** What runs after each login (it must not fail the login: a failure is logged). */
    public WebApp onLogin(java.util.function.Consumer<String> hook) {
        this.onLogin = hook;
        return this;
    }

    /** The console's profile and preferences imports (404 while that capability is off). */
    private volatile AdminUserDataView userData = new AdminUserDataView(null, null);

    public WebApp userData(AdminUserDataView view) {
        this.userData = view;
        return this;
    }

    /** The private files' page (issue 14); null while jouvence.private-files.enabled is off. */
    private volatile PrivateFilesPage privateFiles;
    /** The console's private files section (issue 14); null while they are off. */
    private volatile AdminPrivateFilesView adminPrivateFiles;

    public WebApp adminPrivateFiles(AdminPrivateFilesView view) {
        this.adminPrivateFiles = view;
        return this;
    }

    /** The private files' page (bound when they are on); its login hook resumes requests waiting for a session. */
    public WebApp privateFiles(PrivateFilesPage page) {
        this.privateFiles = page;
        return this;
    }

    /** The participants' folders page (bound when the collaborative folders are on). */
    public WebApp folders(FoldersPage page) {
        this.folders = page;
        return this;
    }

    /** Answers one page: {@code page} is the route's name for it (home, login, restore, admin-detail...). */
    public WebResponse handle(String page, WebRequest req) {
        try {
            return dispatch(page, req);
        } catch (RuntimeException e) {
            // never the form: it may hold a password
            LOG.error("web page {} {} failed: {}", req.method(), req.path(), e.toString(), e);
            Messages m = Messages.of(language(req, null));
            return WebResponse.html(500, Page.message(new Ctx(req, null, m), m.t("error.title"),
                    Notice.error(m.t("error.internal")), null));
        }
    }

    private WebResponse dispatch(String page, WebRequest req) {
        if (page.equals("css")) {
            return staticFile("jouvence.css", "text/css; charset=utf-8");
        }
        String chosen = req.q("lang");
        boolean switching = Messages.supported(chosen);
        Lookup lookup = sessions.find(req.cookie(SESSION_COOKIE));
        Session session = lookup.session();
        if (switching && session != null && !chosen.equals(session.lang())) {
            sessions.lang(session.idHash(), chosen);
        }
        Messages m = Messages.of(language(req, session));
        WebResponse r = route(page, req, lookup, m);
        if (switching) {
            r.cookie(LANG_COOKIE + "=" + chosen + "; Path=/; Max-Age=31536000; SameSite=Lax" + secure(req));
        }
        return r;
    }

    private WebResponse route(String page, WebRequest req, Lookup lookup, Messages m) {
        Session session = lookup.session();
        switch (page) {
            case "home":
                return WebResponse.redirect(session == null ? "/login" : landing(session.admin()));
            case "login":
                return req.post() ? loginPost(req, m) : loginForm(req, m, null, null, 200);
            default:
                break;
        }
        if (session == null) {
            return WebResponse.redirect("/login" + (lookup.expired() ? "?expired=1" : ""));
        }
        Ctx c = new Ctx(req, session, m, folders != null, privateFiles != null);
        if (req.post() && !Tokens.same(session.csrf(), req.f("csrf"))) {
            LOG.warn("web: {} {} by {} refused: missing or wrong CSRF token", req.method(), req.path(),
                    session.username());
            return forbidden(c, m.t("csrf.refused"));
        }
        if (page.startsWith("admin") && !session.admin()) {
            LOG.warn("web: {} {} by {} refused: not an admin", req.method(), req.path(), session.username());
            return forbidden(c, m.t("admin.only"));
        }
        return switch (page) {
            case "logout" -> logout(req, session);
            case "restore" -> req.post() ? teacher.post(c) : teacher.page(c, flash(session));
            case "enrol" -> teacher.enrol(c);
            case "admin" -> admin.list(c, flash(session));
            case "admin-detail" -> admin.detail(c, flash(session));
            case "admin-retry", "admin-cancel", "admin-category" -> admin.change(c, page.substring(6));
            case "admin-restore-for-user" -> admin.restoreForUser(c);
            case "admin-run-queue" -> admin.runQueue(c);
            case "admin-folders" -> admin.folderSets(c, flash(session));
            case "admin-folder-set" -> admin.folderSet(c, flash(session));
            case "admin-folder-sync" -> admin.syncFolderSet(c);
            case "admin-user-data" -> req.post() ? userData.ask(c) : userData.list(c, flash(session));
            case "admin-user-data-import" -> userData.detail(c, flash(session));
            case "folders" -> folders == null ? notFound(c) : folders.page(c, flash(session));
            case "folders-add" -> folders == null ? notFound(c) : folders.actions().add(c);
            case "folders-name" -> folders == null ? notFound(c) : folders.actions().name(c);
            case "folders-reset" -> folders == null ? notFound(c) : folders.actions().reset(c);
            case "folders-connect" -> folders == null ? notFound(c) : folders.actions().connect(c);
            case "folders-create" -> folders == null ? notFound(c) : folders.create(c);
            case "folders-oauth" -> folders == null ? notFound(c) : folders.actions().authorised(c);
            case "admin-private-files" -> adminPrivateFiles == null ? notFound(c) : adminPrivateFiles.list(c);
            case "admin-private-file" -> adminPrivateFiles == null ? notFound(c) : adminPrivateFiles.detail(c);
            case "private-files" -> privateFiles == null ? notFound(c)
                    : c.req().post() ? privateFiles.ask(c) : privateFiles.page(c, flash(session));
            default -> WebResponse.html(404, Page.message(c, m.t("error.title"), Notice.error(m.t("error.notfound")),
                    null));
        };
    }

    private static WebResponse notFound(Ctx c) {
        return WebResponse.html(404, Page.message(c, c.m().t("error.title"), Notice.error(c.m().t("error.notfound")),
                null));
    }

    private Flash flash(Session s) {
        return sessions.takeFlash(s.idHash()).orElse(null);
    }

    private WebResponse forbidden(Ctx c, String text) {
        return WebResponse.html(403, Page.message(c, c.m().t("forbidden.title"), Notice.error(text),
                new Link("/restore", c.m().t("nav.back"))));
    }

    // --- login and logout -----------------------------------------------------------------------------------------

    private WebResponse loginForm(WebRequest req, Messages m, String errorText, String username, int status) {
        if (errorText == null && req.q("expired") != null) {
            errorText = m.t("login.expired", settings.sessionIdle().toMinutes());
        }
        String csrf = req.cookie(LOGIN_CSRF_COOKIE);
        boolean fresh = csrf == null || csrf.length() < 40 || csrf.length() > 60;
        if (fresh) {
            csrf = Tokens.random();
        }
        Notice notice = errorText != null ? Notice.error(errorText)
                : req.q("bye") != null ? new Notice("info", m.t("login.bye")) : null;
        Map<String, Object> values = new HashMap<>();
        values.put("loginCsrf", csrf);
        values.put("username", username);
        WebResponse r = WebResponse.html(status, Page.render(new Ctx(req, null, m), m.t("login.title"), notice, "login",
                values));
        if (fresh) {
            r.cookie(LOGIN_CSRF_COOKIE + "=" + csrf + "; Path=/login; HttpOnly; SameSite=Lax" + secure(req));
        }
        return r;
    }

    private WebResponse loginPost(WebRequest req, Messages m) {
        if (!Tokens.same(req.cookie(LOGIN_CSRF_COOKIE), req.f("csrf"))) {
            LOG.warn("web: login form refused: missing or wrong CSRF token");
            return WebResponse.html(403, Page.message(new Ctx(req, null, m), m.t("forbidden.title"),
                    Notice.error(m.t("csrf.login")), new Link("/login", m.t("login.again"))));
        }
        String username = req.f("username") == null ? "" : req.f("username").strip();
        String password = req.f("password") == null ? "" : req.f("password");
        if (username.isEmpty() || password.isEmpty() || username.length() > 100 || password.length() > 1000) {
            return loginForm(req, m, m.t("login.missing"), username, 400);
        }
        LoginLimiter.Attempt attempt = limiter.attempt(username, req.clientIp());
        if (!attempt.allowed()) {
            LOG.warn("web: login of {} from {} refused: too many failed attempts", username, req.clientIp());
            return loginForm(req, m, m.t("login.toomany", LoginLimiter.minutes(attempt.waitFor().get())), username, 429);
        }
        MoodleLogin.Outcome outcome = login.login(username, password);
        if (outcome instanceof MoodleLogin.Refused) {
            LOG.info("web: login of {} from {} refused by the new platform (wrong username or password)", username,
                    req.clientIp());
            return loginForm(req, m, m.t("login.wrong"), username, 401);
        }
        if (outcome instanceof MoodleLogin.Unavailable u) {
            limiter.unanswered(attempt);
            LOG.warn("web: login of {} could not be checked: {}", username, u.problem());
            return loginForm(req, m, m.t("login.unavailable"), username, 503);
        }
        MoodleLogin.Ok ok = (MoodleLogin.Ok) outcome;
        limiter.succeeded(username, attempt);
        boolean isAdmin = ok.siteAdmin() || settings.admins().contains(ok.username());
        Session old = sessions.find(req.cookie(SESSION_COOKIE)).session();
        if (old != null) {
            sessions.delete(old.idHash());
        }
        String id = sessions.create(ok.username(), ok.token(), isAdmin, m.lang());
        if (privateFiles != null) { // requests waiting for a login go on with this session (issue 14)
            privateFiles.loggedIn(ok.username(), Tokens.sha256(id), m.lang());
        }
        LOG.info("web: {} logged in{}", ok.username(), isAdmin ? " (admin)" : "");
        try {
            onLogin.accept(ok.username()); // the site info's username, never the form's
        } catch (RuntimeException e) {
            LOG.warn("web: after the login of {}: {}", ok.username(), e.toString());
        }
        return WebResponse.redirect(landing(isAdmin))
                .cookie(SESSION_COOKIE + "=" + id + "; Path=/; HttpOnly; SameSite=Lax" + secure(req))
                .cookie(LOGIN_CSRF_COOKIE + "=; Path=/login; Max-Age=0; HttpOnly; SameSite=Lax" + secure(req));
    }

    private WebResponse logout(WebRequest req, Session session) {
        if (!req.post()) {
            return WebResponse.redirect("/restore");
        }
        sessions.delete(session.idHash());
        if (folders != null) {
            folders.forget(session.idHash());
        }
        LOG.info("web: {} logged out", session.username());
        return WebResponse.redirect("/login?bye=1")
                .cookie(SESSION_COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax" + secure(req));
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    /** Where a login lands: admins (as the login decided them, {@link Session#admin()}) on the console, others on theirs. */
    static String landing(boolean admin) {
        return admin ? "/admin" : "/restore";
    }

    /** ?lang= first, then the language cookie, the session's, the browser's preference, English. */
    static String language(WebRequest req, Session session) {
        if (Messages.supported(req.q("lang"))) {
            return req.q("lang");
        }
        if (Messages.supported(req.cookie(LANG_COOKIE))) {
            return req.cookie(LANG_COOKIE);
        }
        if (session != null && Messages.supported(session.lang())) {
            return session.lang();
        }
        String accepted = Messages.fromAcceptLanguage(req.acceptLanguage());
        return accepted != null ? accepted : "en";
    }

    private static String secure(WebRequest req) {
        return req.https() ? "; Secure" : "";
    }

    private static WebResponse staticFile(String name, String contentType) {
        try (InputStream in = WebApp.class.getResourceAsStream("/jouvence/web/static/" + name)) {
            if (in == null) {
                return WebResponse.html(404, "not found");
            }
            return WebResponse.file(contentType, in.readAllBytes());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
