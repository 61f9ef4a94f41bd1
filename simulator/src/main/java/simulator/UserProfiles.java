package simulator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import simulator.MoodleSimulator.Role;

/**
 * Profile fields, custom profile fields and preferences of a simulated site's users, the site's custom profile field
 * definitions and the preferences its Moodle 4.4 defines, plus the old platform's user-data token and service (the
 * lab's {@code jouvence_userdata}). Guarded by the {@link SiteState} monitor, reset with it.
 */
final class UserProfiles {

    /** A user's profile as the {@code user} table and its companions hold it. */
    static final class Profile {
        String auth = "manual";
        final Map<String, String> fields = new LinkedHashMap<>();
        final Map<String, String> custom = new LinkedHashMap<>();
        final Map<String, String> preferences = new LinkedHashMap<>();
        long timecreated;
        long timemodified;
    }

    /** Core's defaults of a new account (the rest empty). */
    static final Map<String, String> DEFAULTS = Map.of("lang", "en", "timezone", "99", "mailformat", "1", "trackforums", "0",
            "calendartype", "gregorian", "maildisplay", "2");
    static final long CREATED = 1795296000L;

    private final Map<Integer, Profile> profiles = new HashMap<>();
    /** Custom profile fields defined on the site: shortname → name. */
    final Map<String, String> customFields = new LinkedHashMap<>();
    /** Preferences defined in Moodle 4.4 (core_user and *_user_preferences callbacks), for set_user_preferences. */
    final Set<String> definedPreferences = new LinkedHashSet<>();
    String userDataToken;
    final List<String> userDataService = new ArrayList<>();
    boolean toolInstalled;
    boolean preferencesReadDenied;

    void load(Role role) {
        profiles.clear();
        customFields.clear();
        definedPreferences.clear();
        definedPreferences.addAll(UserDataFunctions.DEFINED_PREFERENCES);
        userDataToken = null;
        userDataService.clear();
        userDataService.addAll(UserDataFunctions.SERVER_USER_DATA_SERVICE);
        toolInstalled = false;
        preferencesReadDenied = false;
        if (role == Role.COURSE_SERVER) {
            customFields.put("matricule", "Matricule");
        }
    }

    /** The user's profile (made with core's defaults on first use). */
    Profile of(User u) {
        return profiles.computeIfAbsent(u.id, id -> {
            Profile p = new Profile();
            p.fields.putAll(DEFAULTS);
            p.timecreated = CREATED + id;
            p.timemodified = p.timecreated;
            return p;
        });
    }

    /** teacher1 on the old platform, as the lab's server_setup.php makes it. */
    void loadTeacher1(User teacher1) {
        Profile p = of(teacher1);
        p.fields.putAll(UserDataFunctions.TEACHER1_FIELDS);
        p.custom.put("matricule", UserDataFunctions.TEACHER1_MATRICULE);
        p.preferences.putAll(UserDataFunctions.TEACHER1_PREFERENCES);
    }
}
