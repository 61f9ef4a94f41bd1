package simulator;

import static simulator.Params.optInt;
import static simulator.Params.optText;
import static simulator.Params.toId;

import java.util.Map;

/** One course of core_course_update_courses: Moodle's checks, then the change; a failed check changes nothing. */
final class CourseUpdate {

    private CourseUpdate() {
    }

    /** Caller holds the site's monitor; a WsError becomes a warning of the call. */
    static void apply(SiteState site, Map<String, Object> req, int id) {
        CourseRec c = site.courses.get(id);
        if (c == null) {
            throw new WsError("dml_missing_record_exception", "invalidrecord",
                    "Can't find data record in database table course.");
        }
        String fullname = optText(req, "fullname", null);
        String shortname = optText(req, "shortname", null);
        String idnumber = optText(req, "idnumber", null);
        Long categoryid = optInt(req, "categoryid");
        if (fullname != null && !fullname.equals(c.fullname) && fullname.trim().isEmpty()) {
            throw new WsError("moodle_exception", "errorinvalidparam", "The param \"fullname\" is invalid.");
        }
        if (shortname != null && !shortname.equals(c.shortname) && shortname.trim().isEmpty()) {
            throw new WsError("moodle_exception", "errorinvalidparam", "The param \"shortname\" is invalid.");
        }
        if (shortname != null && !shortname.isEmpty() && !shortname.equals(c.shortname)
                && site.courses.values().stream().anyMatch(o -> o.id != id && o.shortname.equals(shortname))) {
            throw new WsError("moodle_exception", "shortnametaken",
                    "Short name is already used for another course (" + shortname + ")");
        }
        if (idnumber != null && !idnumber.isEmpty() && !idnumber.equals(c.idnumber)
                && site.courses.values().stream().anyMatch(o -> o.id != id && idnumber.equals(o.idnumber))) {
            throw new WsError("moodle_exception", "courseidnumbertaken",
                    "ID number is already used for another course (" + idnumber + ")");
        }
        boolean move = categoryid != null && categoryid != 0 && categoryid != c.categoryid;
        if (move && !site.categories.containsKey(toId(categoryid))) {
            throw new WsError("dml_missing_record_exception", "invalidrecord",
                    "Can't find data record in database table course_categories.");
        }
        if (fullname != null) {
            c.fullname = fullname;
        }
        if (shortname != null && !shortname.isEmpty()) {
            c.shortname = shortname;
        }
        if (idnumber != null) {
            c.idnumber = idnumber;
        }
        if (move) {
            c.categoryid = toId(categoryid);
        }
        String summary = optText(req, "summary", null);
        if (summary != null) {
            c.summary = summary;
        }
        Long visible = optInt(req, "visible");
        if (visible != null) {
            c.visible = visible != 0 ? 1 : 0;
        }
        Long startdate = optInt(req, "startdate");
        if (startdate != null) {
            c.startdate = startdate;
        }
        c.timemodified = Times.nowSeconds();
    }
}
