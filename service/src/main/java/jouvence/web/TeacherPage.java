package jouvence.web;

import jouvence.JouvenceConfig;
import jouvence.courses.Caller;
import jouvence.courses.ConflictException;
import jouvence.courses.CourseDirectory;
import jouvence.courses.DuplicateRequestException;
import jouvence.courses.EnrolmentMode;
import jouvence.courses.NewRestore;
import jouvence.courses.NotFoundException;
import jouvence.courses.RefusedException;
import jouvence.courses.RemoteCourse;
import jouvence.courses.RestoreRequest;
import jouvence.courses.RestoreService;
import jouvence.courses.Status;
import jouvence.courses.UnavailableException;
import jouvence.web.Page.Ctx;
import jouvence.web.Sessions.Flash;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * "Restore your courses": the teacher's courses on every course server, what became of each, and the form that
 * schedules the ticked ones and cancels the un-ticked ones. The form is never trusted: every rule is checked again
 * against the course server's live list when it is posted. What the page shows is {@link RestoreView}'s.
 */
public class TeacherPage {

    private static final Logger LOG = LoggerFactory.getLogger(TeacherPage.class);
    /** The enrolment modes in the order the forms offer them. */
    static final List<String> MODES = java.util.stream.Stream.of(EnrolmentMode.ALWAYS, EnrolmentMode.WITH_USERS,
            EnrolmentMode.NEVER).map(EnrolmentMode::label).toList();

    private final JouvenceConfig config;
    private final RestoreService service;
    private final CourseDirectory directory;
    private final Sessions sessions;
    private final RestoreView view;
    private final RestoreForm form;

    public TeacherPage(JouvenceConfig config, WebSettings settings, RestoreService service, CourseDirectory directory,
                       Sessions sessions, Clock clock) {
        this.config = config;
        this.service = service;
        this.directory = directory;
        this.sessions = sessions;
        this.view = new RestoreView(this, config, settings, service, directory, clock);
        this.form = new RestoreForm(this, service);
    }

    /** The configured course servers, in a stable order. */
    List<String> servers() {
        return config.servers().keySet().stream().sorted().toList();
    }

    /** The user-data policy lets this user choose (with user data, enrolment mode). */
    boolean canChoose(String username) {
        var p = config.parity();
        return p.userDataPolicy().equals("choice") && (p.userDataChoosers().isEmpty()
                || p.userDataChoosers().contains(username));
    }

    /** What the page says about one course: this user's latest request and another user's that holds the course. */
    record Row(RemoteCourse course, RestoreRequest mine, RestoreRequest other) {
        /** The request the badge shows. */
        RestoreRequest shown() {
            if (mine != null && (mine.status().active() || mine.status() == Status.PERFORMED)) {
                return mine;
            }
            return other != null ? other : mine;
        }

        boolean byOther() {
            RestoreRequest s = shown();
            return s != null && s == other;
        }
    }

    static List<Row> rows(List<RemoteCourse> courses, List<RestoreRequest> found, String username) {
        Map<Long, RestoreRequest> mine = new HashMap<>();
        Map<Long, RestoreRequest> other = new HashMap<>();
        for (RestoreRequest r : found) { // newest first
            if (username.equals(r.requester())) {
                mine.putIfAbsent(r.remoteCourseId(), r);
            } else if (r.status().active() || r.status() == Status.PERFORMED) {
                other.putIfAbsent(r.remoteCourseId(), r);
            }
        }
        List<Row> rows = new ArrayList<>();
        for (RemoteCourse c : courses) {
            rows.add(new Row(c, mine.get(c.id()), other.get(c.id())));
        }
        return rows;
    }

    // --- the page -------------------------------------------------------------------------------------------------

    public WebResponse page(Ctx c, Flash flash) {
        return view.page(c, flash);
    }

