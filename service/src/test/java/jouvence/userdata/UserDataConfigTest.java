package jouvence.userdata;

import jouvence.JouvenceConfigTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** jouvence.user-data.* read from the shipped application.properties plus overrides. */
class UserDataConfigTest {

    private static UserDataConfig config(Map<String, String> m) {
        return UserDataConfig.from(k -> Optional.ofNullable(m.get(k)));
    }

    private static Map<String, String> with(String... kv) throws Exception {
        Map<String, String> m = JouvenceConfigTest.shipped();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static String refused(String... kv) throws Exception {
        Map<String, String> m = with(kv);
        return assertThrows(IllegalArgumentException.class, () -> config(m)).getMessage();
    }

    @Test
    void the_defaults_are_the_plugins_lists_less_what_core_cannot_set_or_read() throws Exception {
        UserDataConfig c = config(JouvenceConfigTest.shipped());
        assertFalse(c.enabled());
        assertEquals(List.of("lang", "mailformat", "city", "country", "timezone", "idnumber",
                "institution", "department", "phone1", "phone2", "address"), c.fields());
        assertEquals(FieldRules.defaultFields(), c.fields());
        assertEquals(FieldRules.PLUGIN_PREFERENCES, c.preferences());
        assertFalse(c.overwrite());
        assertEquals("", c.auth());
        assertFalse(c.onFirstLogin());
        assertFalse(c.watchNewUsers());
        assertEquals(Map.of(), c.serverTokens());
        assertEquals(Duration.ofMinutes(1), c.delayAfter(1));
        assertEquals(Duration.ofMinutes(4), c.delayAfter(3));
        assertEquals(Duration.ofHours(1), c.delayAfter(20));
    }

    @Test
    void every_refused_field_is_named_on_one_line_with_its_reason() throws Exception {
        String message = refused("jouvence.user-data.fields", "city,maildigest,email,id,trackforums,shoesize,"
                + "profile_field_matricule,profile_field_bad name");
        assertEquals("jouvence.user-data.fields: refused: maildigest (core_user_update_users cannot set it), "
                + "email (never copied: an account column), id (never copied: an account column), "
                + "trackforums (core_user_update_users cannot set it), shoesize (not a profile field "
                + "core_user_update_users accepts), profile_field_bad name (not a custom profile field's short name)",
                message);
        assertFalse(message.contains("\n"));
    }

    @Test
    void the_never_copied_columns_are_refused_whatever_the_setting_says() throws Exception {
        for (String column : FieldRules.NEVER_COPIED) {
            assertTrue(refused("jouvence.user-data.fields", "city," + column).contains(column + " (never copied"),
                    column);
        }
    }

    @Test
    void custom_fields_are_profile_field_names_and_phonetic_fields_are_said_at_start_up() throws Exception {
        UserDataConfig c = config(with("jouvence.user-data.fields", "city,profile_field_matricule,middlename",
                "jouvence.user-data.enabled", "true", "jouvence.server.old.user-data-token", "T0K3N"));
        assertEquals(List.of("matricule"), c.customFields());
        assertEquals(List.of("city", "middlename"), c.coreFields());
        assertEquals(Map.of("old", "T0K3N"), c.serverTokens());
        assertFalse(c.toString().contains("T0K3N"));
        // camel-main's start-up summary masks it (without the shipped keyword it printed it: UserDataImportTest saw it)
        assertFalse(org.apache.camel.util.SensitiveUtils.containsSensitive("jouvence.server.old.user-data-token"));
        try (org.apache.camel.impl.DefaultCamelContext camel = new org.apache.camel.impl.DefaultCamelContext()) {
            camel.getCamelContextExtension().setAdditionalSensitiveKeywords(JouvenceConfigTest.shipped()
                    .get("camel.main.additional-sensitive-keywords"));
            assertTrue(org.apache.camel.support.CamelContextHelper.containsSensitive(camel,
                    "jouvence.server.old.user-data-token"));
        }
        List<String> notices = config(with("jouvence.user-data.enabled", "true",
                "jouvence.server.old.user-data-token", "T")).notices();
        assertEquals(List.of("jouvence.user-data.fields: alternatename, calendartype, firstnamephonetic, lastnamephonetic, middlename"
                + " (in the plugin's list) are left out: core_user_get_users_by_field does not return them on the old "
                + "platform"), notices);
        assertTrue(c.notices().get(0).startsWith("jouvence.user-data.fields: middlename are not returned by "
                + "core_user_get_users_by_field"), c.notices().toString());
    }

    @Test
    void on_without_a_server_token_or_with_a_bad_auth_is_refused() throws Exception {
        assertTrue(refused("jouvence.user-data.enabled", "true").startsWith("jouvence.user-data.enabled: no course "
                + "server has a jouvence.server.<id>.user-data-token"));
        assertTrue(refused("jouvence.user-data.auth", "CAS; ldap").startsWith("jouvence.user-data.auth: 'CAS; ldap'"));
        assertTrue(refused("jouvence.user-data.preferences", "htmleditor,bad name")
                .endsWith("refused: bad name (not a preference name)"));
    }
}
