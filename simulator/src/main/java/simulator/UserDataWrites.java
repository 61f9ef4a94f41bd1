package simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import simulator.UserProfiles.Profile;

/**
 * The new platform's user-data writes (facts of the lab's real 4.4 site, service/src/test/resources/user-data-facts.md):
 * {@code core_user_update_users} (an unknown key rejects the whole call with {@code invalidparameter}; undefined
 * preferences and custom fields silently dropped; an unknown id a warning) and {@code core_user_set_user_preferences}
 * (an undefined preference: a {@code nopermission} warning; an unknown user an {@code invaliduser} warning).
 */
final class UserDataWrites {

    private final SiteState site;
    private final UserDataFunctions reads;

    UserDataWrites(SiteState site, UserDataFunctions reads) {
        this.site = site;
        this.reads = reads;
    }


    Object updateUsers(Map<String, Object> p) {
        Params.allowOnly(p, "users");
        List<Object> users = Params.reqList(p, "users");
        List<Map<String, Object>> parsed = new ArrayList<>();
        for (Object o : users) { // validate_parameters first: one unknown key rejects the whole call
            Map<String, Object> user = Params.asStruct(o);
            for (String k : user.keySet()) {
                if (!k.equals("id") && !k.equals("customfields") && !k.equals("preferences")
                        && !UserDataFunctions.UPDATE_KEYS.contains(k)) {
                    throw WsError.invalidParameter();
                }
            }
            Params.reqInt(user, "id");
            for (String list : List.of("customfields", "preferences")) {
                if (user.containsKey(list)) {
                    for (Object item : Params.reqList(user, list)) {
                        Map<String, Object> pair = Params.asStruct(item);
                        Params.allowOnly(pair, "type", "value");
                        Params.reqText(pair, "type");
                        Params.reqText(pair, "value");
                    }
                }
            }
            parsed.add(user);
        }
        List<Object> warnings = new ArrayList<>();
        synchronized (site) {
            for (Map<String, Object> user : parsed) {
                long id = Params.reqInt(user, "id");
                User u = site.users.get(Params.toId(id));
                if (u == null) {
                    warnings.add(UserDataFunctions.orderedObj("item", "user", "itemid", id, "warningcode", "invaliduserid",
                            "message", "Invalid user ID"));
                    continue;
                }
                Profile profile = site.profiles.of(u);
                for (Map.Entry<String, Object> e : user.entrySet()) {
                    if (UserDataFunctions.UPDATE_KEYS.contains(e.getKey()) && e.getValue() instanceof String v) {
                        if (e.getKey().equals("auth")) {
                            profile.auth = v;
                        } else {
                            profile.fields.put(e.getKey(), v.strip());
                        }
                    }
                }
                if (user.containsKey("customfields")) {
                    for (Object item : Params.reqList(user, "customfields")) {
                        Map<String, Object> pair = Params.asStruct(item);
                        String shortname = (String) pair.get("type");
                        if (site.profiles.customFields.containsKey(shortname)) { // others: silently ignored
                            profile.custom.put(shortname, (String) pair.get("value"));
                        }
                    }
                }
                if (user.containsKey("preferences")) {
                    for (Object item : Params.reqList(user, "preferences")) {
                        Map<String, Object> pair = Params.asStruct(item);
                        String name = (String) pair.get("type");
                        if (site.profiles.definedPreferences.contains(name)) { // others: silently dropped
                            profile.preferences.put(name, (String) pair.get("value"));
                        }
                    }
                }
                profile.timemodified = Math.max(profile.timemodified + 1, System.currentTimeMillis() / 1000);
            }
        }
        return UserDataFunctions.orderedObj("warnings", warnings);
    }

    Object setUserPreferences(Map<String, Object> p) {
        Params.allowOnly(p, "preferences");
        List<Map<String, Object>> prefs = new ArrayList<>();
        for (Object o : Params.reqList(p, "preferences")) {
            Map<String, Object> pref = Params.asStruct(o);
            Params.allowOnly(pref, "name", "value", "userid");
            Params.reqText(pref, "name");
            Params.reqText(pref, "value");
            if (pref.containsKey("userid")) {
                Params.reqInt(pref, "userid");
            }
            prefs.add(pref);
        }
        List<Object> saved = new ArrayList<>();
        List<Object> warnings = new ArrayList<>();
        synchronized (site) {
            for (Map<String, Object> pref : prefs) {
                long userid = pref.containsKey("userid") ? Params.reqInt(pref, "userid") : 0;
                User u = userid == 0 ? reads.wsUser() : site.users.get(Params.toId(userid));
                if (u == null) {
                    warnings.add(UserDataFunctions.orderedObj("item", "user", "itemid", userid, "warningcode", "invaliduser",
                            "message", "Invalid user"));
                    continue;
                }
                String name = (String) pref.get("name");
                if (site.profiles.definedPreferences.contains(name)) {
                    site.profiles.of(u).preferences.put(name, (String) pref.get("value"));
                    saved.add(UserDataFunctions.orderedMap("name", name, "userid", u.id));
                } else {
                    warnings.add(UserDataFunctions.orderedObj("item", "user", "itemid", u.id, "warningcode", "nopermission",
                            "message", "You are not allowed to change the preference " + name + " for user " + u.id));
                }
            }
        }
        return UserDataFunctions.orderedObj("saved", saved, "warnings", warnings);
    }
}
