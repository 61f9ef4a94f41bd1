package jouvence.web;

import jouvence.JouvenceConfig;
import jouvence.courses.CourseDirectory;
import jouvence.courses.NotFoundException;
import jouvence.courses.RemoteCourse;
import jouvence.courses.RestoreRequest;
import jouvence.courses.RestoreService;
import jouvence.courses.Status;
import jouvence.courses.UnavailableException;
import jouvence.web.Page.Ctx;
import jouvence.web.Page.Notice;
import jouvence.web.Sessions.Flash;
import jouvence.web.TeacherPage.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What "Restore your courses" shows (templates/restore.html): for each course server, the teacher's courses, what
 * the form lets them change, and what became of each. Only reads; {@link TeacherPage} acts on the posted form.
 */
final class RestoreView {

    private static final Logger LOG = LoggerFactory.getLogger(RestoreView.class);

    /**
     * One course server: its courses, or why there are none ({@code problem}); {@code noOriginal} says once why none of
     * them offers "keep its category" (null when one does).
     */
    public record Section(String server, String title, Notice problem, boolean choose, List<Course> courses,
                          List<Long> enrolForms, String noOriginal) {
        public String formId() {
            return "restore-" + server;
        }
    }

    /**
     * One course's row: {@code locked} when it can no longer be ticked, {@code frozen} when its options are fixed;
     * {@code category} is the identifier behind the "original category" box, null when that box is not offered.
     */
    public record Course(long id, String checkbox, String fullname, String shortname, boolean selected, boolean locked,
                         boolean frozen, String category, boolean original, boolean userData, String mode, Badge badge) {
    }

    /**
     * The status cell: the badge, the expected time while waiting ({@code at} null when unknown), the restored
     * course's link, the "enrol me" button's request, and the hint after an error.
     */
    public record Badge(String label, Long request, boolean waiting, String at, String link, Long enrolForm,
                        boolean hint) {
        static final Badge NONE = new Badge("none", null, false, null, null, null, false);

        public String css() {
            return request == null ? "status badge" : "status badge badge-" + label;
        }
    }

    private final TeacherPage rules;
    private final JouvenceConfig config;
    private final WebSettings settings;
    private final RestoreService service;
    private final CourseDirectory directory;
    private final Clock clock;
    private final ZoneId zone = ZoneId.systemDefault();

    RestoreView(TeacherPage rules, JouvenceConfig config, WebSettings settings, RestoreService service,
                CourseDirectory directory, Clock clock) {
        this.rules = rules;
        this.config = config;
        this.settings = settings;
        this.service = service;
        this.directory = directory;
        this.clock = clock;
    }

    WebResponse page(Ctx c, Flash flash) {
        Messages m = c.m();
        Optional<Instant> next = nextRun();
        Map<String, Boolean> categoryMatches = new HashMap<>();
        List<Section> sections = rules.servers().stream().map(s -> section(c, s, next, categoryMatches)).toList();
        Map<String, Object> values = new HashMap<>();
        values.put("nextRun", next.map(t -> NextRun.text(t, m.locale(), zone)).orElse(null));
        values.put("sections", sections);
        values.put("modes", TeacherPage.MODES);
        return WebResponse.html(200, Page.render(c, m.t("restore.title"), Notice.of(flash), "restore", values));
    }

    private Optional<Instant> nextRun() {
        if (!settings.claimEnabled()) {
            return Optional.empty();
        }
        return NextRun.after(settings.claimCron(), clock.instant(), zone);
    }

