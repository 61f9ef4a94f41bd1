package jouvence.moodle;

import com.fasterxml.jackson.databind.JsonNode;
import jouvence.JouvenceConfig;
import jouvence.JouvenceConfig.MoodleSite;
import jouvence.moodle.MoodleException.Kind;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The configured Moodles and the web-service calls Jouvence makes on them, typed. */
public class MoodleSites {

    public static final String SITE_INFO = "core_webservice_get_site_info";
    public static final String GET_COURSES = "block_my_external_backup_restore_courses_get_courses";
    public static final String GET_COURSES_ZIP = "block_my_external_backup_restore_courses_get_courses_zip";
    public static final String COURSES_BY_FIELD = "core_course_get_courses_by_field";
    public static final String USERS_BY_FIELD = "core_user_get_users_by_field";
    public static final String GET_CATEGORIES = "core_course_get_categories";
    public static final String UPDATE_COURSES = "core_course_update_courses";
    public static final String ENROL = "enrol_manual_enrol_users";

    /** What each token's service must offer. */
    public static final Set<String> SERVER_FUNCTIONS = Set.of(SITE_INFO, GET_COURSES, GET_COURSES_ZIP);
    public static final Set<String> CLIENT_FUNCTIONS =
            Set.of(SITE_INFO, USERS_BY_FIELD, COURSES_BY_FIELD, GET_CATEGORIES, UPDATE_COURSES, ENROL);

    // Collaborative folders (issue 13): what the client's service must also offer when jouvence.folders.enabled is on.
    public static final String COURSE_GROUPS = "core_group_get_course_groups";
    public static final String GROUPINGS = "core_group_get_groupings";
    public static final String GROUP_MEMBERS = "core_group_get_group_members";
    public static final String ENROLLED_USERS = "core_enrol_get_enrolled_users";
    public static final Set<String> FOLDER_FUNCTIONS =
            Set.of(COURSES_BY_FIELD, GET_CATEGORIES, COURSE_GROUPS, GROUPINGS, GROUP_MEMBERS, ENROLLED_USERS);

    private final JouvenceConfig config;
    private final Map<String, MoodleClient> clients = new LinkedHashMap<>();

    /** The sites reached through {@code transport} (camel-http in the service). */
    public MoodleSites(JouvenceConfig config, MoodleTransport transport) {
        this.config = config;
        for (MoodleSite site : config.allSites()) {
            clients.put(site.id(), new MoodleClient(site, transport, config.callTimeout()));
        }
    }

    public MoodleClient client(String siteId) {
        MoodleClient c = clients.get(siteId);
        if (c == null) {
            throw new IllegalArgumentException("no Moodle configured with id '" + siteId + "'");
        }
        return c;
    }

    public record SiteInfo(String siteName, String release, Set<String> functions, boolean downloadFiles) {
    }

    public SiteInfo siteInfo(String siteId) throws MoodleException {
        JsonNode info = client(siteId).call(SITE_INFO, Map.of());
        Set<String> functions = new java.util.TreeSet<>();
        info.path("functions").forEach(f -> functions.add(f.path("name").asText()));
        return new SiteInfo(info.path("sitename").asText(), info.path("release").asText(), functions,
                info.path("downloadfiles").asInt(0) == 1);
    }

    /**
     * The functions a site's token service lacks, sorted; the collaborative folders' functions are needed on the client
     * only when {@code folders} is on.
     */
    public static List<String> missingFunctions(String siteId, SiteInfo info, boolean folders) {
        Set<String> needed = new java.util.HashSet<>(JouvenceConfig.CLIENT_ID.equals(siteId) ? CLIENT_FUNCTIONS
                : SERVER_FUNCTIONS);
        if (folders && JouvenceConfig.CLIENT_ID.equals(siteId)) {
            needed.addAll(FOLDER_FUNCTIONS);
        }
        return needed.stream().filter(f -> !info.functions().contains(f)).sorted().toList();
    }

    /**
     * Asks the course server for a backup and returns the stored file's id. The username is never empty: an empty
     * username makes the server skip its check that the requester teaches the course.
     */
    public long backup(String serverId, String username, long courseId, boolean withUserData) throws MoodleException {
        return backup(serverId, username, courseId, withUserData, false);
    }

