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
import java.util.Set;
import java.util.function.Function;

/**
 * Reads a person's profile on a course server with its user-data token: core web services
 * ({@code core_user_get_users_by_field} for fields and custom fields, {@code core_user_get_user_preferences} for
 * preferences), or the plugin's {@code tool_import_user_datas_get_user_datas} when the token's service offers it (it
 * also reads the four fields core does not return; custom fields still come from core).
 */
public final class OldPlatform {

    public static final String USERS_BY_FIELD = "core_user_get_users_by_field";
    public static final String GET_PREFERENCES = "core_user_get_user_preferences";
    public static final String TOOL_GET = "tool_import_user_datas_get_user_datas";
    public static final String SITE_INFO = "core_webservice_get_site_info";
    /** What the user-data token's service must offer. */
    public static final Set<String> FUNCTIONS = Set.of(SITE_INFO, USERS_BY_FIELD, GET_PREFERENCES);

    /**
     * @param auth  the account's auth method there
     * @param items item → value (fields absent from the answer are empty; preferences not set are absent)
     * @param notes what could not be read, in words
     */
    public record Values(long id, String auth, Map<String, String> items, List<String> notes) {
    }

    private final UserDataConfig config;
    private final Function<String, MoodleClient> clients;

    /** @param clients server id → a client of that server with its user-data token */
    public OldPlatform(UserDataConfig config, Function<String, MoodleClient> clients) {
        this.config = config;
        this.clients = clients;
    }

    /** @param authFilter the auth the plugin's function looks the user up with (the new account's, or the setting) */
    public Values read(String server, String username, String authFilter) throws MoodleException, UserDataException {
        MoodleClient client = clients.apply(server);
        JsonNode info = client.call(SITE_INFO, Map.of());
        boolean tool = false;
        for (JsonNode f : info.path("functions")) {
            tool |= TOOL_GET.equals(f.path("name").asText());
        }
        JsonNode user = null;
        if (!tool || !config.customFields().isEmpty()) {
            user = user(client, server, username);
        }
        Map<String, String> items = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        String auth;
        long id;
        if (tool) {
            JsonNode reply = client.call(TOOL_GET, Map.of("username", username, "userauth", authFilter,
                    "preferences", String.join(";", config.preferences()),
                    "userdatas", String.join(";", config.coreFields())));
            Map<String, String> datas = pairs(reply.path("userdatas"));
            config.coreFields().forEach(f -> items.put(f, datas.getOrDefault(f, "")));
            pairs(reply.path("preferences")).forEach((k, v) -> {
                if (config.preferences().contains(k)) {
                    items.put(Items.preference(k), v);
                }
            });
            auth = authFilter; // the function found the account with it
            id = user == null ? 0 : user.path("id").asLong();
        } else {
            List<String> unread = new ArrayList<>();
            for (String f : config.coreFields()) {
                String value = field(user, f);
                if (value == null) {
                    unread.add(f);
                } else {
                    items.put(f, value);
                }
            }
            if (!unread.isEmpty()) {
                notes.add(String.join(", ", unread) + " not copied: the old platform's core_user_get_users_by_field "
                        + "does not show " + (unread.size() == 1 ? "it" : "them") + " (phone1 and phone2 only when in "
                        + "its showuseridentity; calendartype, the phonetic names, middlename and alternatename never)");
            }
            auth = user.path("auth").asText("");
            id = user.path("id").asLong();
            JsonNode prefs = client.call(GET_PREFERENCES, Map.of("name", "", "userid", Long.toString(id)));
            pairs(prefs.path("preferences")).forEach((k, v) -> {
                if (config.preferences().contains(k)) {
                    items.put(Items.preference(k), v);
                }
            });
        }
        if (user != null) {
            Map<String, String> custom = customFields(user);
            config.customFields().forEach(s -> items.put(FieldRules.CUSTOM_PREFIX + s, custom.getOrDefault(s, "")));
        }
        return new Values(id, auth, items, notes);
    }

    static JsonNode user(MoodleClient client, String site, String username) throws MoodleException,
            UserDataException {
        JsonNode users = client.call(USERS_BY_FIELD, Map.of("field", "username", "values[0]", username));
        for (JsonNode u : users) {
            if (username.equals(u.path("username").asText())) {
                return u;
            }
        }
        throw new UserDataException("nouser", "no account with username '" + username + "' on " + site);
    }

    /** A field's value in a core answer: absent means empty only for the fields core leaves out when empty. */
    static String field(JsonNode user, String f) {
        if (user.has(f)) {
            return text(user.path(f));
        }
        return FieldRules.ABSENT_MEANS_EMPTY.contains(f) ? "" : null;
    }

    static Map<String, String> customFields(JsonNode user) {
        Map<String, String> custom = new LinkedHashMap<>();
        user.path("customfields").forEach(c -> custom.put(c.path("shortname").asText(), text(c.path("value"))));
        return custom;
    }

    static Map<String, String> pairs(JsonNode list) {
        Map<String, String> m = new LinkedHashMap<>();
        list.forEach(p -> m.put(p.path("name").asText(), text(p.path("value"))));
        return m;
    }

    static String text(JsonNode n) {
        return n.isMissingNode() || n.isNull() ? "" : n.asText();
    }
}
