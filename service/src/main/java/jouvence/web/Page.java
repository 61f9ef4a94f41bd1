package jouvence.web;

import jouvence.web.Sessions.Flash;
import jouvence.web.Sessions.Session;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The frame of every page (templates/frame.html): header (who, admin link, logout, language switch), the title,
 * the message, then the page's own template.
 */
public final class Page {

    /**
     * A request being answered: what was asked, by whom (null before login), in which language, and whether the
     * collaborative folders and the private files are on (the header then links to /folders, /private-files).
     */
    public record Ctx(WebRequest req, Session session, Messages m, boolean folders, boolean privateFiles) {
        public Ctx(WebRequest req, Session session, Messages m) {
            this(req, session, m, false, false);
        }

        public String username() {
            return session == null ? null : session.username();
        }
    }

    /** The page's message box: kind "error" or "info". */
    public record Notice(String kind, String text) {
        public Notice {
            kind = "error".equals(kind) ? "error" : "info";
        }

        public static Notice error(String text) {
            return new Notice("error", text);
        }

        static Notice of(Flash flash) {
            return flash == null || flash.text() == null ? null : new Notice(flash.kind(), flash.text());
        }

        public String role() {
            return "error".equals(kind) ? "alert" : "status";
        }
    }

    /** A link of the language switch. */
    public record Lang(String code, String name, boolean current) {
    }

    /**
     * What the frame shows; {@code user} and {@code csrf} are null before login; {@code folders}: the header links to
     * the participants' page (the collaborative folders on, someone logged in); {@code privateFiles}: to /private-files
     * (the private files on, someone logged in).
     */
    public record Frame(String lang, String title, String user, boolean admin, String csrf, List<Lang> langs,
                        Notice notice, boolean folders, boolean privateFiles) {
    }

    /** A link under a message ("back to..."). */
    public record Link(String href, String text) {
    }

    private Page() {
    }

    /** A whole page: {@code template} inside the frame, with the view's {@code values}. */
    public static String render(Ctx c, String title, Notice notice, String template, Map<String, Object> values) {
        Messages m = c.m();
        Session s = c.session();
        List<Lang> langs = Messages.LANGUAGES.stream()
                .map(l -> new Lang(l, Messages.of(l).t("lang.name"), l.equals(m.lang()))).toList();
        Map<String, Object> all = new HashMap<>(values);
        all.put("frame", new Frame(m.lang(), title, s == null ? null : s.username(), s != null && s.admin(),
                s == null ? null : s.csrf(), langs, notice, s != null && c.folders(), s != null && c.privateFiles()));
        all.put("csrf", s == null ? null : s.csrf());
        return Views.render(template, m, all);
    }

    /** A page that only says something, with a link to go on (or none). */
    public static String message(Ctx c, String title, Notice notice, Link next) {
        Map<String, Object> values = new HashMap<>();
        values.put("next", next);
        return render(c, title, notice, "message", values);
    }
}
