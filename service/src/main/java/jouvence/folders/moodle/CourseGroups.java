package jouvence.folders.moodle;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What Moodle says a course's folder set should give, read in one go ({@link CourseGroupsReader}): the course and its
 * category path (for the plugin's names), the groups that get a folder (the grouping's, or all the course's), each with
 * its members, the teachers and the students in none of those groups. Immutable, so that a reconciler can diff two.
 *
 * @param groups                the groups that get a folder, by id
 * @param teachers              enrolled users holding one of {@code jouvence.folders.teacher-roles} in the course
 * @param students              every other (active) enrolled user: the one folder's sharees when there are no groups
 * @param studentsWithoutGroup  students in none of {@code groups} ("not in any group" on the participants' page)
 */
public record CourseGroups(Course course, List<Category> categories, String siteShortname, Optional<Grouping> grouping,
                           List<Group> groups, List<Participant> teachers, List<Participant> students,
                           List<Participant> studentsWithoutGroup) {

    public CourseGroups {
        categories = List.copyOf(categories);
        groups = List.copyOf(groups);
        teachers = List.copyOf(teachers);
        students = List.copyOf(students);
        studentsWithoutGroup = List.copyOf(studentsWithoutGroup);
    }

    /**
     * @param displayName the name the course is listed by (its full name, or "shortname fullname" when the site lists
     *                    short names), as Moodle shows it (format_string'd)
     */
    public record Course(long id, String fullname, String shortname, String displayName, long categoryId) {
    }

    /** A category of the course's path, top first, its name as Moodle shows it. */
    public record Category(long id, String name, long parent) {
    }

    /** A grouping and the ids of its groups. */
    public record Grouping(long id, String name, List<Long> groupIds) {
        public Grouping {
            groupIds = List.copyOf(groupIds);
        }
    }

    /**
     * A group and its active enrolled members (teachers among them are flagged: they get the parent folder, if any,
     * never a group folder).
     *
     * @param name the group's name as stored (core_group_get_groupings gives it raw; core_group_get_course_groups
     *             format_string's it, undone by {@link jouvence.folders.naming.PluginNames#unformat})
     */
    public record Group(long id, String name, List<Participant> members) {
        public Group {
            members = List.copyOf(members);
        }

        /** The members who get this group's folder. */
        public List<Participant> students() {
            return members.stream().filter(m -> !m.teacher()).toList();
        }
    }

    /** An enrolled user: Moodle id, username, e-mail (either may be how the cloud knows them), course roles. */
    public record Participant(long id, String username, String email, Set<String> roles, boolean teacher) {
        public Participant {
            roles = Set.copyOf(roles);
        }
    }
}
