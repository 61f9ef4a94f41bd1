package jouvence.folders.moodle;

import jouvence.JouvenceConfig;
import jouvence.JouvenceConfigTest;
import jouvence.moodle.MoodleSites;
import jouvence.moodle.MoodleSites.SiteInfo;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The folders' settings and what they make the start-up probe require of the new platform's token. */
class FoldersConfigTest {

    private static JouvenceConfig config(Map<String, String> m) {
        return JouvenceConfig.from(k -> Optional.ofNullable(m.get(k)));
    }

    @Test
    void theShippedDefaultsAreOffAndThePluginsTeacherRoles() throws Exception {
        jouvence.folders.FoldersConfig folders = config(JouvenceConfigTest.shipped()).folders();
        assertFalse(folders.enabled());
        assertEquals(List.of("editingteacher", "manager", "teacher"), folders.teacherRoles());
    }

    @Test
    void teacherRolesAreAListAndNeverEmpty() throws Exception {
        Map<String, String> m = JouvenceConfigTest.shipped();
        m.put("jouvence.folders.enabled", "true");
        m.put("jouvence.folders.teacher-roles", " editingteacher , tutor ");
        assertEquals(List.of("editingteacher", "tutor"), config(m).folders().teacherRoles());
        assertTrue(config(m).folders().enabled());
        m.put("jouvence.folders.teacher-roles", " , ");
        String message = assertThrows(IllegalArgumentException.class, () -> config(m)).getMessage();
        assertTrue(message.startsWith("jouvence.folders.teacher-roles"), message);
    }

    @Test
    void theFoldersFunctionsAreRequiredOfTheClientOnlyWhenEnabled() {
        Set<String> functions = new HashSet<>(MoodleSites.CLIENT_FUNCTIONS);
        SiteInfo client = new SiteInfo("new", "4.4", functions, false);
        assertEquals(List.of(), MoodleSites.missingFunctions(JouvenceConfig.CLIENT_ID, client, false));
        assertEquals(List.of("core_enrol_get_enrolled_users", "core_group_get_course_groups",
                "core_group_get_group_members", "core_group_get_groupings"),
                MoodleSites.missingFunctions(JouvenceConfig.CLIENT_ID, client, true));
        functions.addAll(MoodleSites.FOLDER_FUNCTIONS);
        assertEquals(List.of(), MoodleSites.missingFunctions(JouvenceConfig.CLIENT_ID, client, true));
        SiteInfo server = new SiteInfo("old", "4.4", new HashSet<>(MoodleSites.SERVER_FUNCTIONS), true);
        assertEquals(List.of(), MoodleSites.missingFunctions("old", server, true), "course servers are not asked");
    }
}
