package simulator;

import java.util.Map;

import simulator.MoodleSimulator.Enrolment;

/**
 * Test hooks for the course client's groups, groupings, members and enrolments with roles (what collaborative folders
 * read), from {@link MoodleSimulator#groups()}. Thread-safe; {@link MoodleSimulator#reset()} empties them.
 */
public final class SimulatedGroups {

    private static final Map<String, Integer> ROLES = Map.of("manager", SiteState.ROLE_MANAGER,
            "editingteacher", SiteState.ROLE_EDITINGTEACHER, "teacher", SiteState.ROLE_TEACHER,
            "student", SiteState.ROLE_STUDENT);

    private final SiteState site;

    SimulatedGroups(SiteState site) {
        this.site = site;
    }

    /** Capability of the course's groups the web-service user needs for the three group functions. */
    public static final String MANAGE_GROUPS = "moodle/course:managegroups";
    /** Capability without which core_enrol_get_enrolled_users leaves usernames out (as it does for a student). */
    public static final String VIEW_ALL_DETAILS = "moodle/user:viewalldetails";

    /** Takes a capability away from the integration user ({@link #MANAGE_GROUPS}, {@link #VIEW_ALL_DETAILS}). */
    public void denyCapability(String capability) {
        synchronized (site) {
            site.deniedCapabilities.add(capability);
        }
    }

    /** A new group in a course; returns its id. */
    public int addGroup(int courseId, String name) {
        synchronized (site) {
            course(courseId);
            int id = site.nextGroupId++;
            site.groups.put(id, new GroupRec(id, courseId, name, ""));
            return id;
        }
    }

    public void renameGroup(int groupId, String name) {
        synchronized (site) {
            group(groupId).name = name;
        }
    }

    /** Deletes a group: its memberships and its place in groupings go with it, as in Moodle. */
    public void deleteGroup(int groupId) {
        synchronized (site) {
            group(groupId);
            site.groups.remove(groupId);
            site.groupings.values().forEach(g -> g.ids.remove(groupId));
        }
    }

    /** Adds a member; Moodle's groups_add_member refuses a user not enrolled in the course, and so does this. */
    public void addMember(int groupId, String username) {
        synchronized (site) {
            GroupRec g = group(groupId);
            int userId = user(username);
            if (site.enrolments.stream().noneMatch(e -> e.courseid() == g.courseid && e.userid() == userId)) {
                throw new IllegalArgumentException(username + " is not enrolled in course " + g.courseid);
            }
            g.ids.add(userId);
        }
    }

    public void removeMember(int groupId, String username) {
        synchronized (site) {
            group(groupId).ids.remove(user(username));
        }
    }

    /** A new grouping of a course holding these groups (of the same course); returns its id. */
    public int addGrouping(int courseId, String name, int... groupIds) {
        synchronized (site) {
            course(courseId);
            int id = site.nextGroupingId++;
            GroupRec grouping = new GroupRec(id, courseId, name, "");
            for (int groupId : groupIds) {
                if (group(groupId).courseid != courseId) {
                    throw new IllegalArgumentException("group " + groupId + " is not in course " + courseId);
                }
                grouping.ids.add(groupId);
            }
            site.groupings.put(id, grouping);
            return id;
        }
    }

    /** Enrols a user in a course with a role ({@code manager}, {@code editingteacher}, {@code teacher}, {@code student}). */
    public void enrol(String username, int courseId, String role) {
        Integer roleId = ROLES.get(role);
        if (roleId == null) {
            throw new IllegalArgumentException("unknown role " + role + " (one of " + ROLES.keySet() + ")");
        }
        synchronized (site) {
            course(courseId);
            site.enrolments.add(new Enrolment(courseId, user(username), roleId));
        }
    }

    /** Unenrols a user from a course: every role, and every group of the course, as Moodle does. */
    public void unenrol(String username, int courseId) {
        synchronized (site) {
            int userId = user(username);
            site.enrolments.removeIf(e -> e.courseid() == courseId && e.userid() == userId);
            site.groups.values().stream().filter(g -> g.courseid == courseId).forEach(g -> g.ids.remove(userId));
        }
    }

    private void course(int courseId) {
        if (!site.courses.containsKey(courseId)) {
            throw new IllegalArgumentException("no course " + courseId);
        }
    }

    private GroupRec group(int groupId) {
        GroupRec g = site.groups.get(groupId);
        if (g == null) {
            throw new IllegalArgumentException("no group " + groupId);
        }
        return g;
    }

    private int user(String username) {
        User u = site.findUser(username);
        if (u == null) {
            throw new IllegalArgumentException("no user " + username);
        }
        return u.id;
    }
}
