package jouvence.folders.naming;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names of the folders Jouvence makes in the cloud. Two namings, one rule: every folder name holds the immutable id
 * of what it stands for, so that a rename in Moodle is a MOVE found by that id, never a second, empty folder.
 * <ul>
 *   <li>Folder sets made from an existing mod_collaborativefolders activity (the bridge) are named as the plugin names
 *       them ({@link PluginNames}: {@code … (id N)} for contexts, {@code <group>_id_N} for groups), exactly, so that
 *       the plugin's page and Jouvence share one tree; the plugin's names already keep the ids.</li>
 *   <li>Folder sets Jouvence owns (API, teachers' page) are named {@code <name> (id N)}, cleaned for every server and
 *       sync client by {@link #withId} (collaborative-folders.md §6.6).</li>
 * </ul>
 * {@link #idOf} reads the id back from either form.
 */
public final class FolderNames {

    /** At most this many UTF-8 bytes per segment (ownCloud and Nextcloud take 255; Windows clients 255 UTF-16 units). */
    public static final int MAX_SEGMENT_BYTES = 250;

    /** Never in a segment: / and \ (servers), : * ? " < > | (Windows clients), control characters, non-characters. */
    private static final Pattern FORBIDDEN = Pattern.compile("[/\\\\:*?\"<>|\\p{Cc}\\p{Cs}\\x{FFFE}\\x{FFFF}]");
    /** Any Unicode space (no-break, ideographic, line and paragraph separators) is written as a plain space. */
    private static final Pattern SPACES = Pattern.compile("[\\p{Z}\\x{FEFF}]");
    private static final Pattern EDGES = Pattern.compile("^[. ]+|[. ]+$");
    private static final Pattern ID_SUFFIX = Pattern.compile("(?:(?:^| )\\(id (\\d{1,18})\\)|_id_(\\d{1,18}))$");

    private FolderNames() {
    }

    /**
     * {@code <name> (id N)}, the name cleaned: forbidden characters dropped, leading and trailing dots and spaces
     * stripped, cut on a character boundary (never inside a surrogate pair or a base character's combining marks) so
     * that the whole segment is at most {@link #MAX_SEGMENT_BYTES} bytes. A name with nothing left gives {@code (id N)}.
     */
    public static String withId(String name, long id) {
        if (id < 0) {
            throw new IllegalArgumentException("a folder's id is never negative: " + id);
        }
        String suffix = " (id " + id + ")";
        String cleaned = cut(clean(name), MAX_SEGMENT_BYTES - MoodleText.utf8Length(suffix));
        return cleaned.isEmpty() ? suffix.strip() : cleaned + suffix;
    }

    /** The course's folder of a Jouvence-owned set. */
    public static String courseFolder(String courseName, long courseId) {
        return withId(courseName, courseId);
    }

    /** The folder of a Jouvence-owned set (the parent of its group folders, what teachers get). */
    public static String setFolder(String setName, long setId) {
        return withId(setName, setId);
    }

    /** A group's folder in a Jouvence-owned set. */
    public static String groupFolder(String groupName, long groupId) {
        return withId(groupName, groupId);
    }

    /** The name without what no client accepts, and without leading and trailing dots and spaces (not cut). */
    public static String clean(String name) {
        String s = FORBIDDEN.matcher(name == null ? "" : name).replaceAll("");
        s = SPACES.matcher(s).replaceAll(" ");
        return EDGES.matcher(s).replaceAll("");
    }

    /** The id a segment holds, in Jouvence's {@code (id N)} or the plugin's {@code _id_N} form (rename-by-id). */
    public static OptionalLong idOf(String segment) {
        Matcher m = ID_SUFFIX.matcher(segment == null ? "" : segment);
        if (!m.find()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(m.group(1) != null ? m.group(1) : m.group(2)));
    }

    /** Why a segment (for instance one the plugin named) would trouble a server or a sync client; empty when none. */
    public static List<String> problems(String segment) {
        List<String> problems = new ArrayList<>();
        if (segment.isEmpty()) {
            problems.add("empty");
        }
        Matcher forbidden = FORBIDDEN.matcher(segment);
        if (forbidden.find()) {
            problems.add(String.format(Locale.ROOT, "holds U+%04X", (int) forbidden.group().charAt(0)));
        }
        if (!segment.isEmpty() && (EDGES.matcher(segment).find())) {
            problems.add("starts or ends with a dot or a space");
        }
        int bytes = MoodleText.utf8Length(segment);
        if (bytes > MAX_SEGMENT_BYTES) {
            problems.add(bytes + " bytes, more than " + MAX_SEGMENT_BYTES);
        }
        return problems;
    }

    /**
     * The longest head of {@code s} of at most {@code maxBytes} UTF-8 bytes that ends on a character (grapheme)
     * boundary, trailing dots and spaces stripped again (the cut may end on one). A single character longer than the
     * limit (a base with hundreds of combining marks) is cut between code points instead.
     */
    static String cut(String s, int maxBytes) {
        if (MoodleText.utf8Length(s) <= maxBytes) {
            return s;
        }
        BreakIterator characters = BreakIterator.getCharacterInstance(Locale.ROOT);
        characters.setText(s);
        int end = 0;
        int bytes = 0;
        for (int b = characters.next(); b != BreakIterator.DONE; b = characters.next()) {
            bytes += MoodleText.utf8Length(s.substring(end, b));
            if (bytes > maxBytes) {
                break;
            }
            end = b;
        }
        String head = end > 0 ? s.substring(0, end) : MoodleText.headBytes(s, maxBytes);
        return EDGES.matcher(head).replaceAll("");
    }
}
