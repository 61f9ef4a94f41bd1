package simulator;

import static simulator.Params.optInt;
import static simulator.Params.optText;
import static simulator.Params.reqInt;
import static simulator.Params.toId;
import static simulator.PhpJson.obj;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import simulator.MoodleSimulator.Enrolment;

/** The course client's writes: enrol_manual_enrol_users (C7-C10, C18) and core_course_update_courses. */
final class CourseClientService {

    /** Roles a manager may assign in a course context (Moodle defaults). */
    private static final Set<Integer> ASSIGNABLE_ROLES = Set.of(SiteState.ROLE_MANAGER,
            SiteState.ROLE_EDITINGTEACHER, SiteState.ROLE_TEACHER, SiteState.ROLE_STUDENT);

    private final SiteState site;

    CourseClientService(SiteState site) {
        this.site = site;
    }

    Object enrol(Map<String, Object> p) {
        Params.allowOnly(p, "enrolments");
        List<long[]> requested = new ArrayList<>();
        for (Object o : Params.reqList(p, "enrolments")) {
            Map<String, Object> e = Params.asStruct(o);
            Params.allowOnly(e, "roleid", "userid", "courseid", "timestart", "timeend", "suspend");
            long roleid = reqInt(e, "roleid");
            long userid = reqInt(e, "userid");
            long courseid = reqInt(e, "courseid");
            optInt(e, "timestart");
            optInt(e, "timeend");
            optInt(e, "suspend");
            requested.add(new long[] {roleid, userid, courseid});
        }
        synchronized (site) {
            List<Enrolment> pending = new ArrayList<>();
            for (long[] r : requested) {
                int roleid = toId(r[0]);
                int userid = toId(r[1]);
                int courseid = toId(r[2]);
                if (!site.courses.containsKey(courseid)) {
                    throw WsError.invalidParameter(); // validate_context(null): "Context does not exist"
                }
                if (!ASSIGNABLE_ROLES.contains(roleid)) {
                    throw new WsError("moodle_exception", "wsusercannotassign",
                            "You don't have the permission to assign this role (" + r[0] + ") to this user ("
                                    + r[1] + ") in this course (" + r[2] + ").");
                }
                if (!site.users.containsKey(userid) || userid == 1) {
                    throw new WsError("coding_exception", "codingerror",
                            "Coding error detected, it must be fixed by a programmer: "
                                    + "User ID does not exist or is deleted!");
                }
                pending.add(new Enrolment(courseid, userid, roleid));
            }
            site.enrolments.addAll(pending); // one transaction: all or nothing
            return null;
        }
    }

    Object updateCourses(Map<String, Object> p) {
        Params.allowOnly(p, "courses");
        List<Map<String, Object>> requested = new ArrayList<>();
        for (Object o : Params.reqList(p, "courses")) {
            Map<String, Object> c = Params.asStruct(o);
            Params.allowOnly(c, "id", "fullname", "shortname", "categoryid", "idnumber", "summary", "summaryformat",
                    "format", "showgrades", "newsitems", "startdate", "enddate", "numsections", "maxbytes",
                    "showreports", "visible", "hiddensections", "groupmode", "groupmodeforce", "defaultgroupingid",
                    "enablecompletion", "completionnotify", "lang", "forcetheme", "courseformatoptions",
                    "customfields", "showactivitydates", "showcompletionconditions", "pdfexportfont");
            reqInt(c, "id");
            optText(c, "fullname", null);
            optText(c, "shortname", null);
            optInt(c, "categoryid");
            optText(c, "idnumber", null);
            optText(c, "summary", null);
            optInt(c, "visible");
            optInt(c, "startdate");
            requested.add(c);
        }
        List<Object> warnings = new ArrayList<>();
        synchronized (site) {
            for (Map<String, Object> c : requested) {
                long rawId = reqInt(c, "id");
                try {
                    CourseUpdate.apply(site, c, toId(rawId));
                } catch (WsError e) {
                    warnings.add(obj("item", "course", "itemid", rawId, "warningcode",
                            e.errorcode == null ? "0" : e.errorcode, "message", e.getMessage()));
                }
            }
        }
        return obj("warnings", warnings);
    }
}
