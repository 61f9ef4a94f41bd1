package simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import simulator.MoodleSimulator.Role;
import simulator.UserProfiles.Profile;

/**
 * The user-data functions of Moodle 4.4 (extras.md B2, C1, C2; facts checked on the lab's real sites, see
 * {@code src/test/resources/user-data-facts.md} of the service): on the old platform
 * {@code core_user_get_user_preferences} and the optional {@code tool_import_user_datas_get_user_datas} (answered only
 * once {@link MoodleSimulator#installUserDataTool()} was called, as the plugin needs 4.5.2+); on the new platform
 * {@link UserDataWrites} (core_user_update_users, core_user_set_user_preferences). Every error is HTTP 200 with
 * Moodle's error object.
 */
final class UserDataFunctions {

    static final String FN_GET_PREFERENCES = "core_user_get_user_preferences";
    static final String FN_UPDATE_USERS = "core_user_update_users";
    static final String FN_SET_PREFERENCES = "core_user_set_user_preferences";
    static final String FN_TOOL_GET = "tool_import_user_datas_get_user_datas";
    static final String FN_PRIVATE_FILES_INFO = "core_user_get_private_files_info";

    /** The lab's jouvence_userdata service on the old platform (USERDATA_TOKEN). */
    static final List<String> SERVER_USER_DATA_SERVICE = List.of(MoodleSimulator.FN_SITE_INFO,
            MoodleSimulator.FN_USERS_BY_FIELD, FN_GET_PREFERENCES, FN_PRIVATE_FILES_INFO);
    /** What the new platform's integration service must offer for user data. */
    static final List<String> CLIENT_USER_DATA_FUNCTIONS = List.of(FN_UPDATE_USERS, FN_SET_PREFERENCES);

    /** core_user_update_users's keys of a user (Moodle 4.4), besides id, customfields and preferences. */
    static final Set<String> UPDATE_KEYS = Set.of("username", "auth", "suspended", "password", "firstname",
            "lastname", "email", "maildisplay", "city", "country", "timezone", "description", "userpicture",
            "firstnamephonetic", "lastnamephonetic", "middlename", "alternatename", "interests", "idnumber",
            "institution", "department", "phone1", "phone2", "address", "lang", "calendartype", "theme",
            "mailformat");

    /** Preferences with a definition in 4.4 among those the plugin copies (not timeformat nor mailcharset). */
    static final Set<String> DEFINED_PREFERENCES = Set.of("htmleditor", "calendar_startwday", "calendar_maxevents",
            "calendar_lookahead", "calendar_persistflt", "calendar_timeformat", "forum_markasreadonnotification",
            "forum_useexperimentalui", "core_contentbank_visibility", "message_blocknoncontacts",
            "message_provider_moodle_instantmessage_enabled", "message_entertosend", "auth_forcepasswordchange",
            "email_bounce_count", "email_send_count", "login_failed_count", "login_failed_last",
            "drawer-open-block", "drawer-open-index", "block_myoverview_user_view_preference");

    static final Map<String, String> TEACHER1_FIELDS = orderedMap("address", "4 rue Blaise Pascal",
            "department", "Faculté de chimie", "institution", "Université de Strasbourg", "idnumber", "T1-OLD-0001",
            "lang", "fr", "timezone", "Europe/Paris", "description", "<p>Enseignant de chimie (compte de test).</p>",
            "city", "Strasbourg", "country", "FR", "phone1", "+33 3 68 85 00 00", "firstnamephonetic", "Leah",
            "middlename", "Eliška", "maildigest", "1", "autosubscribe", "0", "trackforums", "1");
    static final String TEACHER1_MATRICULE = "E2024-0001";
    static final Map<String, String> TEACHER1_PREFERENCES = orderedMap("calendar_lookahead", "14",
            "calendar_maxevents", "5", "calendar_startwday", "1", "calendar_timeformat", "%H:%M",
            "forum_markasreadonnotification", "0", "htmleditor", "textarea", "message_blocknoncontacts", "1",
            "timeformat", "%H:%M");
    /** What core_user_get_users_by_field shows of a user's profile, in its order: always, or only when not empty. */
    static final List<String> SHOWN_ALWAYS = List.of("department", "auth", "lang", "theme", "timezone", "mailformat",
            "trackforums");
    static final List<String> SHOWN_WHEN_SET = List.of("address", "institution", "idnumber", "description", "city",
            "country");

    private final SiteState site;

    UserDataFunctions(SiteState site) {
        this.site = site;
    }

    // ------------------------------------------------------------------ old platform

    Object getUserPreferences(Map<String, Object> p) {
        Params.allowOnly(p, "name", "userid");
        String name = Params.optText(p, "name", "");
        long userid = p.containsKey("userid") ? Params.reqInt(p, "userid") : 0;
        synchronized (site) {
            User u = userid == 0 ? wsUser() : site.users.get(Params.toId(userid));
            if (u == null) {
                throw new WsError("dml_missing_record_exception", "invaliduser", "Invalid user");
            }
            if (userid != 0 && site.profiles.preferencesReadDenied) {
                throw new WsError("required_capability_exception", "nopermissions",
                        "Sorry, but you do not currently have permissions to do that (Change site configuration).");
            }
            List<Object> prefs = new ArrayList<>();
            for (Map.Entry<String, String> e : site.profiles.of(u).preferences.entrySet()) {
                if (name.isEmpty() || name.equals(e.getKey())) {
                    prefs.add(orderedMap("name", e.getKey(), "value", e.getValue()));
                }
            }
            if (name.isEmpty()) {
                prefs.add(orderedObj("name", "_lastloaded", "value", System.currentTimeMillis() / 1000));
            }
            return orderedObj("preferences", prefs, "warnings", List.of());
        }
    }

