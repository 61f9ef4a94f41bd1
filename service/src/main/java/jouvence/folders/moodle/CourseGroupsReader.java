package jouvence.folders.moodle;

import com.fasterxml.jackson.databind.JsonNode;
import jouvence.folders.moodle.CourseGroups.Category;
import jouvence.folders.moodle.CourseGroups.Course;
import jouvence.folders.moodle.CourseGroups.Group;
import jouvence.folders.moodle.CourseGroups.Grouping;
import jouvence.folders.moodle.CourseGroups.Participant;
import jouvence.folders.naming.PluginNames;
import jouvence.moodle.MoodleClient;
import jouvence.moodle.MoodleException;
import jouvence.moodle.MoodleSites;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeSet;

/**
 * Reads a course's groups, grouping, members and teachers from the new platform with the integration token, in at most
 * eight calls whatever the size of the course: the course, the front page (its short name is the plugin's root
 * folder), the course's categories (two calls at most), the course's groups, the grouping with its groups, the members of every
 * group at once, the active enrolled users with their roles. Moodle's errors keep their kinds
 * ({@link MoodleException}); what the request got wrong is a {@link FolderSetInputException} naming the field.
 */
public final class CourseGroupsReader {

    /** Moodle's front page course ({@code SITEID}): its short name is the site's. */
    private static final long SITE_COURSE = 1;

    private final MoodleClient client;
    private final Set<String> teacherRoles;

    /** @param teacherRoles course role short names that make a teacher ({@code jouvence.folders.teacher-roles}) */
    public CourseGroupsReader(MoodleClient client, List<String> teacherRoles) {
        this.client = client;
        this.teacherRoles = Set.copyOf(teacherRoles);
    }

    /**
     * @param groupingId the grouping whose groups get folders, or null for every group of the course
     * @throws FolderSetInputException no such course (field {@code courseId}); no such grouping, or one of another
     *                                 course (field {@code groupingId})
     */
    public CourseGroups read(long courseId, Long groupingId) throws MoodleException {
        if (courseId <= SITE_COURSE) {
            throw new FolderSetInputException("courseId", "must be the id of a course of the new platform, not " + courseId);
        }
        // Not one "ids" call for both: Moodle 4.4 answers a PHP Error to "ids" naming a course that does not exist.
        Course course = null;
        for (JsonNode c : client.call(MoodleSites.COURSES_BY_FIELD, Map.of("field", "id", "value",
                Long.toString(courseId))).path("courses")) {
            course = new Course(courseId, c.path("fullname").asText(), c.path("shortname").asText(),
                    c.path("displayname").asText(c.path("fullname").asText()), c.path("categoryid").asLong());
        }
        if (course == null) {
            throw new FolderSetInputException("courseId", "there is no course " + courseId + " on the new platform");
        }
        String siteShortname = client.call(MoodleSites.COURSES_BY_FIELD, Map.of("field", "id", "value",
                Long.toString(SITE_COURSE))).path("courses").path(0).path("shortname").asText("");
        List<Category> categories = categories(course.categoryId());
        Map<Long, String> courseGroups = new LinkedHashMap<>();
        for (JsonNode g : client.call(MoodleSites.COURSE_GROUPS, Map.of("courseid", Long.toString(courseId)))) {
            courseGroups.put(g.path("id").asLong(), PluginNames.unformat(g.path("name").asText()));
        }
        Optional<Grouping> grouping = Optional.empty();
        Map<Long, String> wanted = courseGroups;
        if (groupingId != null) {
            Grouping g = grouping(courseId, groupingId, courseGroups);
            grouping = Optional.of(g);
            wanted = new LinkedHashMap<>();
            for (long id : g.groupIds()) {
                wanted.put(id, courseGroups.get(id));
            }
        }
        Map<Long, Participant> enrolled = enrolled(courseId);
        Map<Long, List<Long>> members = members(wanted.keySet());
        List<Group> groups = new ArrayList<>();
        Set<Long> inAGroup = new HashSet<>();
        wanted.forEach((id, name) -> {
            List<Participant> in = new ArrayList<>();
            for (long userId : members.getOrDefault(id, List.of())) {
                Participant p = enrolled.get(userId); // a member whose enrolment is suspended or gone gets nothing
                if (p != null) {
                    in.add(p);
                    inAGroup.add(userId);
                }
            }
            groups.add(new Group(id, name, in));
        });
        List<Participant> teachers = enrolled.values().stream().filter(Participant::teacher).toList();
        List<Participant> students = enrolled.values().stream().filter(p -> !p.teacher()).toList();
        List<Participant> alone = students.stream().filter(p -> !inAGroup.contains(p.id())).toList();
        return new CourseGroups(course, categories, siteShortname, grouping, groups, teachers, students, alone);
    }