    /** The server gave a category identifier, and the new platform has that category (map first, then idnumber). */
    boolean originalMatches(String identifier, Map<String, Boolean> cache) {
        if (identifier == null || identifier.isBlank()) {
            return false;
        }
        return cache.computeIfAbsent(identifier, ident -> {
            try {
                return directory.originalCategoryExists(ident);
            } catch (UnavailableException e) {
                LOG.warn("web: cannot look category {} up on the new platform: {}", ident, e.getMessage());
                return false;
            }
        });
    }

    static String modeName(int code) {
        return EnrolmentMode.of(code).label();
    }

    // --- the form -------------------------------------------------------------------------------------------------

    public WebResponse post(Ctx c) {
        Messages m = c.m();
        String user = c.username();
        String server = c.req().f("server");
        if (server == null || !config.servers().containsKey(server)) {
            return done(c, "error", m.t("restore.unknownserver"));
        }
        List<RemoteCourse> live;
        try {
            live = directory.teacherCourses(server, user);
        } catch (NotFoundException e) {
            return done(c, "error", m.t("restore.noaccount"));
        } catch (UnavailableException e) {
            return done(c, "error", m.t("restore.server.unreachable", server));
        }
        Map<Long, RemoteCourse> teaches = new LinkedHashMap<>();
        live.forEach(rc -> teaches.put(rc.id(), rc));
        Caller caller = Caller.web(user);
        RestoreForm.Plan plan;
        try {
            plan = form.read(c, server, teaches, caller);
        } catch (RestoreForm.Refused e) {
            return done(c, "error", e.getMessage() + " " + m.t("restore.nothingchanged"));
        }
        List<NewRestore> toInsert = plan.toInsert();
        List<RestoreRequest> toCancel = plan.toCancel();
        List<String> scheduled = new ArrayList<>();
        List<String> cancelled = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (NewRestore n : toInsert) {
            try {
                service.create(n, caller);
                scheduled.add(n.remoteCourseName());
            } catch (RefusedException | DuplicateRequestException e) {
                problems.add(n.remoteCourseName() + ": " + e.getMessage());
            }
        }
        for (RestoreRequest r : toCancel) {
            try {
                service.cancel(r.id(), caller);
                cancelled.add(r.courseName());
            } catch (ConflictException | NotFoundException e) {
                problems.add(m.t("restore.cancel.late", r.courseName()));
            }
        }
        List<String> parts = new ArrayList<>();
        if (!scheduled.isEmpty()) {
            parts.add(m.t("restore.scheduled", String.join(", ", scheduled)));
        }
        if (!cancelled.isEmpty()) {
            parts.add(m.t("restore.cancelled", String.join(", ", cancelled)));
        }
        parts.addAll(problems);
        if (parts.isEmpty()) {
            parts.add(m.t("restore.nochange"));
        }
        if (!toInsert.isEmpty() || !toCancel.isEmpty()) {
            LOG.info("web: {} on {}: {} scheduled, {} cancelled, {} refused", user, server, scheduled.size(),
                    cancelled.size(), problems.size());
        }
        return done(c, problems.isEmpty() ? "info" : "error", String.join(" ", parts));
    }

    /** "Enrol me" in a course someone else restored: AdminApi's rule (the user teaches the remote course, live). */
    public WebResponse enrol(Ctx c) {
        Messages m = c.m();
        if (!c.req().post()) {
            return WebResponse.redirect("/restore");
        }
        String id = c.req().f("request");
        try {
            if (id == null || !id.matches("\\d{1,18}")) {
                throw new NotFoundException("no restore request " + id);
            }
            service.enrolColleague(Long.parseLong(id), c.username(), Caller.web(c.username()));
        } catch (RefusedException e) {
            return done(c, "error", m.t("restore.enrol.refused", e.getMessage()));
        }
        return done(c, "info", m.t("restore.enrolled", service.find(Long.parseLong(id))
                .map(RestoreRequest::courseName).orElse("")));
    }

    private WebResponse done(Ctx c, String kind, String text) {
        sessions.flash(c.session().idHash(), kind, text);
        return WebResponse.redirect("/restore");
    }
}
