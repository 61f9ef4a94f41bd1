package jouvence.web;

import jouvence.privatefiles.PrivateFilesService;
import jouvence.web.Page.Ctx;
import jouvence.web.Page.Link;
import jouvence.web.Page.Notice;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The console's *Private files* section (admins only, while the private files are on): the requests, by state, and
 * one request with each file's outcome and its trail. Read-only: a person asks again from their own page.
 */
public class AdminPrivateFilesView {

    private static final Pattern PATH = Pattern.compile("/admin/private-files/(\\d{1,18})");
    private static final List<String> STATES = List.of("scheduled", "in-progress", "performed", "error",
            "waiting-login");

    private final PrivateFilesService service;

    public AdminPrivateFilesView(PrivateFilesService service) {
        this.service = service;
    }

    public WebResponse list(Ctx c) {
        String state = c.req().q("state");
        if (state != null && !STATES.contains(state)) {
            state = null;
        }
        Map<String, Object> values = new HashMap<>();
        values.put("requests", service.list(state, 200, 0));
        values.put("states", STATES);
        values.put("state", state == null ? "" : state);
        return WebResponse.html(200, Page.render(c, c.m().t("privatefiles.admin.title"), null, "admin-private-files",
                values));
    }

    public WebResponse detail(Ctx c) {
        Matcher id = PATH.matcher(c.req().path());
        var detail = id.matches() ? service.get(Long.parseLong(id.group(1))) : java.util.Optional.<
                PrivateFilesService.Detail>empty();
        if (detail.isEmpty()) {
            return WebResponse.html(404, Page.message(c, c.m().t("error.title"),
                    Notice.error(c.m().t("privatefiles.admin.none")), new Link("/admin/private-files",
                            c.m().t("privatefiles.admin.back"))));
        }
        Map<String, Object> values = new HashMap<>();
        values.put("r", detail.get().request());
        values.put("items", detail.get().items());
        values.put("trail", detail.get().trail());
        return WebResponse.html(200, Page.render(c, c.m().t("privatefiles.admin.request", detail.get().request().id()),
                null, "admin-private-file", values));
    }
}
