package jouvence.folders.naming;

import java.util.ArrayList;
import java.util.List;

/**
 * The folder names of mod_collaborativefolders v3.7-r2 and later (v4.2-r1 on the lab), exactly:
 * {@code toolbox::get_base_path(cmid)} and {@code toolbox::get_group_folder(groupid)} (collaborative-folders.md §2.2).
 * A folder set made from an existing activity is named this way so that the plugin's own page, which accepts MKCOL 405
 * and an "already shared" 403, finds and reuses what Jouvence made, and Jouvence adopts what the plugin made.
 *
 * <p>The base path is one segment per context, root first: {@code System (<site shortname>)}, {@code Category: <name>
 * (id N)} for each category from the top, {@code Course: <name> (id N)}, {@code <module name>: <activity> (id cmid)},
 * then the literal {@code mod_collaborativefolders}. Each context name is rendered in the site's default language,
 * passed through {@code format_string} and {@code PARAM_FILE}, and byte-cut to {@code 249 − len(suffix)} before its
 * {@code (id N)} suffix. The group folder is {@code urlencode(PARAM_PATH("<group name>_id_<groupid>"))}, not capped.
 *
 * <p>These names already hold the immutable ids (the category's, the course's, the cmid; {@code _id_N} for groups),
 * which is what Jouvence's own names want; they are kept as the plugin makes them, not cleaned further (the plugin
 * would then make a second tree beside Jouvence's): PARAM_FILE already drops {@code / \ : " < > |}, and every segment
 * ends with its id, so none ends with a dot or a space. What stays is harmless to ownCloud and Nextcloud ({@code *},
 * {@code ?}, a leading dot or space, a group folder over 250 bytes), and {@link FolderNames#problems} tells them.
 */
public final class PluginNames {

    /** The literal last segment of every base path. */
    public static final String MODULE_SEGMENT = "mod_collaborativefolders";

    /**
     * The words of {@code get_context_name()} in the site's default language ({@code $CFG->lang}): the system
     * context's name, the {@code category}, {@code course} strings and the plugin's {@code modulename}.
     */
    public record Labels(String system, String category, String course, String module) {
        /** English, Moodle's and the plugin's own strings. */
        public static final Labels ENGLISH = new Labels("System", "Category", "Course", "Collaborative folder");
    }

    /** A category of the course's path, root first, its name as Moodle stores or shows it. */
    public record Category(long id, String name) {
    }

    /**
     * What the base path is made of.
     *
     * @param siteShortname the front page's short name ({@code $SITE->shortname}), appended raw as the plugin does
     * @param categories    the course's categories, the top one first
     * @param courseName    the course's name as listed: its full name, or "shortname fullname" when the site sets
     *                      {@code courselistshortnames} (core_course_get_courses_by_field's {@code displayname})
     */
    public record Activity(String siteShortname, List<Category> categories, long courseId, String courseName, long cmid,
                           String activityName) {
        public Activity {
            categories = List.copyOf(categories);
        }
    }

    private final Labels labels;

    public PluginNames(Labels labels) {
        this.labels = labels;
    }

    /** {@code get_base_path(cmid)} as its segments (no slashes inside any of them). */
    public List<String> basePath(Activity a) {
        List<String> segments = new ArrayList<>();
        segments.add(segment(labels.system(), " (" + a.siteShortname() + ")"));
        for (Category c : a.categories()) {
            segments.add(segment(labels.category() + ": " + MoodleText.formatString(c.name()), " (id " + c.id() + ")"));
        }
        segments.add(segment(labels.course() + ": " + MoodleText.formatString(a.courseName()), " (id " + a.courseId() + ")"));
        segments.add(segment(labels.module() + ": " + MoodleText.formatString(a.activityName()), " (id " + a.cmid() + ")"));
        segments.add(MODULE_SEGMENT);
        return List.copyOf(segments);
    }

    /**
     * {@code get_group_folder(groupid)}: the group's name as stored in {@code {prefix}groups} (not as
     * {@code core_group_get_course_groups} shows it: that one is format_string'd, see {@link #unformat}).
     */
    public static String groupFolder(String rawGroupName, long groupId) {
        return MoodleText.urlencode(MoodleText.paramPath(rawGroupName + "_id_" + groupId));
    }

    /**
     * A name as {@code format_string} showed it, back to what was stored as far as it can be told: {@code &lt;},
     * {@code &gt;} and {@code &amp;} undone. Tags format_string stripped are gone; a stored name with literal entities
     * cannot be told apart. Names read from the database need none of this.
     */
    public static String unformat(String shown) {
        return shown.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    private static String segment(String contextName, String appendix) {
        String cleaned = MoodleText.paramFile(contextName);
        return MoodleText.headBytes(cleaned, Math.max(0, 249 - MoodleText.utf8Length(appendix))) + appendix;
    }
}