    Object toolGetUserDatas(Map<String, Object> p) {
        Params.allowOnly(p, "username", "userauth", "preferences", "userdatas");
        String username = Params.reqText(p, "username");
        String auth = Params.reqText(p, "userauth");
        List<String> wantedPrefs = List.of(Params.reqText(p, "preferences").split(";"));
        List<String> wantedFields = List.of(Params.reqText(p, "userdatas").split(";"));
        synchronized (site) {
            User u = site.findUser(username);
            if (u == null || !site.profiles.of(u).auth.equals(auth)) {
                throw new WsError("core\\exception\\moodle_exception", "user " + username + " not exists",
                        "tool_import_user_datas/user " + username + " not exists");
            }
            Profile profile = site.profiles.of(u);
            List<Object> prefs = new ArrayList<>();
            profile.preferences.forEach((k, v) -> {
                if (wantedPrefs.contains(k)) {
                    prefs.add(orderedMap("name", k, "value", v));
                }
            });
            Map<String, String> row = userRow(u, profile);
            List<Object> datas = new ArrayList<>();
            for (String f : wantedFields) {
                if (row.containsKey(f)) {
                    datas.add(orderedMap("name", f, "value", row.get(f)));
                }
            }
            return orderedObj("preferences", prefs, "userdatas", datas);
        }
    }

    /** Every column of the user's {@code user} row (the tool returns any of them, password hash included: B4.4). */
    private static Map<String, String> userRow(User u, Profile profile) {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("id", Integer.toString(u.id));
        row.put("auth", profile.auth);
        row.put("username", u.username);
        row.put("password", "$2y$10$simulatedhashsimulatedhashsimulatedhashsimulatedhash12");
        row.put("email", u.email);
        row.put("firstname", u.firstname);
        row.put("lastname", u.lastname);
        for (String f : List.of("firstnamephonetic", "lastnamephonetic", "middlename", "alternatename", "city",
                "country", "institution", "department", "idnumber", "phone1", "phone2", "address")) {
            row.put(f, "");
        }
        row.put("maildigest", "0");
        row.put("autosubscribe", "1");
        row.put("trackforums", "0");
        row.putAll(profile.fields);
        return row;
    }

    /**
     * Rewrites a core_user_get_users_by_field entry from the id on as the lab's real sites answer it: department,
     * auth, lang, theme, timezone, mailformat, trackforums always; address, institution, idnumber, description, city,
     * country only when not empty; never phone1/phone2 (not in showuseridentity), calendartype, the phonetic names,
     * maildigest, autosubscribe; custom fields with a value.
     */
    void describe(User u, Map<String, Object> m) {
        Profile profile = site.profiles.of(u);
        Map<String, Object> head = new LinkedHashMap<>(m);
        m.clear();
        for (String k : List.of("id", "username", "firstname", "lastname", "fullname", "email")) {
            if (head.containsKey(k)) {
                m.put(k, head.get(k));
            }
        }
        for (String k : SHOWN_WHEN_SET) {
            String v = profile.fields.getOrDefault(k, "");
            if (!v.isEmpty() && !k.equals("description") && !k.equals("city") && !k.equals("country")) {
                m.put(k, v);
            }
        }
        m.put("department", profile.fields.getOrDefault("department", ""));
        m.put("firstaccess", 0);
        m.put("lastaccess", 0);
        m.put("auth", profile.auth);
        m.put("suspended", false);
        m.put("confirmed", true);
        m.put("lang", profile.fields.get("lang"));
        m.put("theme", profile.fields.getOrDefault("theme", ""));
        m.put("timezone", profile.fields.get("timezone"));
        m.put("mailformat", Integer.parseInt(profile.fields.get("mailformat")));
        m.put("trackforums", Integer.parseInt(profile.fields.getOrDefault("trackforums", "0")));
        for (String k : List.of("description", "city", "country")) {
            String v = profile.fields.getOrDefault(k, "");
            if (!v.isEmpty()) {
                m.put(k, v);
                if (k.equals("description")) {
                    m.put("descriptionformat", 1);
                }
            }
        }
        m.put("profileimageurlsmall", head.get("profileimageurlsmall"));
        m.put("profileimageurl", head.get("profileimageurl"));
        List<Object> custom = new ArrayList<>();
        profile.custom.forEach((shortname, value) -> {
            if (site.profiles.customFields.containsKey(shortname) && !value.isEmpty()) {
                custom.add(orderedObj("type", "text", "value", value, "displayvalue", value,
                        "name", site.profiles.customFields.get(shortname), "shortname", shortname));
            }
        });
        if (!custom.isEmpty()) {
            m.put("customfields", custom);
        }
    }

    /** site_info with the user-data token: its user and its service's functions. */
    static Object siteInfo(SiteState site, Object base) {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = new LinkedHashMap<>((Map<String, Object>) base);
        m.put("username", "ws_userdata");
        m.put("firstname", "User");
        m.put("lastname", "Data");
        m.put("fullname", "User Data");
        List<Object> fns = new ArrayList<>();
        synchronized (site) {
            for (String f : site.profiles.userDataService) {
                fns.add(orderedMap("name", f, "version", WsFunctions.VERSIONS.get(f)));
            }
        }
        m.put("functions", fns);
        m.put("downloadfiles", 0);
        return m;
    }

    User wsUser() {
        return site.findUser(site.role == Role.COURSE_SERVER ? "ws_userdata" : InitialData.CLIENT_WS_USERNAME);
    }

    static Map<String, String> orderedMap(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    static Map<String, Object> orderedMap(String k1, Object v1, String k2, Object v2) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }

    static Map<String, Object> orderedObj(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
