package simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The user-data functions answer as the lab's real sites did (service/src/test/resources/user-data-facts.md): the
 * old platform's user-data token and service, profiles with fields left out, preferences, and on the new platform
 * update_users' all-or-nothing parameters and set_user_preferences' nopermission warnings.
 */
class UserDataSimulatorTest extends SimulatorTestBase {

    static final String UTOKEN = "USERDATATOKEN000000000000000004";

    @BeforeEach
    void tokens() {
        server.userData().token(UTOKEN);
        UserDataControls.CLIENT_FUNCTIONS.forEach(client::addFunction);
    }

    private static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    @Test
    void the_user_data_token_has_its_own_service() throws Exception {
        JsonNode info = json(wsWithToken(server, UTOKEN, MoodleSimulator.FN_SITE_INFO));
        assertEquals("ws_userdata", info.get("username").asText());
        assertEquals(0, info.get("downloadfiles").asInt());
        assertEquals("[\"core_webservice_get_site_info\",\"core_user_get_users_by_field\","
                + "\"core_user_get_user_preferences\",\"core_user_get_private_files_info\"]",
                JSON.writeValueAsString(info.get("functions").findValuesAsText("name")));
        // not a function of its service, nor the plugin's tool (not installed on 4.4)
        assertEquals("accessexception", json(wsWithToken(server, UTOKEN, MoodleSimulator.FN_GET_COURSES,
                "username", "teacher1", "concernedroles", "editingteacher")).get("errorcode").asText());
        assertEquals("invalidrecord", json(wsWithToken(server, UTOKEN, UserDataControls.TOOL_GET, "username",
                "teacher1")).get("errorcode").asText());
        // the preferences are not in the restore token's service
        assertEquals("accessexception", json(ws(server, UserDataControls.GET_PREFERENCES, "userid", "4"))
                .get("errorcode").asText());
    }

    @Test
    void teacher1s_profile_leaves_out_what_core_does_not_show_and_keeps_its_custom_field() throws Exception {
        JsonNode u = json(wsWithToken(server, UTOKEN, MoodleSimulator.FN_USERS_BY_FIELD, "field", "username",
                "values[0]", "teacher1")).get(0);
        assertEquals("Strasbourg", u.get("city").asText());
        assertEquals("FR", u.get("country").asText());
        assertEquals("fr", u.get("lang").asText());
        assertEquals("Europe/Paris", u.get("timezone").asText());
        assertEquals("T1-OLD-0001", u.get("idnumber").asText());
        assertEquals("manual", u.get("auth").asText());
        assertEquals(1, u.get("mailformat").asInt());
        for (String hidden : new String[] {"phone1", "phone2", "calendartype", "firstnamephonetic", "middlename",
            "maildigest", "autosubscribe"}) {
            assertFalse(u.has(hidden), hidden);
        }
        assertEquals("{\"type\":\"text\",\"value\":\"E2024-0001\",\"displayvalue\":\"E2024-0001\",\"name\":"
                + "\"Matricule\",\"shortname\":\"matricule\"}", JSON.writeValueAsString(u.get("customfields").get(0)));
        JsonNode t2 = json(wsWithToken(server, UTOKEN, MoodleSimulator.FN_USERS_BY_FIELD, "field", "username",
                "values[0]", "teacher2")).get(0);
        assertEquals("", t2.get("department").asText());
        for (String empty : new String[] {"city", "country", "institution", "idnumber", "address", "customfields"}) {
            assertFalse(t2.has(empty), empty);
        }
        assertEquals("[]", wsWithToken(server, UTOKEN, MoodleSimulator.FN_USERS_BY_FIELD, "field", "username",
                "values[0]", "nobody"));
    }

    @Test
    void preferences_of_another_user_and_their_errors() throws Exception {
        JsonNode p = json(wsWithToken(server, UTOKEN, UserDataControls.GET_PREFERENCES, "userid", "4"));
        assertEquals("textarea", prefs(p, "htmleditor"));
        assertEquals("%H:%M", prefs(p, "timeformat"));
        assertTrue(p.get("preferences").get(p.get("preferences").size() - 1).get("value").isNumber()); // _lastloaded
        assertEquals("{\"exception\":\"dml_missing_record_exception\",\"errorcode\":\"invaliduser\",\"message\":"
                + "\"Invalid user\"}", wsWithToken(server, UTOKEN, UserDataControls.GET_PREFERENCES, "userid", "999"));
        server.userData().denyPreferencesRead();
        assertEquals("nopermissions", json(wsWithToken(server, UTOKEN, UserDataControls.GET_PREFERENCES, "userid",
                "4")).get("errorcode").asText());
    }

    private static String prefs(JsonNode p, String name) {
        for (JsonNode n : p.get("preferences")) {
            if (name.equals(n.get("name").asText())) {
                return n.get("value").asText();
            }
        }
        return null;
    }