    /** The course's category and its parents, top first ({@code path} is "/top/…/own"). */
    private List<Category> categories(long categoryId) throws MoodleException {
        Map<Long, Category> byId = new LinkedHashMap<>();
        JsonNode own = client.call(MoodleSites.GET_CATEGORIES, Map.of("criteria[0][key]", "ids",
                "criteria[0][value]", Long.toString(categoryId), "addsubcategories", "0"));
        own.forEach(c -> byId.put(c.path("id").asLong(), category(c)));
        if (own.isEmpty()) {
            return List.of(); // hidden from the token's user: the names then cannot follow the plugin's
        }
        List<Long> path = new ArrayList<>();
        for (String id : own.get(0).path("path").asText().split("/")) {
            if (!id.isEmpty()) {
                path.add(Long.parseLong(id));
            }
        }
        List<Long> parents = path.stream().filter(id -> !byId.containsKey(id)).toList();
        if (!parents.isEmpty()) {
            StringJoiner ids = new StringJoiner(",");
            parents.forEach(id -> ids.add(Long.toString(id)));
            client.call(MoodleSites.GET_CATEGORIES, Map.of("criteria[0][key]", "ids", "criteria[0][value]", ids.toString(),
                    "addsubcategories", "0")).forEach(c -> byId.put(c.path("id").asLong(), category(c)));
        }
        return path.stream().map(byId::get).filter(java.util.Objects::nonNull).toList();
    }

    private static Category category(JsonNode c) {
        return new Category(c.path("id").asLong(), c.path("name").asText(), c.path("parent").asLong());
    }

    private Grouping grouping(long courseId, long groupingId, Map<Long, String> courseGroups) throws MoodleException {
        JsonNode answer;
        try {
            answer = client.call(MoodleSites.GROUPINGS, Map.of("groupingids[0]", Long.toString(groupingId),
                    "returngroups", "1"));
        } catch (MoodleException e) {
            if ("invalidrecord".equals(e.code()) && e.kind() == MoodleException.Kind.PERMANENT) {
                throw new FolderSetInputException("groupingId", "there is no grouping " + groupingId
                        + " on the new platform");
            }
            throw e;
        }
        JsonNode g = answer.path(0);
        if (g.path("courseid").asLong() != courseId) {
            throw new FolderSetInputException("groupingId", "grouping " + groupingId + " belongs to course "
                    + g.path("courseid").asLong() + ", not to course " + courseId);
        }
        List<Long> ids = new ArrayList<>();
        for (JsonNode group : g.path("groups")) {
            long id = group.path("id").asLong();
            ids.add(id);
            courseGroups.put(id, group.path("name").asText()); // raw here, unlike get_course_groups's
        }
        return new Grouping(groupingId, g.path("name").asText(), ids);
    }

    /** Group id → member user ids, in one call for every group. */
    private Map<Long, List<Long>> members(Set<Long> groupIds) throws MoodleException {
        Map<Long, List<Long>> members = new LinkedHashMap<>();
        if (groupIds.isEmpty()) {
            return members;
        }
        Map<String, String> params = new LinkedHashMap<>();
        int i = 0;
        for (long id : new TreeSet<>(groupIds)) {
            params.put("groupids[" + i++ + "]", Long.toString(id));
        }
        for (JsonNode g : client.call(MoodleSites.GROUP_MEMBERS, params)) {
            List<Long> users = new ArrayList<>();
            g.path("userids").forEach(u -> users.add(u.asLong()));
            members.put(g.path("groupid").asLong(), users);
        }
        return members;
    }

    /** Active enrolled users by id, with their course roles. */
    private Map<Long, Participant> enrolled(long courseId) throws MoodleException {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("courseid", Long.toString(courseId));
        params.put("options[0][name]", "userfields");
        params.put("options[0][value]", "id,username,email,roles");
        params.put("options[1][name]", "onlyactive");
        params.put("options[1][value]", "1");
        Map<Long, Participant> users = new LinkedHashMap<>();
        for (JsonNode u : client.call(MoodleSites.ENROLLED_USERS, params)) {
            if (!u.hasNonNull("username")) {
                // Moodle leaves usernames out for a user who may not see them (as for a student): nobody could be
                // found in the cloud. The site's set-up is at fault, not the request.
                throw new MoodleException(client.site().id(), "nousernames", MoodleException.Kind.SITE_FAULT,
                        client.site().id() + ": " + MoodleSites.ENROLLED_USERS + " gave no usernames: the token's user "
                                + "may not see them (it needs moodle/user:viewalldetails in the course, as a manager has)");
            }
            Set<String> roles = new LinkedHashSet<>();
            u.path("roles").forEach(r -> roles.add(r.path("shortname").asText()));
            boolean teacher = roles.stream().anyMatch(teacherRoles::contains);
            users.put(u.path("id").asLong(), new Participant(u.path("id").asLong(), u.path("username").asText(),
                    u.path("email").asText(null), roles, teacher));
        }
        return users;
    }
}
