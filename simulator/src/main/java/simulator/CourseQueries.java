package simulator;

import static simulator.PhpJson.obj;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import simulator.MoodleSimulator.Enrolment;
import simulator.MoodleSimulator.Role;

/**
 * core_course_get_courses_by_field on both sites: the server's web-service user lacks moodle/course:update and gets
 * the short form (S17), the client's the long one (C6, C17).
 */
final class CourseQueries {

    private final SiteState site;
    private final SiteAddress address;

    CourseQueries(SiteState site, SiteAddress address) {
        this.site = site;
        this.address = address;
    }

    Object coursesByField(Map<String, Object> p) {
        Params.allowOnly(p, "field", "value");
        String field = Params.optText(p, "field", "");
        String value = Params.optText(p, "value", "");
        synchronized (site) {
            List<CourseRec> found = new ArrayList<>();
            List<CourseRec> all = site.courses.values().stream().sorted(Comparator.comparingInt(c -> c.id)).toList();
            switch (field) {
                case "" -> found.addAll(all);
                case "id" -> {
                    long id = Params.phpIntCast(value);
                    all.stream().filter(c -> c.id == id).forEach(found::add);
                }
                case "ids" -> {
                    // Moodle 4.4 answers in the order asked (util::validate_courses), and a PHP Error when one of
                    // them does not exist.
                    for (String s : value.split(",")) {
                        if (s.isBlank()) {
                            continue;
                        }
                        long id = Params.phpIntCast(s.trim());
                        CourseRec c = id == 1 ? frontPage() : site.courses.get((int) id);
                        if (c == null) {
                            throw new WsError("Error", null, "Attempt to assign property \"contextvalidated\" on null");
                        }
                        found.add(c);
                    }
                }
                case "shortname" -> all.stream().filter(c -> c.shortname.equals(value)).forEach(found::add);
                case "idnumber" -> all.stream().filter(c -> !value.isEmpty() && value.equals(c.idnumber))
                        .forEach(found::add);
                case "category" -> {
                    long cat = Params.phpIntCast(value);
                    all.stream().filter(c -> c.categoryid == cat).forEach(found::add);
                }
                default -> throw WsError.invalidParameter();
            }
            if (field.equals("id") && Params.phpIntCast(value) == 1) {
                found.add(frontPage()); // the lab's sites answer the front page (SITEID) to id look-ups
            }
            List<Object> out = new ArrayList<>();
            for (CourseRec c : found) {
                out.add(courseDetails(c));
            }
            return obj("courses", out, "warnings", new ArrayList<>());
        }
    }

    private CourseRec frontPage() {
        CourseRec c = new CourseRec();
        c.id = 1;
        c.shortname = site.role == MoodleSimulator.Role.COURSE_SERVER ? "server" : "client";
        c.fullname = site.role == MoodleSimulator.Role.COURSE_SERVER ? "Old platform (course server)"
                : "New platform (course client)";
        c.summary = "";
        c.categoryid = 0;
        c.sortorder = 1;
        c.contextid = 2;
        c.idnumber = "";
        return c;
    }

    private Map<String, Object> courseDetails(CourseRec c) {
        Category cat = site.categories.get(c.categoryid);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id);
        m.put("fullname", c.fullname);
        m.put("displayname", c.fullname);
        m.put("shortname", c.shortname);
        m.put("courseimage", address.url() + "/pluginfile.php/" + c.contextid + "/course/generated/course.svg");
        m.put("categoryid", c.categoryid);
        m.put("categoryname", cat == null ? "" : cat.name);
        m.put("sortorder", c.sortorder);
        m.put("summary", c.summary);
        m.put("summaryformat", 1);
        m.put("summaryfiles", new ArrayList<>());
        m.put("overviewfiles", new ArrayList<>());
        m.put("showactivitydates", false);
        m.put("showcompletionconditions", true);
        m.put("contacts", contacts(c));
        m.put("enrollmentmethods", new ArrayList<>(List.of("manual")));
        if (site.role == Role.COURSE_SERVER) {
            return m; // the server's ws user lacks moodle/course:update: short form (S17)
        }
        m.put("idnumber", c.idnumber);
        m.put("format", "topics");
        m.put("showgrades", 1);
        m.put("newsitems", 0);
        m.put("startdate", c.startdate);
        m.put("enddate", 0);
        m.put("maxbytes", 0);
        m.put("showreports", 0);
        m.put("visible", c.visible);
        m.put("groupmode", 0);
        m.put("groupmodeforce", 0);
        m.put("defaultgroupingid", 0);
        m.put("enablecompletion", 0);
        m.put("completionnotify", 0);
        m.put("lang", "");
        m.put("theme", "");
        m.put("marker", 0);
        m.put("legacyfiles", 0);
        m.put("calendartype", "");
        m.put("timecreated", c.timecreated);
        m.put("timemodified", c.timemodified);
        m.put("requested", 0);
        m.put("cacherev", c.cacherev);
        List<Object> filters = new ArrayList<>();
        for (String f : new String[] {"displayh5p", "activitynames", "mathjaxloader", "emoticon", "urltolink",
            "mediaplugin"}) {
            filters.add(obj("filter", f, "localstate", 0, "inheritedstate", 1));
        }
        m.put("filters", filters);
        if (c.id == 1) { // the front page: no course format options, the site format
            m.put("summaryformat", 0);
            m.put("showcompletionconditions", null);
            m.put("enrollmentmethods", new ArrayList<>());
            m.put("format", "site");
            m.put("newsitems", 3);
            m.put("startdate", 0);
            return m;
        }
        m.put("courseformatoptions", new ArrayList<>(List.of(
                obj("name", "hiddensections", "value", 1),
                obj("name", "coursedisplay", "value", 0),
                obj("name", "indentation", "value", "1"))));
        return m;
    }

    /** The course's editing teachers, once each, in enrolment order. */
    private List<Object> contacts(CourseRec c) {
        List<Object> contacts = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (Enrolment e : site.enrolments) {
            if (e.courseid() == c.id && e.roleid() == SiteState.ROLE_EDITINGTEACHER && seen.add(e.userid())) {
                User u = site.users.get(e.userid());
                if (u != null) {
                    contacts.add(obj("id", u.id, "fullname", u.fullname()));
                }
            }
        }
        return contacts;
    }
}
