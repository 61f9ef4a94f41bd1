package jouvence.folders;

import jouvence.courses.InvalidRequestException;
import jouvence.folders.naming.FolderNames;

import java.util.List;

/**
 * The rules a new folder set follows whatever Moodle says, for {@link FolderSetService}: each refusal an
 * {@link InvalidRequestException} whose message starts with the field at fault; nothing is recorded then.
 */
final class FolderSetRules {

    /** The longest name asked for (its folder name, with its {@code (id N)}, is then cut to 250 bytes at most). */
    static final int MAX_NAME_LENGTH = 200;

    private FolderSetRules() {
    }

    /** The rules a set made from the plugin's activity follows (the bridge). */
    static NewFolderSet checkActivity(NewFolderSet n) {
        if (n.cmid() == null || n.cmid() <= 0) {
            throw new InvalidRequestException("cmid: an activity's set needs the activity's course module id");
        }
        if (n.name() == null || n.name().isBlank() || n.name().length() > 255) {
            throw new InvalidRequestException("name: activity " + n.cmid() + " has no usable name (1 to 255 characters)");
        }
        if (n.courseId() <= 1) {
            throw new InvalidRequestException("courseId: activity " + n.cmid() + " is in course " + n.courseId()
                    + ", not a course of the new platform");
        }
        return n;
    }

    /** The rules a set follows whatever Moodle says; returns it with its name stripped. */
    static NewFolderSet check(NewFolderSet n) {
        if (n.courseId() <= 1) {
            throw new InvalidRequestException("courseId: must be the id of a course of the new platform (above 1), not "
                    + n.courseId());
        }
        String name = n.name() == null ? "" : n.name().strip();
        if (name.isEmpty()) {
            throw new InvalidRequestException("name: must not be empty");
        }
        int length = name.codePointCount(0, name.length());
        if (length > MAX_NAME_LENGTH) {
            throw new InvalidRequestException("name: at most " + MAX_NAME_LENGTH + " characters (got " + length + ")");
        }
        List<String> problems = FolderNames.problems(name);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("name: cannot be a folder name for every cloud client ("
                    + String.join(", ", problems) + "); leave out / \\ : * ? \" < > | and control characters, and do "
                    + "not start or end it with a dot");
        }
        if (n.groupMode() == null) {
            throw new InvalidRequestException("groupMode: none or groups");
        }
        if (n.groupingId() != null && n.groupMode() == GroupMode.NONE) {
            throw new InvalidRequestException("groupingId: only with groupMode groups (a set without groups has one "
                    + "folder for every participant)");
        }
        if (n.groupingId() != null && n.groupingId() <= 0) {
            throw new InvalidRequestException("groupingId: must be a positive grouping id, not " + n.groupingId());
        }
        return new NewFolderSet(n.courseId(), n.cmid(), name, n.groupMode(), n.groupingId(), n.teacherAccess(),
                n.origin(), n.createdBy());
    }
}
