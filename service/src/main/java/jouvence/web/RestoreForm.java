package jouvence.web;

import jouvence.courses.Caller;
import jouvence.courses.EnrolmentMode;
import jouvence.courses.InvalidRequestException;
import jouvence.courses.NewRestore;
import jouvence.courses.RemoteCourse;
import jouvence.courses.RestoreRequest;
import jouvence.courses.RestoreService;
import jouvence.courses.Status;
import jouvence.web.Page.Ctx;
import jouvence.web.TeacherPage.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The teachers' form, read against the course server's live list of the user's courses: what to queue and what to
 * cancel, or a refusal of the whole form. Nothing from the form is trusted: a course the user does not teach there, a
 * category, user-data or enrolment choice the rules do not allow, refuses it all.
 */
final class RestoreForm {

    private static final Logger LOG = LoggerFactory.getLogger(TeacherPage.class);

    /** What the form asks for, once checked. */
    record Plan(List<NewRestore> toInsert, List<RestoreRequest> toCancel) {
    }

    /** A refusal of the whole form: nothing was changed. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    private final TeacherPage rules;
    private final RestoreService service;

    RestoreForm(TeacherPage rules, RestoreService service) {
        this.rules = rules;
        this.service = service;
    }

    /** @param teaches the user's courses on {@code server}, live, by id */
    Plan read(Ctx c, String server, Map<Long, RemoteCourse> teaches, Caller caller) {
        Messages m = c.m();
        String user = c.username();
        List<NewRestore> toInsert = new ArrayList<>();
        List<RestoreRequest> toCancel = new ArrayList<>();
        Set<Long> listed = ids(c.req().fAll("listed"), m);
        Set<Long> selected = ids(c.req().fAll("selected"), m);
        Set<Long> all = new LinkedHashSet<>(listed);
        all.addAll(selected);
        for (long id : all) {
            if (!teaches.containsKey(id)) {
                LOG.warn("web: {} posted course {} of {}, which they do not teach there: form refused", user, id,
                        server);
                throw new Refused(m.t("restore.forged", id, server));
            }
        }
        List<Row> rows = TeacherPage.rows(new ArrayList<>(teaches.values()), service.forCourses(server, all), user);
        Map<Long, Row> byCourse = new HashMap<>();
        rows.forEach(r -> byCourse.put(r.course().id(), r));
        boolean choose = rules.canChoose(user);
        Map<String, Boolean> categoryMatches = new HashMap<>();
        for (long id : selected) {
            Row row = byCourse.get(id);
            if (row.mine() != null && row.mine().status().active()) {
                continue; // already asked for
            }
            RemoteCourse course = row.course();
            boolean original = c.req().f("original-" + id) != null;
            if (original && !rules.originalMatches(course.categoryIdentifier(), categoryMatches)) {
                throw new Refused(m.t("restore.nooriginal", course.fullname()));
            }
            String mode = c.req().f("mode-" + id);
            if (mode != null && !choose) {
                throw new Refused(m.t("restore.nochoice", course.fullname()));
            }
            if (mode != null && EnrolmentMode.parse(mode).isEmpty()) {
                throw new Refused(m.t("restore.badmode", course.fullname()));
            }
            NewRestore n = new NewRestore(server, id, course.fullname(), user, c.req().f("userdata-" + id) != null,
                    mode == null ? EnrolmentMode.ALWAYS : EnrolmentMode.parse(mode).orElseThrow(),
                    original ? "original" : "default", null);
            try {
                service.check(n, caller);
            } catch (InvalidRequestException e) {
                throw new Refused(course.fullname() + ": " + e.getMessage());
            }
            toInsert.add(n);
        }
        for (long id : listed) {
            Row row = byCourse.get(id);
            if (!selected.contains(id) && row.mine() != null && (row.mine().status() == Status.SCHEDULED
                    || row.mine().status() == Status.WAITING_RETRY)) {
                toCancel.add(row.mine());
            }
        }
        return new Plan(toInsert, toCancel);
    }

    private static Set<Long> ids(List<String> values, Messages m) {
        Set<Long> ids = new LinkedHashSet<>();
        for (String v : values) {
            if (v == null || !v.matches("[1-9]\\d{0,17}")) {
                throw new Refused(m.t("restore.badid"));
            }
            ids.add(Long.parseLong(v));
        }
        return ids;
    }
}
