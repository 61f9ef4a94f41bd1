package jouvence.folders;

/**
 * One line of a participant's page ({@code /folders}): a folder set of one of their courses and what it gives them.
 *
 * @param situation  {@code folder} (a folder they may have), {@code no-group} (in none of the set's groups),
 *                   {@code teachers-not-allowed} (a teacher, and the set gives teachers nothing), {@code unavailable}
 * @param folderName the folder's name in the system account (what their copy is called until they name it)
 * @param state      creating (the folder is not made yet), not-added (opt-in: waiting for "Add to my cloud"),
 *                   sharing (asked or automatic, the share not made yet), shared, left (they left: share kept or
 *                   revoked), connect (identity=oauth: shared once they connect their cloud on the page), error (in
 *                   words in {@code error}); null when there is no folder
 * @param cloudUser  the cloud account it is shared with, once shared
 * @param link       where to open it in the cloud (null until shared)
 * @param shareId    the recorded share (what "Name your copy" renames the mount of), null until shared
 * @param copyName   where the participant's copy is, as they last named it (null: never named through Jouvence)
 * @param authorisedAs the cloud account that authorised the last naming, when it is NOT the one the folder is shared
 *                   with (a warning on the page), else null
 */
public record ParticipantFolder(long setId, String setName, long courseId, String courseName, String situation,
                                String groupName, String folderName, String state, String cloudUser, String error,
                                String link, boolean canAdd, Long shareId, String copyName, String authorisedAs) {

    public static final String FOLDER = "folder";

    /** What the "Name your copy" field starts with: the copy's current name, else the folder's. */
    public String currentName() {
        return copyName == null ? folderName : copyName.substring(copyName.lastIndexOf('/') + 1);
    }

    public static final String NO_GROUP = "no-group";
    public static final String TEACHERS_NOT_ALLOWED = "teachers-not-allowed";
    /** The new platform could not be asked about this set's course now: nothing can be said. */
    public static final String UNAVAILABLE = "unavailable";
}