    /**
     * @param forNobody an admin's restore for no user: then, and only then, the backup is asked without a username
     *                  (the server skips its ownership check, as the plugin's admin restore does)
     */
    public long backup(String serverId, String username, long courseId, boolean withUserData, boolean forNobody)
            throws MoodleException {
        if (forNobody) {
            username = "";
        } else if (username == null || username.isBlank()) {
            throw new MoodleException(serverId, "no-requester", Kind.PERMANENT,
                    "a backup is never asked without a requester's username (the server would skip its ownership check)");
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("username", username);
        params.put("courseid", Long.toString(courseId));
        params.put("withuserdatas", withUserData ? "1" : "0");
        JsonNode reply = client(serverId).call(GET_COURSES_ZIP, params, config.backupTimeout());
        long id = reply.path("filerecordid").asLong(0);
        if (id <= 0) {
            throw new MoodleException(serverId, "no-backup-file", Kind.PERMANENT, serverId
                    + ": the course server made no backup file (filerecordid " + reply.path("filerecordid")
                    + "); its backup probably failed — see the server's PHP log");
        }
        return id;
    }

    /** A course the user teaches on a course server, as the plugin's get_courses lists it. */
    public record RemoteCourse(long id, String fullname, String shortname, String categoryIdentifier) {
    }

    /**
     * The courses {@code username} teaches on the server (the server's own search_roles decide). An unknown username
     * is an {@code invalidusername} error.
     */
    public List<RemoteCourse> teacherCourses(String serverId, String username) throws MoodleException {
        JsonNode reply = client(serverId).call(GET_COURSES, Map.of("username", username, "concernedroles", "editingteacher"));
        List<RemoteCourse> courses = new ArrayList<>();
        reply.forEach(c -> courses.add(new RemoteCourse(c.path("id").asLong(), c.path("fullname").asText(),
                c.path("shortname").asText(), c.path("categoryidentifier").isNull() ? null
                : c.path("categoryidentifier").asText(null))));
        return courses;
    }

    public record ClientUser(long id, String username, String fullname, String email, String lang) {
    }

    public Optional<ClientUser> clientUser(String username) throws MoodleException {
        JsonNode users = client(JouvenceConfig.CLIENT_ID).call(USERS_BY_FIELD,
                Map.of("field", "username", "values[0]", username));
        for (JsonNode u : users) {
            if (username.equals(u.path("username").asText())) {
                return Optional.of(new ClientUser(u.path("id").asLong(), username, u.path("fullname").asText(),
                        u.path("email").asText(null), u.path("lang").asText("")));
            }
        }
        return Optional.empty();
    }

    public record Course(long id, String fullname, String shortname, long categoryId) {
    }

    public Optional<Course> clientCourse(long courseId) throws MoodleException {
        return courseBy(JouvenceConfig.CLIENT_ID, "id", Long.toString(courseId));
    }

    public Optional<Course> courseBy(String siteId, String field, String value) throws MoodleException {
        JsonNode reply = client(siteId).call(COURSES_BY_FIELD, Map.of("field", field, "value", value));
        for (JsonNode c : reply.path("courses")) {
            return Optional.of(new Course(c.path("id").asLong(), c.path("fullname").asText(), c.path("shortname").asText(),
                    c.path("categoryid").asLong()));
        }
        return Optional.empty();
    }

    public record Category(long id, String name, String idnumber) {
    }

    public Optional<Category> clientCategory(String key, String value) throws MoodleException {
        JsonNode reply = client(JouvenceConfig.CLIENT_ID).call(GET_CATEGORIES,
                Map.of("criteria[0][key]", key, "criteria[0][value]", value));
        for (JsonNode c : reply) {
            return Optional.of(new Category(c.path("id").asLong(), c.path("name").asText(), c.path("idnumber").asText(null)));
        }
        return Optional.empty();
    }

    /** A warning Moodle gave back instead of an error (e.g. {@code shortnametaken}). */
    public record Warning(String code, String message) {
    }

    public List<Warning> updateCourse(long courseId, String fullname, String shortname) throws MoodleException {
        JsonNode reply = client(JouvenceConfig.CLIENT_ID).call(UPDATE_COURSES, Map.of(
                "courses[0][id]", Long.toString(courseId), "courses[0][fullname]", fullname,
                "courses[0][shortname]", shortname));
        List<Warning> warnings = new ArrayList<>();
        reply.path("warnings").forEach(w -> warnings.add(new Warning(w.path("warningcode").asText(),
                w.path("message").asText())));
        return warnings;
    }

    public void enrol(long userId, long courseId, long roleId) throws MoodleException {
        client(JouvenceConfig.CLIENT_ID).call(ENROL, Map.of("enrolments[0][roleid]", Long.toString(roleId),
                "enrolments[0][userid]", Long.toString(userId), "enrolments[0][courseid]", Long.toString(courseId)));
    }

    public String courseUrl(long courseId) {
        return config.client().url() + "/course/view.php?id=" + courseId;
    }
}
