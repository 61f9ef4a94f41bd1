package routes;

import static routes.Endpoints.*;

import io.vertx.core.http.HttpServerRequest;
import jouvence.web.TrustedProxies;
import jouvence.web.WebApp;
import jouvence.web.WebRequest;
import jouvence.web.WebResponse;
import jouvence.web.WebSettings;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The web pages on the API port (plain HTML from {@link WebApp}): login with the new platform's Moodle account, the
 * teachers' page "Restore your courses" and the admins' console. Runs only when {@code jouvence.web.enabled}.
 */
public class WebRouteBuilder extends RouteBuilder {

    static final String RESPONSE = "jouvenceWebResponse";

    @Override
    public void configure() {
        page("/", "home", "GET");
        page("/login", "login", "GET,POST");
        page("/logout", "logout", "GET,POST");
        page("/restore", "restore", "GET,POST");
        page("/restore/enrol", "enrol", "POST");
        page("/admin", "admin", "GET");
        page("/admin/requests/{id}", "admin-detail", "GET");
        page("/admin/requests/{id}/retry", "admin-retry", "POST");
        page("/admin/requests/{id}/cancel", "admin-cancel", "POST");
        page("/admin/requests/{id}/category", "admin-category", "POST");
        page("/admin/restore-for-user", "admin-restore-for-user", "POST");
        page("/admin/queue/run", "admin-run-queue", "POST");
        page("/admin/user-data", "admin-user-data", "GET,POST"); // issue 14: profile and preferences
        page("/admin/user-data/{id}", "admin-user-data-import", "GET");
        page("/admin/folders", "admin-folders", "GET");
        page("/admin/folders/{id}", "admin-folder-set", "GET");
        page("/admin/folders/{id}/sync", "admin-folder-sync", "POST");
        page("/folders", "folders", "GET");
        page("/folders/add", "folders-add", "POST");
        page("/folders/name", "folders-name", "POST");
        page("/folders/reset", "folders-reset", "POST");
        page("/folders/connect", "folders-connect", "POST");
        page("/folders/sets", "folders-create", "POST");
        page("/folders/oauth", "folders-oauth", "GET");
        page("/private-files", "private-files", "GET,POST");
        page("/admin/private-files", "admin-private-files", "GET");
        page("/admin/private-files/{id}", "admin-private-file", "GET");
        page("/static/jouvence.css", "css", "GET");
    }

    private void page(String path, String name, String methods) {
        from("platform-http:" + path + "?httpMethodRestrict=" + methods).routeId("web-" + name)
                .autoStartup("{{jouvence.web.enabled}}")
                .process(e -> handle(e, name))
                .filter(e -> e.getProperty(RESPONSE, WebResponse.class).runQueue)
                    .to(CLAIM_AGAIN)
                .end()
                .process(WebRouteBuilder::answer);
    }

    private static void handle(Exchange exchange, String page) {
        WebApp web = exchange.getContext().getRegistry().lookupByNameAndType("webApp", WebApp.class);
        Message msg = exchange.getMessage();
        if (!(msg instanceof HttpMessage http)) {
            throw new IllegalStateException("the web pages need camel-platform-http-vertx");
        }
        WebSettings settings = exchange.getContext().getRegistry().lookupByNameAndType("webSettings",
                WebSettings.class);
        WebResponse response = web.handle(page, request(http.getRequest(), settings.trustedProxies()));
        // several Set-Cookie headers: written on the response itself (Camel headers would join or split them)
        response.cookies.forEach(c -> http.getResponse().headers().add("Set-Cookie", c));
        exchange.setProperty(RESPONSE, response);
    }

    /**
     * Vert.x's request as plain values: the query and the form apart, never mixed with headers; the client's address
     * is the socket's unless it is a trusted proxy (then the one it forwarded for).
     */
    static WebRequest request(HttpServerRequest r, TrustedProxies proxies) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        if ("POST".equals(r.method().name())) {
            r.formAttributes().names().forEach(n -> form.put(n, new ArrayList<>(r.formAttributes().getAll(n))));
        }
        String proto = r.getHeader("X-Forwarded-Proto");
        boolean https = r.isSSL() || (proto != null && proto.split(",")[0].strip().equalsIgnoreCase("https"));
        return new WebRequest(r.method().name(), r.path(), WebRequest.decodeQuery(r.query()), form,
                WebRequest.decodeCookies(r.headers().getAll("Cookie")), r.getHeader("Accept-Language"), https,
                proxies.clientIp(r.remoteAddress() == null ? null : r.remoteAddress().hostAddress(),
                        String.join(",", r.headers().getAll("X-Forwarded-For"))));
    }

    private static void answer(Exchange exchange) {
        WebResponse response = exchange.getProperty(RESPONSE, WebResponse.class);
        Message msg = exchange.getMessage();
        msg.removeHeaders("*");
        msg.setHeader(Exchange.HTTP_RESPONSE_CODE, response.status);
        msg.setHeader(Exchange.CONTENT_TYPE, response.contentType);
        if (response.location != null) {
            msg.setHeader("Location", response.location);
        }
        // on the response itself: Camel's HTTP header filter drops a Cache-Control header of the message
        HttpCalls.responseHeader(exchange, "Cache-Control", response.cacheable ? "public, max-age=3600" : "no-store");
        msg.setHeader("X-Content-Type-Options", "nosniff");
        msg.setHeader("X-Frame-Options", "DENY");
        msg.setHeader("Referrer-Policy", "same-origin");
        msg.setHeader("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                + "form-action 'self'" + (response.formsMayLeadTo == null ? "" : " " + response.formsMayLeadTo)
                + "; frame-ancestors 'none'; base-uri 'none'");
        msg.setBody(response.body);
    }
}
