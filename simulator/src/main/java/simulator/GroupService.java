package simulator;

import static simulator.PhpJson.obj;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import simulator.MoodleSimulator.Enrolment;

/**
 * The course client's groups and enrolled users, answered as the lab's real Moodle 4.4.3+ answers them (checked by
 * RealMoodleFoldersIT): core_group_get_course_groups (names format_string'd, sorted by name),
 * core_group_get_groupings (with returngroups: the groups' names raw), core_group_get_group_members (user ids only),
 * core_enrol_get_enrolled_users (with its userfields option; fullname always). Missing records give Moodle's errors.
 */
final class GroupService {

    static final String FN_COURSE_GROUPS = "core_group_get_course_groups";
    static final String FN_GROUPINGS = "core_group_get_groupings";
    static final String FN_GROUP_MEMBERS = "core_group_get_group_members";
    static final String FN_ENROLLED_USERS = "core_enrol_get_enrolled_users";

    private static final Pattern BARE_AMPERSAND = Pattern.compile("&(?![a-zA-Z0-9#]{1,8};)");
    /** Moodle's order of a user's details (user_get_user_details), the ones simulated. */
    private static final List<String> USER_FIELDS = List.of("id", "username", "firstname", "lastname", "fullname",
            "email", "department", "firstaccess", "lastaccess", "lastcourseaccess", "profileimageurlsmall",
            "profileimageurl", "groups", "roles", "enrolledcourses");
    private static final Map<Integer, String> ROLE_NAMES = Map.of(SiteState.ROLE_MANAGER, "manager",
            SiteState.ROLE_EDITINGTEACHER, "editingteacher", SiteState.ROLE_TEACHER, "teacher",
            SiteState.ROLE_STUDENT, "student");

    private final SiteState site;
    private final SiteAddress address;

    GroupService(SiteState site, SiteAddress address) {
        this.site = site;
        this.address = address;
    }

    Object courseGroups(Map<String, Object> p) {
        Params.allowOnly(p, "courseid");
        long courseid = Params.reqInt(p, "courseid");
        synchronized (site) {
            if (!site.courses.containsKey((int) courseid)) {
                throw new WsError("moodle_exception", "errorcoursecontextnotvalid", "You cannot execute functions in the "
                        + "course context (course id:" + courseid + "). The context error message was: Invalid parameter "
                        + "value detected");
            }
            requireManageGroups();
            List<Object> out = new ArrayList<>();
            for (GroupRec g : sortedByName(site.groups.values().stream().filter(g -> g.courseid == courseid).toList())) {
                out.add(group(g, formatString(g.name), true));
            }
            return out;
        }
    }

    Object groupings(Map<String, Object> p) {
        Params.allowOnly(p, "groupingids", "returngroups");
        List<Object> ids = Params.reqList(p, "groupingids");
        boolean withGroups = Params.optBool(p, "returngroups", false);
        synchronized (site) {
            List<Object> out = new ArrayList<>();
            for (Object o : ids) {
                GroupRec g = site.groupings.get(Params.toId(Params.phpIntCast(text(o))));
                if (g == null) {
                    throw missing("groupings");
                }
                requireManageGroups();
                Map<String, Object> m = obj("id", g.id, "courseid", g.courseid, "name", g.name, "description", "",
                        "descriptionformat", 0, "idnumber", g.idnumber, "customfields", new ArrayList<>());
                if (withGroups) {
                    List<Object> groups = new ArrayList<>();
                    for (GroupRec member : sortedByName(g.ids.stream().map(site.groups::get).toList())) {
                        Map<String, Object> gm = group(member, member.name, false);
                        gm.put("customfields", new ArrayList<>());
                        groups.add(gm);
                    }
                    m.put("groups", groups);
                }
                out.add(m);
            }
            return out;
        }
    }

    Object groupMembers(Map<String, Object> p) {
        Params.allowOnly(p, "groupids");
        List<Object> ids = Params.reqList(p, "groupids");
        synchronized (site) {
            List<Object> out = new ArrayList<>();
            for (Object o : ids) {
                GroupRec g = site.groups.get(Params.toId(Params.phpIntCast(text(o))));
                if (g == null) {
                    throw missing("groups");
                }
                requireManageGroups();
                out.add(obj("groupid", g.id, "userids", new ArrayList<>(g.ids)));
            }
            return out;
        }
    }

