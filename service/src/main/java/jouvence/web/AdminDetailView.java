package jouvence.web;

import jouvence.courses.CourseDirectory;
import jouvence.courses.RequestEvent;
import jouvence.courses.RestoreRequest;
import jouvence.courses.RestoreService;
import jouvence.web.Page.Ctx;
import jouvence.web.Page.Link;
import jouvence.web.Page.Notice;
import jouvence.web.Sessions.Flash;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One request in the console (templates/request.html): its facts, warnings, actions and trail of events. */
final class AdminDetailView {

    /** A line of the facts list. */
    public record Fact(String name, String value) {
    }

    /** An event of the trail, its time as written in the page language. */
    public record Event(String at, RequestEvent e) {
    }

    private final RestoreService service;
    private final CourseDirectory directory;
    private final ZoneId zone = ZoneId.systemDefault();

    AdminDetailView(RestoreService service, CourseDirectory directory) {
        this.service = service;
        this.directory = directory;
    }

    WebResponse page(Ctx c, Flash flash, Optional<RestoreRequest> found) {
        Messages m = c.m();
        if (found.isEmpty()) {
            return WebResponse.html(404, Page.message(c, m.t("error.title"), Notice.error(m.t("admin.norequest")),
                    new Link("/admin", m.t("nav.admin"))));
        }
        RestoreRequest r = found.get();
        Map<String, Object> values = new HashMap<>();
        values.put("r", r);
        values.put("facts", facts(r, m));
        values.put("link", r.restoredCourseId() == null ? null : directory.courseUrl(r.restoredCourseId()));
        values.put("warnings", r.warnings());
        values.put("action", "/admin/requests/" + r.id());
        // Only what the service would do in this state (the same rule: Status), never a button that can only fail.
        values.put("retriable", r.status().retriable());
        values.put("cancellable", r.status().cancellable());
        values.put("categoryChangeable", r.status().categoryChangeable());
        values.put("events", service.events(r.id()).stream().map(e -> new Event(when(e.at(), m), e)).toList());
        return WebResponse.html(200, Page.render(c, m.t("admin.request", r.id()), Notice.of(flash), "request", values));
    }

    private List<Fact> facts(RestoreRequest r, Messages m) {
        List<Fact> facts = new ArrayList<>();
        facts.add(new Fact(m.t("admin.col.status"), m.t("status." + r.status().label())));
        facts.add(new Fact(m.t("admin.col.server"), r.serverId()));
        facts.add(new Fact(m.t("admin.col.course"), r.courseName() + " (" + r.remoteCourseId() + ")"));
        facts.add(new Fact(m.t("admin.col.requester"), r.requester() == null ? m.t("admin.nobody") : r.requester()));
        facts.add(new Fact(m.t("admin.scheduledby"), r.scheduledBy() + " (" + r.source() + ")"));
        facts.add(new Fact(m.t("admin.rfu.category"),
                r.category() + (r.targetCategoryId() == null ? "" : " → " + r.targetCategoryId())));
        facts.add(new Fact(m.t("restore.col.userdata"), r.withUserData() ? m.t("yes") : m.t("no")));
        // the request's own word (never, with-users, always), as the API, the mails and the warnings say it
        facts.add(new Fact(m.t("restore.col.mode"), r.mode().label() + " (" + m.t("mode." + r.mode().label()) + ")"));
        facts.add(new Fact(m.t("admin.attempts"), Integer.toString(r.attempts())));
        facts.add(new Fact(m.t("admin.col.created"), when(r.createdAt(), m)));
        facts.add(new Fact(m.t("admin.modified"), when(r.modifiedAt(), m)));
        if (r.lastErrorCode() != null) {
            facts.add(new Fact(m.t("admin.lasterror"),
                    r.lastErrorStep() + " / " + r.lastErrorCode() + ": " + r.lastErrorMessage()));
        }
        return facts;
    }

    private String when(Instant t, Messages m) {
        return t == null ? "" : NextRun.text(t, m.locale(), zone);
    }
}
