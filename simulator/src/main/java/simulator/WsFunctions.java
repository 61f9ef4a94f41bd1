package simulator;

import static simulator.MoodleSimulator.FN_COURSES_BY_FIELD;
import static simulator.MoodleSimulator.FN_ENROL;
import static simulator.MoodleSimulator.FN_GET_CATEGORIES;
import static simulator.MoodleSimulator.FN_GET_COURSES;
import static simulator.MoodleSimulator.FN_GET_COURSES_ZIP;
import static simulator.MoodleSimulator.FN_SITE_INFO;
import static simulator.MoodleSimulator.FN_UPDATE_COURSES;
import static simulator.MoodleSimulator.FN_USERS_BY_FIELD;

import java.util.List;
import java.util.Map;
import java.util.Set;

import simulator.MoodleSimulator.Role;

/** The web-service functions of the two simulated sites: versions, services, and what Moodle 4.4 knows. */
final class WsFunctions {

    static final String CORE_VERSION = SimulatedArchive.MOODLE_VERSION;

    static final Map<String, String> VERSIONS = Map.ofEntries(
            Map.entry(FN_SITE_INFO, CORE_VERSION),
            Map.entry(FN_GET_COURSES, "2024021600"),
            Map.entry(FN_GET_COURSES_ZIP, "2024021600"),
            Map.entry(FN_COURSES_BY_FIELD, CORE_VERSION),
            Map.entry(FN_USERS_BY_FIELD, CORE_VERSION),
            Map.entry(FN_GET_CATEGORIES, CORE_VERSION),
            Map.entry(FN_ENROL, "2024042200"),
            Map.entry(FN_UPDATE_COURSES, CORE_VERSION),
            Map.entry(GroupService.FN_COURSE_GROUPS, CORE_VERSION),
            Map.entry(GroupService.FN_GROUPINGS, CORE_VERSION),
            Map.entry(GroupService.FN_GROUP_MEMBERS, CORE_VERSION),
            Map.entry(GroupService.FN_ENROLLED_USERS, CORE_VERSION),
            Map.entry(UserDataFunctions.FN_GET_PREFERENCES, CORE_VERSION),
            Map.entry(UserDataFunctions.FN_UPDATE_USERS, CORE_VERSION),
            Map.entry(UserDataFunctions.FN_SET_PREFERENCES, CORE_VERSION),
            Map.entry(UserDataFunctions.FN_TOOL_GET, "2025100100"),
            Map.entry(UserDataFunctions.FN_PRIVATE_FILES_INFO, CORE_VERSION));

    /** Collaborative folders' reads: answered by the course client, not in its service until a test adds them. */
    static final List<String> CLIENT_FOLDER_FUNCTIONS = List.of(GroupService.FN_COURSE_GROUPS,
            GroupService.FN_GROUPINGS, GroupService.FN_GROUP_MEMBERS, GroupService.FN_ENROLLED_USERS);

    /** Service function lists, in the order Moodle lists them in get_site_info. */
    static final List<String> SERVER_SERVICE = List.of(FN_COURSES_BY_FIELD, FN_SITE_INFO, FN_GET_COURSES_ZIP,
            FN_GET_COURSES);
    static final List<String> CLIENT_SERVICE = List.of(FN_ENROL, FN_USERS_BY_FIELD, FN_COURSES_BY_FIELD,
            FN_GET_CATEGORIES, FN_SITE_INFO, FN_UPDATE_COURSES);

    /** Functions that exist on both sites (core Moodle 4.4 + the plugin): not in the service → accessexception. */
    static final Set<String> KNOWN_FUNCTIONS = Set.of(
            FN_SITE_INFO, FN_GET_COURSES, FN_GET_COURSES_ZIP, FN_COURSES_BY_FIELD, FN_USERS_BY_FIELD,
            FN_GET_CATEGORIES, FN_ENROL, FN_UPDATE_COURSES,
            "core_course_create_courses", "core_course_delete_courses", "core_course_get_courses",
            "core_course_search_courses", "core_course_duplicate_course", "core_course_import_course",
            "core_course_create_categories", "core_course_update_categories", "core_course_delete_categories",
            "core_course_get_contents", "core_user_create_users", "core_user_update_users", "core_user_delete_users",
            "core_user_get_users", "core_enrol_get_enrolled_users", "core_enrol_get_users_courses",
            "core_role_assign_roles", "core_role_unassign_roles", "enrol_manual_unenrol_users", "core_files_upload",
            "core_files_get_files", "core_backup_get_async_backup_progress", "core_backup_get_copy_progress",
            "core_backup_submit_copy_form", PrivateFilesServer.FN_ZIP, PrivateFilesServer.FN_INFO,
            PrivateFilesClient.FN_ADD, GroupService.FN_COURSE_GROUPS, GroupService.FN_GROUPINGS,
            GroupService.FN_GROUP_MEMBERS, UserDataFunctions.FN_GET_PREFERENCES, UserDataFunctions.FN_SET_PREFERENCES);

    private WsFunctions() {
    }

    /** The functions of a role's service as first configured. */
    static List<String> service(Role role) {
        return role == Role.COURSE_SERVER ? SERVER_SERVICE : CLIENT_SERVICE;
    }

    /** What a role's simulator can answer: its first service, and on the client the collaborative folders' reads. */
    static boolean implemented(Role role, String function) {
        return service(role).contains(function) || role == Role.COURSE_CLIENT && CLIENT_FOLDER_FUNCTIONS.contains(function)
                || role == Role.COURSE_CLIENT && UserDataFunctions.CLIENT_USER_DATA_FUNCTIONS.contains(function);
    }
}
