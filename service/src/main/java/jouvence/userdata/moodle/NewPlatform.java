package jouvence.userdata.moodle;

import com.fasterxml.jackson.databind.JsonNode;
import jouvence.moodle.MoodleClient;
import jouvence.moodle.MoodleException;
import jouvence.userdata.FieldRules;
import jouvence.userdata.UserDataConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The new platform with the integration token: reads a person's profile ({@code core_user_get_users_by_field}; their
 * preferences with {@code core_user_get_user_preferences} when its service offers it, else they are unknown), writes
 * fields and custom fields with one {@code core_user_update_users} and preferences with
 * {@code core_user_set_user_preferences}, whose per-preference warnings (an undefined preference: {@code nopermission})
 * are kept in words.
 */
public final class NewPlatform {

    public static final String UPDATE_USERS = "core_user_update_users";
    public static final String SET_PREFERENCES = "core_user_set_user_preferences";

    /**
     * @param items                 item → value ("" when empty; null when the integration token cannot see it: fields
     *                              core does not show, preferences when the service cannot read them)
     * @param modifiedAfterCreation whether Moodle says the account changed after its creation (null: it does not tell)
     */
    public record Values(long id, String auth, Map<String, String> items, Boolean modifiedAfterCreation) {
    }

    /** What a write of preferences gave: the names saved, and Moodle's warnings in words. */
    public record Saved(List<String> saved, List<String> warnings) {
    }

    private final UserDataConfig config;
    private final MoodleClient client;
    private final AccountTimes times;

    /** @param times the account's times in the new Moodle's database, or null when it is not configured */
    public NewPlatform(UserDataConfig config, MoodleClient client, AccountTimes times) {
        this.config = config;
        this.client = client;
        this.times = times;
    }

    public Values read(String username) throws MoodleException, UserDataException {
        JsonNode user;
        try {
            user = OldPlatform.user(client, "the new platform", username);
        } catch (UserDataException e) {
            throw new UserDataException("nouser", "no account with username '" + username + "' on the new platform");
        }
        long id = user.path("id").asLong();
        Map<String, String> items = new LinkedHashMap<>();
        config.coreFields().forEach(f -> items.put(f, OldPlatform.field(user, f))); // null: not shown, unknown
        Map<String, String> custom = OldPlatform.customFields(user);
        config.customFields().forEach(s -> items.put(FieldRules.CUSTOM_PREFIX + s, custom.getOrDefault(s, "")));
        Map<String, String> prefs = preferences(id);
        for (String p : config.preferences()) {
            items.put(Items.preference(p), prefs == null ? null : prefs.getOrDefault(p, ""));
        }
        Boolean modified = null;
        if (user.has("timecreated") && user.has("timemodified")) { // not in 4.4's answer; a later Moodle may add them
            modified = user.path("timemodified").asLong() > user.path("timecreated").asLong();
        } else if (times != null) {
            modified = times.modifiedAfterCreation(username);
        }
        return new Values(id, user.path("auth").asText(""), items, modified);
    }

    /** The person's preferences, or null when the integration service cannot read them. */
    private Map<String, String> preferences(long id) throws MoodleException {
        try {
            return OldPlatform.pairs(client.call(OldPlatform.GET_PREFERENCES, Map.of("name", "",
                    "userid", Long.toString(id))).path("preferences"));
        } catch (MoodleException e) {
            if ("accessexception".equals(e.code())) {
                return null; // not in the service: preferences cannot be compared on this side
            }
            throw e;
        }
    }

    /** Writes fields and custom fields in one call; returns Moodle's warnings in words. */
    public List<String> writeFields(long id, Map<String, String> values) throws MoodleException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("users[0][id]", Long.toString(id));
        int c = 0;
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (FieldRules.isCustom(e.getKey())) {
                form.put("users[0][customfields][" + c + "][type]",
                        e.getKey().substring(FieldRules.CUSTOM_PREFIX.length()));
                form.put("users[0][customfields][" + c++ + "][value]", e.getValue());
            } else {
                form.put("users[0][" + e.getKey() + "]", e.getValue());
            }
        }
        JsonNode reply = client.call(UPDATE_USERS, form);
        return warnings(reply);
    }

    public Saved writePreferences(long id, Map<String, String> prefs) throws MoodleException {
        Map<String, String> form = new LinkedHashMap<>();
        int i = 0;
        for (Map.Entry<String, String> e : prefs.entrySet()) {
            form.put("preferences[" + i + "][name]", e.getKey());
            form.put("preferences[" + i + "][value]", e.getValue());
            form.put("preferences[" + i++ + "][userid]", Long.toString(id));
        }
        JsonNode reply = client.call(SET_PREFERENCES, form);
        List<String> saved = new ArrayList<>();
        reply.path("saved").forEach(s -> saved.add(s.path("name").asText()));
        List<String> warnings = new ArrayList<>();
        for (JsonNode w : reply.path("warnings")) {
            String code = w.path("warningcode").asText();
            String message = w.path("message").asText();
            String name = prefs.keySet().stream().filter(n -> message.contains(" " + n + " ")).findFirst().orElse(null);
            warnings.add((name == null ? "" : "preference " + name + " not written: ")
                    + ("nopermission".equals(code) ? "the new platform does not define it or refuses it" : code)
                    + " (Moodle: " + message + ")");
        }
        return new Saved(saved, warnings);
    }

    static List<String> warnings(JsonNode reply) {
        List<String> out = new ArrayList<>();
        reply.path("warnings").forEach(w -> out.add(w.path("warningcode").asText() + " (Moodle: "
                + w.path("message").asText() + ")"));
        return out;
    }
}