    private Section section(Ctx c, String server, Optional<Instant> next, Map<String, Boolean> categoryMatches) {
        Messages m = c.m();
        String title;
        try {
            title = directory.siteName(server);
        } catch (UnavailableException e) {
            LOG.warn("web: the teachers' page cannot reach course server {}: {}", server, e.getMessage());
            return problem(server, server, Notice.error(m.t("restore.server.unreachable", server)));
        }
        List<RemoteCourse> courses;
        try {
            courses = directory.teacherCourses(server, c.username());
        } catch (NotFoundException e) {
            return problem(server, title, new Notice("info", m.t("restore.noaccount")));
        } catch (UnavailableException e) {
            LOG.warn("web: cannot list the courses of {} on {}: {}", c.username(), server, e.getMessage());
            return problem(server, title, Notice.error(m.t("restore.server.unreachable", server)));
        }
        if (courses.isEmpty()) {
            return problem(server, title, new Notice("info", m.t("restore.nocourses")));
        }
        List<Row> rows = TeacherPage.rows(courses, service.forCourses(server,
                courses.stream().map(RemoteCourse::id).toList()), c.username());
        List<Course> shown = new ArrayList<>();
        List<Long> enrolForms = new ArrayList<>();
        for (Row row : rows) {
            Badge badge = badge(row, next, m.locale());
            if (badge.enrolForm() != null) {
                enrolForms.add(badge.enrolForm());
            }
            shown.add(course(server, row, badge, categoryMatches));
        }
        return new Section(server, title, null, rules.canChoose(c.username()), shown, enrolForms,
                noOriginal(courses, shown, m));
    }

    /**
     * Why no course of the section offers "keep its category", or null when one does: the course server sends no
     * category identifier (its plugin's restorecourseinoriginalcategory is off), or none it sends matches a category
     * of the new platform.
     */
    private static String noOriginal(List<RemoteCourse> courses, List<Course> shown, Messages m) {
        if (shown.stream().anyMatch(c -> c.category() != null)) {
            return null;
        }
        boolean identified = courses.stream().anyMatch(c -> c.categoryIdentifier() != null
                && !c.categoryIdentifier().isBlank());
        return m.t(identified ? "restore.original.none.nomatch" : "restore.original.none.noidentifier");
    }

    private static Section problem(String server, String title, Notice problem) {
        return new Section(server, title, problem, false, List.of(), List.of(), null);
    }

    private Course course(String server, Row row, Badge badge, Map<String, Boolean> categoryMatches) {
        RemoteCourse course = row.course();
        RestoreRequest shown = row.shown();
        RestoreRequest mine = row.mine();
        boolean mineActive = mine != null && mine.status().active();
        boolean locked = shown != null && (shown.status() == Status.PERFORMED || shown.status() == Status.IN_PROGRESS
                || row.byOther());
        boolean offersOriginal = rules.originalMatches(course.categoryIdentifier(), categoryMatches);
        boolean original = mineActive ? "original".equals(mine.category()) : settings.originalCategoryChecked();
        return new Course(course.id(), "sel-" + server + "-" + course.id(), course.fullname(), course.shortname(),
                mineActive, locked, locked || mineActive, offersOriginal ? course.categoryIdentifier() : null, original,
                mineActive && mine.withUserData(), mineActive ? TeacherPage.modeName(mine.enrolmentMode()) : "always",
                badge);
    }

    private Badge badge(Row row, Optional<Instant> next, Locale locale) {
        RestoreRequest r = row.shown();
        if (r == null) {
            return Badge.NONE;
        }
        String link = r.status() == Status.PERFORMED && r.restoredCourseId() != null
                ? directory.courseUrl(r.restoredCourseId()) : null;
        if (row.byOther()) {
            boolean performed = r.status() == Status.PERFORMED;
            Long enrol = link != null && config.parity().colleaguesMayEnrol() ? r.id() : null;
            return new Badge(performed ? "performed-by-other" : "requested-by-other", r.id(), false, null, link, enrol,
                    false);
        }
        boolean waiting = r.status() == Status.SCHEDULED || r.status() == Status.WAITING_RETRY;
        return new Badge(r.status().label(), r.id(), waiting, waiting ? eta(r, next, locale) : null, link, null,
                r.status() == Status.ERROR);
    }

    /** When a waiting request should be taken: the next run, or the first run after its retry time. */
    private String eta(RestoreRequest r, Optional<Instant> next, Locale locale) {
        Instant at = next.orElse(null);
        if (at != null && r.status() == Status.WAITING_RETRY && r.nextAttemptAt() != null
                && r.nextAttemptAt().isAfter(at)) {
            at = NextRun.after(settings.claimCron(), r.nextAttemptAt().minusMillis(1), zone).orElse(at);
        }
        return at == null ? null : NextRun.text(at, locale, zone);
    }
}
