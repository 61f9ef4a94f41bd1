package simulator;

import java.util.List;
import java.util.Map;

import simulator.UserProfiles.Profile;

/**
 * Test hooks and observations of a simulated site's user data (issue 14): profile fields, custom profile fields,
 * preferences, auth, and on the old platform its user-data token and the optional plugin function. Reset with the site.
 */
public final class UserDataControls {

    /** What the new platform's integration service must also offer; add them with {@code addFunction}. */
    public static final List<String> CLIENT_FUNCTIONS = UserDataFunctions.CLIENT_USER_DATA_FUNCTIONS;
    public static final String GET_PREFERENCES = UserDataFunctions.FN_GET_PREFERENCES;
    public static final String UPDATE_USERS = UserDataFunctions.FN_UPDATE_USERS;
    public static final String SET_PREFERENCES = UserDataFunctions.FN_SET_PREFERENCES;
    public static final String TOOL_GET = UserDataFunctions.FN_TOOL_GET;
    /** teacher1's profile on the old platform (the lab's values). */
    public static final Map<String, String> TEACHER1_FIELDS = UserDataFunctions.TEACHER1_FIELDS;
    public static final String TEACHER1_MATRICULE = UserDataFunctions.TEACHER1_MATRICULE;
    public static final Map<String, String> TEACHER1_PREFERENCES = UserDataFunctions.TEACHER1_PREFERENCES;

    private final SiteState site;

    UserDataControls(SiteState site) {
        this.site = site;
    }

    /** The old platform accepts this token for its user-data service (users by field, preferences, site info). */
    public void token(String token) {
        synchronized (site) {
            site.profiles.userDataToken = token;
        }
    }

    /** Installs tool_import_user_datas (4.5.2+) and adds its function to the user-data service. */
    public void installTool() {
        synchronized (site) {
            site.profiles.toolInstalled = true;
            if (!site.profiles.userDataService.contains(TOOL_GET)) {
                site.profiles.userDataService.add(TOOL_GET);
            }
        }
    }

    /** The user-data token's user loses moodle/site:config: other users' preferences give nopermissions. */
    public void denyPreferencesRead() {
        synchronized (site) {
            site.profiles.preferencesReadDenied = true;
        }
    }

    /** Defines a custom profile field on the site (the old platform has {@code matricule}). */
    public void defineCustomField(String shortname, String name) {
        synchronized (site) {
            site.profiles.customFields.put(shortname, name);
        }
    }

    public void field(String username, String field, String value) {
        synchronized (site) {
            profile(username).fields.put(field, value);
        }
    }

    /** A field's value ("" when empty), as the user table holds it. */
    public String field(String username, String field) {
        synchronized (site) {
            return profile(username).fields.getOrDefault(field, "");
        }
    }

    public void customField(String username, String shortname, String value) {
        synchronized (site) {
            profile(username).custom.put(shortname, value);
        }
    }

    public String customField(String username, String shortname) {
        synchronized (site) {
            return profile(username).custom.get(shortname);
        }
    }

    public void preference(String username, String name, String value) {
        synchronized (site) {
            profile(username).preferences.put(name, value);
        }
    }

    public String preference(String username, String name) {
        synchronized (site) {
            return profile(username).preferences.get(name);
        }
    }

    public Map<String, String> preferences(String username) {
        synchronized (site) {
            return Map.copyOf(profile(username).preferences);
        }
    }

    public void auth(String username, String auth) {
        synchronized (site) {
            profile(username).auth = auth;
        }
    }

    /** The account as just created (timemodified = timecreated) or as modified after (timemodified later). */
    public void modifiedAfterCreation(String username, boolean modified) {
        synchronized (site) {
            Profile p = profile(username);
            p.timemodified = p.timecreated + (modified ? 3600 : 0);
        }
    }

    public long timecreated(String username) {
        synchronized (site) {
            return profile(username).timecreated;
        }
    }

    private Profile profile(String username) {
        User u = site.findUser(username);
        if (u == null) {
            throw new IllegalArgumentException("no user " + username);
        }
        return site.profiles.of(u);
    }
}
