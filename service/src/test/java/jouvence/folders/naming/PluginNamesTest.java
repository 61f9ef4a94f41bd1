package jouvence.folders.naming;

import jouvence.folders.naming.PluginNames.Activity;
import jouvence.folders.naming.PluginNames.Category;
import jouvence.folders.naming.PluginNames.Labels;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The plugin's names, as toolbox::get_base_path / get_group_folder compute them (collaborative-folders.md §2.2; the
 * expected values of the first cases were computed by the plugin itself on the lab, see RealMoodleFoldersIT).
 */
class PluginNamesTest {

    private final PluginNames names = new PluginNames(Labels.ENGLISH);

    @Test
    void theDocumentsExample() {
        Activity a = new Activity("moodle", List.of(new Category(1, "Miscellaneous")), 42, "Biology 101", 317,
                "Lab reports");
        assertEquals(List.of("System (moodle)", "Category Miscellaneous (id 1)", "Course Biology 101 (id 42)",
                "Collaborative folder Lab reports (id 317)", "mod_collaborativefolders"), names.basePath(a));
        assertEquals("Team+A_id_55", PluginNames.groupFolder("Team A", 55));
    }

    @Test
    void whatThePluginComputedOnTheLab() {
        // Raw names as stored; the category names as the web services show them (format_string'd): the same result.
        Activity raw = new Activity("client", List.of(new Category(6, "Folders R&D probe2"),
                new Category(7, "Sub bold probe2")), 3, "Biology & Co: \"labs\" probe2", 3, "Lab reports & data probe2");
        Activity shown = new Activity("client", List.of(new Category(6, "Folders R&amp;D probe2"),
                new Category(7, "Sub bold probe2")), 3, "Biology &amp; Co: \"labs\" probe2", 3,
                "Lab reports &amp; data probe2");
        List<String> expected = List.of("System (client)", "Category Folders Ramp;D probe2 (id 6)",
                "Category Sub bold probe2 (id 7)", "Course Biology amp; Co labs probe2 (id 3)",
                "Collaborative folder Lab reports amp; data probe2 (id 3)", "mod_collaborativefolders");
        assertEquals(expected, names.basePath(raw));
        assertEquals(expected, names.basePath(shown), "format_string is idempotent on what it already formatted");
        assertEquals("Team+A+probe2_id_4", PluginNames.groupFolder("Team A probe2", 4));
        assertEquals("%C3%89quipe+B++co+probe2_id_5", PluginNames.groupFolder("Équipe B & co probe2", 5));
        assertEquals("Team%2FC+probe2_id_6", PluginNames.groupFolder("Team/C probe2", 6));
    }

    @Test
    void tagsAreStrippedAndAngleBracketsEscapedThenDropped() {
        Activity a = new Activity("s", List.of(), 2, "<b>Bold</b> a < b > c", 9, "x<scripty");
        List<String> path = names.basePath(a);
        assertEquals("Course Bold a lt; b gt; c (id 2)", path.get(1));
        assertEquals("Collaborative folder x (id 9)", path.get(2), "an unclosed tag swallows the rest");
        // PHP's strip_tags on the same strings (checked with php -r): comments go, a quoted > does not close a tag
        assertEquals("ab", MoodleText.stripTags("a<!-- c -->b"));
        assertEquals("ac", MoodleText.stripTags("a<b title=\"x>y\">c"));
    }

    @Test
    void entitiesAreKeptAndControlCharactersDropped() {
        Activity a = new Activity("s", List.of(), 2, "caf&eacute;\tnoir", 9, "Q&#38;A");
        List<String> path = names.basePath(a);
        assertEquals("Course cafeacute;noir (id 2)", path.get(1));
        assertEquals("Collaborative folder Q#38;A (id 9)", path.get(2));
    }

    @Test
    void contextNamesAreCutTo249BytesWithTheirSuffix() {
        Activity a = new Activity("s", List.of(), 2, "x".repeat(300), 123, "é".repeat(200));
        List<String> path = names.basePath(a);
        assertEquals(249, path.get(1).getBytes(StandardCharsets.UTF_8).length);
        assertTrue(path.get(1).endsWith("x (id 2)"));
        // "Collaborative folder " (21 bytes) + é×N must fit 249 − 9: 21 + 2×109 = 239
        assertEquals("Collaborative folder " + "é".repeat(109) + " (id 123)", path.get(2));
    }

    @Test
    void otherLanguagesUseTheirOwnWords() {
        PluginNames fr = new PluginNames(new Labels("Système", "Catégorie", "Cours", "Dossier collaboratif"));
        Activity a = new Activity("moodle", List.of(new Category(1, "Divers")), 42, "Biologie", 317, "Rapports");
        assertEquals(List.of("Système (moodle)", "Catégorie Divers (id 1)", "Cours Biologie (id 42)",
                "Dossier collaboratif Rapports (id 317)", "mod_collaborativefolders"), fr.basePath(a));
    }

    @Test
    void groupFoldersFollowParamPathThenUrlencode() {
        assertEquals("a%2Fb_id_1", PluginNames.groupFolder("a\\b", 1), "a backslash is a slash");
        assertEquals("a%2Fb_id_1", PluginNames.groupFolder("a//b", 1), "slashes folded");
        assertEquals("a%2Fb_id_1", PluginNames.groupFolder("a/../b", 1), "a .. segment is emptied");
        assertEquals("Q%2AA%3F_id_2", PluginNames.groupFolder("Q*A?", 2), "urlencode encodes * too (Java's keeps it)");
        assertEquals("R-D.x_y+%7E_id_3", PluginNames.groupFolder("R-D.x_y ~", 3));
        assertEquals("ab_id_4", PluginNames.groupFolder("a&<>\"`|':b", 4));
        assertEquals("%F0%9F%93%9A_id_5", PluginNames.groupFolder("\uD83D\uDCDA", 5));
        String long300 = "g".repeat(300);
        assertEquals(long300 + "_id_6", PluginNames.groupFolder(long300, 6), "the plugin does not cap group folders");
    }

    @Test
    void shownNamesAreUnformatted() {
        assertEquals("Équipe B & co", PluginNames.unformat("Équipe B &amp; co"));
        assertEquals("a < b", PluginNames.unformat("a &lt; b"));
        assertEquals("&lt;", PluginNames.unformat("&amp;lt;"));
    }
}
