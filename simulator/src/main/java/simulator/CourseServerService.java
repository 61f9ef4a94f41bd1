package simulator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import simulator.MoodleSimulator.Enrolment;

/**
 * The course server's plugin function block_my_external_backup_restore_courses_get_courses (S2-S5, S20-S22) and the
 * ownership rule it shares with get_courses_zip.
 */
final class CourseServerService {

    private final SiteState site;

    CourseServerService(SiteState site) {
        this.site = site;
    }

    static WsError invalidUsername() {
        return new WsError("block_my_external_backup_restore_courses_invalid_username_exception", "invalidusername",
                "debug/invalidusername");
    }

    Object getCourses(Map<String, Object> p) {
        Params.allowOnly(p, "username", "concernedroles");
        String username = Params.reqText(p, "username");
        Params.reqText(p, "concernedroles"); // required, but the server's own search_roles setting drives the search
        synchronized (site) {
            User u = site.findUser(username);
            if (u == null) {
                throw invalidUsername();
            }
            List<Object> out = new ArrayList<>();
            if (u.id == 1) {
                return out;
            }
            for (CourseRec c : ownedCourses(u)) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", c.id);
                m.put("shortname", c.shortname);
                m.put("category", c.categoryid);
                m.put("sortorder", c.sortorder);
                m.put("fullname", c.fullname);
                m.put("idnumber", c.idnumber);
                m.put("startdate", c.startdate);
                m.put("visible", c.visible);
                m.put("groupmode", 0);
                m.put("groupmodeforce", 0);
                Category cat = site.categories.get(c.categoryid);
                m.put("categoryidentifier", site.restoreInOriginalCategory && cat != null ? cat.idnumber : null);
                m.put("concernedusers", "");
                out.add(m);
            }
            return out;
        }
    }

    /**
     * Courses where the user holds the search role (editingteacher), visible DESC, sortorder ASC (caller holds the
     * site's monitor).
     */
    List<CourseRec> ownedCourses(User u) {
        Set<Integer> ids = new HashSet<>();
        for (Enrolment e : site.enrolments) {
            if (e.userid() == u.id && e.roleid() == SiteState.ROLE_EDITINGTEACHER) {
                ids.add(e.courseid());
            }
        }
        return site.courses.values().stream().filter(c -> ids.contains(c.id))
                .sorted(Comparator.comparingInt((CourseRec c) -> -c.visible).thenComparingInt(c -> c.sortorder))
                .toList();
    }
}