    Object enrolledUsers(Map<String, Object> p) {
        Params.allowOnly(p, "courseid", "options");
        long courseid = Params.reqInt(p, "courseid");
        Set<String> fields = new LinkedHashSet<>(USER_FIELDS);
        for (Object o : p.containsKey("options") ? Params.reqList(p, "options") : List.of()) {
            Map<String, Object> option = Params.asStruct(o);
            Params.allowOnly(option, "name", "value");
            String name = Params.reqText(option, "name");
            String value = Params.reqText(option, "value");
            if (name.equals("userfields")) {
                fields.retainAll(Set.of(value.split(",")));
                fields.add("id");
                fields.add("fullname"); // Moodle always gives it
            } else if (!Set.of("onlyactive", "onlysuspended", "withcapability", "groupid", "limitfrom", "limitnumber",
                    "sortby", "sortdirection").contains(name)) {
                throw WsError.invalidParameter();
            }
        }
        synchronized (site) {
            CourseRec course = site.courses.get((int) courseid);
            if (course == null) {
                throw missing("course");
            }
            Map<Integer, List<Integer>> roles = new LinkedHashMap<>();
            for (Enrolment e : site.enrolments) {
                if (e.courseid() == courseid) {
                    roles.computeIfAbsent(e.userid(), u -> new ArrayList<>()).add(e.roleid());
                }
            }
            List<Object> out = new ArrayList<>();
            roles.keySet().stream().sorted().forEach(userid -> out.add(user(site.users.get(userid), course,
                    roles.get(userid), fields)));
            return out;
        }
    }

    private Map<String, Object> user(User u, CourseRec course, List<Integer> roles, Set<String> fields) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("id", u.id);
        all.put("username", u.username);
        all.put("firstname", u.firstname);
        all.put("lastname", u.lastname);
        all.put("fullname", u.fullname());
        all.put("email", u.email);
        all.put("department", "");
        all.put("firstaccess", 0);
        all.put("lastaccess", 0);
        all.put("lastcourseaccess", 0);
        all.put("profileimageurlsmall", address.url() + "/theme/image.php/boost/core/1796631150/u/f2");
        all.put("profileimageurl", address.url() + "/theme/image.php/boost/core/1796631150/u/f1");
        List<Object> groups = new ArrayList<>();
        for (GroupRec g : site.groups.values()) {
            if (g.courseid == course.id && g.ids.contains(u.id)) {
                groups.add(obj("id", g.id, "name", formatString(g.name), "description",
                        "<div class=\"text_to_html\"></div>", "descriptionformat", 0));
            }
        }
        all.put("groups", groups);
        List<Object> roleList = new ArrayList<>();
        for (int roleid : roles) {
            roleList.add(obj("roleid", roleid, "name", "", "shortname", ROLE_NAMES.getOrDefault(roleid, "role" + roleid),
                    "sortorder", 0));
        }
        all.put("roles", roleList);
        all.put("enrolledcourses", List.of(obj("id", course.id, "fullname", formatString(course.fullname),
                "shortname", course.shortname)));
        if (site.deniedCapabilities.contains(SimulatedGroups.VIEW_ALL_DETAILS)) {
            all.remove("username");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        all.forEach((k, v) -> {
            if (fields.contains(k)) {
                out.put(k, v);
            }
        });
        return out;
    }

    private void requireManageGroups() {
        if (site.deniedCapabilities.contains(SimulatedGroups.MANAGE_GROUPS)) {
            throw new WsError("required_capability_exception", "nopermissions",
                    "Sorry, but you do not currently have permissions to do that (Manage groups).");
        }
    }

    private static Map<String, Object> group(GroupRec g, String name, boolean withVisibility) {
        Map<String, Object> m = obj("id", g.id, "courseid", g.courseid, "name", name, "description", "",
                "descriptionformat", 1, "enrolmentkey", null, "idnumber", g.idnumber);
        if (withVisibility) {
            m.put("visibility", 0);
            m.put("participation", true);
        }
        return m;
    }

    private static List<GroupRec> sortedByName(List<GroupRec> groups) {
        return groups.stream().sorted(Comparator.comparing((GroupRec g) -> g.name).thenComparingInt(g -> g.id)).toList();
    }

    /** format_string without filters: bare ampersands escaped, tags stripped (simply), angle brackets escaped. */
    static String formatString(String s) {
        String escaped = BARE_AMPERSAND.matcher(s).replaceAll("&amp;");
        return escaped.replaceAll("<[^\\s>][^>]*>", "").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String text(Object o) {
        if (!(o instanceof String s)) {
            throw WsError.invalidParameter();
        }
        if (!s.matches("-?[0-9]+")) {
            throw WsError.invalidParameter();
        }
        return s;
    }

    private static WsError missing(String table) {
        return new WsError("dml_missing_record_exception", "invalidrecord",
                "Can't find data record in database table " + table + ".");
    }
}