    @Test
    void update_users_refuses_the_whole_call_for_a_key_core_cannot_set_and_drops_the_undefined_silently()
            throws Exception {
        assertEquals("{\"exception\":\"invalid_parameter_exception\",\"errorcode\":\"invalidparameter\",\"message\":"
                + "\"Invalid parameter value detected\"}", ws(client, UserDataControls.UPDATE_USERS, "users[0][id]",
                "3", "users[0][city]", "Strasbourg", "users[0][maildigest]", "1"));
        assertEquals("", client.userData().field("teacher1", "city")); // nothing written
        assertEquals("{\"warnings\":[]}", ws(client, UserDataControls.UPDATE_USERS, "users[0][id]", "3",
                "users[0][city]", "Strasbourg", "users[0][lang]", "fr",
                "users[0][customfields][0][type]", "matricule", "users[0][customfields][0][value]", "E2024-0001",
                "users[0][preferences][0][type]", "htmleditor", "users[0][preferences][0][value]", "textarea",
                "users[0][preferences][1][type]", "timeformat", "users[0][preferences][1][value]", "%H:%M"));
        assertEquals("Strasbourg", client.userData().field("teacher1", "city"));
        assertEquals("fr", client.userData().field("teacher1", "lang"));
        assertEquals(null, client.userData().customField("teacher1", "matricule")); // not defined on this client
        assertEquals("textarea", client.userData().preference("teacher1", "htmleditor"));
        assertEquals(null, client.userData().preference("teacher1", "timeformat"));
        client.userData().defineCustomField("matricule", "Matricule");
        ws(client, UserDataControls.UPDATE_USERS, "users[0][id]", "3", "users[0][customfields][0][type]", "matricule",
                "users[0][customfields][0][value]", "E2024-0001");
        assertEquals("E2024-0001", client.userData().customField("teacher1", "matricule"));
        assertEquals("{\"warnings\":[{\"item\":\"user\",\"itemid\":999,\"warningcode\":\"invaliduserid\",\"message\":"
                + "\"Invalid user ID\"}]}", ws(client, UserDataControls.UPDATE_USERS, "users[0][id]", "999",
                "users[0][city]", "x"));
    }

    @Test
    void set_user_preferences_warns_nopermission_for_an_undefined_preference() throws Exception {
        assertEquals("{\"saved\":[{\"name\":\"htmleditor\",\"userid\":3}],\"warnings\":[{\"item\":\"user\",\"itemid\":3,"
                + "\"warningcode\":\"nopermission\",\"message\":\"You are not allowed to change the preference timeformat"
                + " for user 3\"}]}", ws(client, UserDataControls.SET_PREFERENCES,
                "preferences[0][name]", "timeformat", "preferences[0][value]", "%H:%M", "preferences[0][userid]", "3",
                "preferences[1][name]", "htmleditor", "preferences[1][value]", "atto", "preferences[1][userid]", "3"));
        assertEquals("atto", client.userData().preference("teacher1", "htmleditor"));
        assertEquals("{\"saved\":[],\"warnings\":[{\"item\":\"user\",\"itemid\":999,\"warningcode\":\"invaliduser\","
                + "\"message\":\"Invalid user\"}]}", ws(client, UserDataControls.SET_PREFERENCES,
                "preferences[0][name]", "htmleditor", "preferences[0][value]", "atto", "preferences[0][userid]", "999"));
    }

    @Test
    void the_plugins_function_once_installed_returns_any_column_and_needs_the_same_auth() throws Exception {
        server.userData().installTool();
        JsonNode r = json(wsWithToken(server, UTOKEN, UserDataControls.TOOL_GET, "username", "teacher1", "userauth",
                "manual", "preferences", "htmleditor;timeformat;nosuch", "userdatas", "city;middlename;maildigest;password"));
        assertEquals("[{\"name\":\"htmleditor\",\"value\":\"textarea\"},{\"name\":\"timeformat\",\"value\":\"%H:%M\"}]",
                JSON.writeValueAsString(r.get("preferences")));
        assertEquals("Eliška", r.get("userdatas").get(1).get("value").asText());
        assertTrue(r.get("userdatas").get(3).get("value").asText().startsWith("$2y$")); // B4.4: the hash too
        assertEquals("{\"exception\":\"core\\\\exception\\\\moodle_exception\",\"errorcode\":\"user teacher1 not exists\","
                + "\"message\":\"tool_import_user_datas\\/user teacher1 not exists\"}", wsWithToken(server, UTOKEN,
                UserDataControls.TOOL_GET, "username", "teacher1", "userauth", "cas", "preferences", "htmleditor",
                "userdatas", "city"));
    }
}
