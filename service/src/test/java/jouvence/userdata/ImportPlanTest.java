package jouvence.userdata;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The diff of one import: what is written, what is kept because the person changed it on the new platform. */
class ImportPlanTest {

    private static Map<String, String> map(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void only_values_that_differ_are_written() {
        ImportPlan.Decision d = ImportPlan.decide(map("city", "Strasbourg", "lang", "fr"),
                map("city", "Strasbourg", "lang", "en"), map(), false, false);
        assertEquals(Map.of("lang", "fr"), d.write());
        assertEquals(List.of("city"), d.unchanged());
        assertEquals(Map.of(), d.kept());
    }

    @Test
    void at_the_first_import_a_value_is_kept_only_when_the_account_was_modified_after_its_creation() {
        Map<String, String> old = map("city", "Strasbourg", "institution", "Unistra");
        Map<String, String> now = map("city", "Paris", "institution", "");
        assertEquals(Map.of("city", "Strasbourg", "institution", "Unistra"),
                ImportPlan.decide(old, now, map(), false, false).write());
        assertEquals(Map.of("city", "Strasbourg", "institution", "Unistra"),
                ImportPlan.decide(old, now, map(), false, null).write()); // Moodle does not tell: written
        ImportPlan.Decision modified = ImportPlan.decide(old, now, map(), false, true);
        assertEquals(Map.of("institution", "Unistra"), modified.write()); // an empty value is always filled
        assertEquals(Map.of("city", "Paris"), modified.kept());
        // Moodle's defaults of a new account are no one's change, even on an account modified since
        assertEquals(Map.of("timezone", "Europe/Paris", "lang", "fr"), ImportPlan.decide(map("timezone", "Europe/Paris",
                "lang", "fr"), map("timezone", "99", "lang", "en"), map(), false, true).write());
    }

    @Test
    void later_a_value_different_from_both_the_old_one_and_what_jouvence_wrote_is_kept_unless_overwrite() {
        Map<String, String> old = map("city", "Colmar", "country", "DE");
        Map<String, String> now = map("city", "Paris", "country", "FR");
        Map<String, String> baseline = map("city", "Strasbourg", "country", "FR");
        ImportPlan.Decision d = ImportPlan.decide(old, now, baseline, false, true);
        assertEquals(Map.of("country", "DE"), d.write()); // untouched since Jouvence wrote FR: follows the old side
        assertEquals(Map.of("city", "Paris"), d.kept()); // the person moved it to Paris
        assertEquals(Map.of("city", "Colmar", "country", "DE"),
                ImportPlan.decide(old, now, baseline, true, true).write());
    }

    @Test
    void a_value_the_new_platform_cannot_show_is_written_when_it_moved_on_the_old_side_since_the_last_import() {
        Map<String, String> now = new HashMap<>();
        now.put("pref:htmleditor", null);
        assertEquals(Map.of("pref:htmleditor", "atto"),
                ImportPlan.decide(map("pref:htmleditor", "atto"), now, map(), false, true).write());
        assertEquals(Map.of(), ImportPlan.decide(map("pref:htmleditor", "atto"), now,
                map("pref:htmleditor", "atto"), false, true).write());
        assertEquals(Map.of("pref:htmleditor", "tiny"), ImportPlan.decide(map("pref:htmleditor", "tiny"), now,
                map("pref:htmleditor", "atto"), false, true).write());
    }
}
