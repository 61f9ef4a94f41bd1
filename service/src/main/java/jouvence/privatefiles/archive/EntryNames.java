package jouvence.privatefiles.archive;

import java.util.regex.Pattern;

/**
 * The rules an entry name of a private-files zip must follow before anything is written on the new platform: a path
 * relative to the zip's root, {@code /}-separated, in UTF-8, with no {@code ..} or {@code .} segment, no empty
 * segment, no backslash, no drive letter and no control character. Moodle's own zips (zip_packer) always follow them.
 */
public final class EntryNames {

    private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*");

    private EntryNames() {
    }

    /** Why {@code name} is not safe, or null when it is. */
    public static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "an entry has no name";
        }
        if (name.indexOf('\uFFFD') >= 0) {
            return "the name is not valid UTF-8";
        }
        if (name.startsWith("/")) {
            return "an absolute path";
        }
        if (name.indexOf('\\') >= 0) {
            return "a backslash in the name";
        }
        if (DRIVE.matcher(name).matches()) {
            return "a drive letter in the name";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                return "a control character in the name";
            }
        }
        String body = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        for (String segment : body.split("/", -1)) {
            if (segment.equals("..")) {
                return "a '..' segment (a path out of the private files)";
            }
            if (segment.equals(".")) {
                return "a '.' segment";
            }
            if (segment.isEmpty()) {
                return "an empty folder name ('//')";
            }
        }
        return null;
    }
}
