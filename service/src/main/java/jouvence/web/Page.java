package jouvence.web;

import jouvence.web.Sessions.Flash;
import jouvence.web.Sessions.Session;

import static jouvence.web.Html.esc;

/** The frame of every page: header (who, admin link, logout, language switch), the message, the content. */
public final class Page {

    /** A request being answered: what was asked, by whom (null before login), in which language. */
    public record Ctx(WebRequest req, Session session, Messages m) {
        public String username() {
            return session == null ? null : session.username();
        }

        /** The hidden CSRF field every form of a session carries. */
        public String csrfField() {
            return "<input type=\"hidden\" name=\"csrf\" value=\"" + esc(session.csrf()) + "\">";
        }
    }

    private Page() {
    }

    /** A whole page; {@code content} is already HTML (every value in it escaped by its writer). */
    public static String render(Ctx c, String title, Flash flash, String content) {
        Messages m = c.m();
        StringBuilder b = new StringBuilder(4096);
        b.append("<!DOCTYPE html>\n<html lang=\"").append(esc(m.lang())).append("\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
                .append(esc(title)).append(" · Jouvence</title>\n")
                .append("<link rel=\"stylesheet\" href=\"/static/jouvence.css\">\n</head>\n<body>\n<header class=\"top\">\n")
                .append("<span class=\"brand\">Jouvence</span>\n<nav>\n");
        if (c.session() != null) {
            b.append("<a href=\"/restore\" id=\"restore-link\">").append(esc(m.t("nav.restore"))).append("</a>\n");
            if (c.session().admin()) {
                b.append("<a href=\"/admin\" id=\"admin-link\">").append(esc(m.t("nav.admin"))).append("</a>\n");
            }
            b.append("<span id=\"whoami\">").append(esc(c.session().username())).append("</span>\n")
                    .append("<form method=\"post\" action=\"/logout\" class=\"inline\">").append(c.csrfField())
                    .append("<button type=\"submit\" id=\"logout\">").append(esc(m.t("nav.logout")))
                    .append("</button></form>\n");
        }
        b.append("<span class=\"langs\">");
        for (String lang : Messages.LANGUAGES) {
            b.append("<a class=\"lang").append(lang.equals(m.lang()) ? " current" : "").append("\" data-lang=\"")
                    .append(lang).append("\" href=\"?lang=").append(lang).append("\" hreflang=\"").append(lang)
                    .append("\">").append(esc(Messages.of(lang).t("lang.name"))).append("</a> ");
        }
        b.append("</span>\n</nav>\n</header>\n<main>\n<h1>").append(esc(title)).append("</h1>\n");
        if (flash != null && flash.text() != null) {
            b.append(message(flash.kind(), flash.text()));
        }
        b.append(content).append("\n</main>\n</body>\n</html>\n");
        return b.toString();
    }

    /** The page's message box: kind "error" or "info". */
    public static String message(String kind, String text) {
        String k = "error".equals(kind) ? "error" : "info";
        return "<div id=\"message\" class=\"alert alert-" + k + "\" role=\"" + ("error".equals(k) ? "alert" : "status")
                + "\">" + esc(text) + "</div>\n";
    }
}
