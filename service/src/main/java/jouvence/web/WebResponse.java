package jouvence.web;

import org.unbescape.html.HtmlEscape;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** What a page answers: status, body, an optional redirect, cookies to set, and whether to look at the queue now. */
public final class WebResponse {

    public final int status;
    public final String contentType;
    public final byte[] body;
    public final String location;
    public final List<String> cookies = new ArrayList<>();
    /** The admin asked for a queue run, or put a request back in the queue: the route sends CLAIM_AGAIN. */
    public boolean runQueue;
    /** Static files may be cached; pages never. */
    public boolean cacheable;
    /**
     * Another origin the page's forms may lead to (CSP form-action, which browsers also apply to the redirects after
     * a form's POST): the cloud's OAuth authorisation, where "Rename" and "Connect my cloud" send the participant.
     * Null: only this site.
     */
    public String formsMayLeadTo;

    private WebResponse(int status, String contentType, byte[] body, String location) {
        this.status = status;
        this.contentType = contentType;
        this.body = body;
        this.location = location;
    }

    public static WebResponse html(int status, String html) {
        return new WebResponse(status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8), null);
    }

    /** 303 See Other: after a POST, the browser GETs the page (no form re-posted on reload). */
    public static WebResponse redirect(String location) {
        return new WebResponse(303, "text/html; charset=utf-8",
                ("<!DOCTYPE html><a href=\"" + HtmlEscape.escapeHtml4Xml(location) + "\">"
                        + HtmlEscape.escapeHtml4Xml(location) + "</a>")
                        .getBytes(StandardCharsets.UTF_8), location);
    }

    public static WebResponse file(String contentType, byte[] body) {
        WebResponse r = new WebResponse(200, contentType, body, null);
        r.cacheable = true;
        return r;
    }

    public WebResponse cookie(String setCookie) {
        cookies.add(setCookie);
        return this;
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
