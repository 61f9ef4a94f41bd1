package jouvence.folders;

import java.time.Instant;

/**
 * A folder Jouvence made or adopted in the system account, as recorded.
 *
 * @param groupId null for the set's parent folder (what teachers get; the one folder of a set without groups)
 * @param path    relative to the system account's files root, no leading slash, as last made or moved
 * @param fileId  its {@code oc:fileid} (survives MOVEs: a renamed group's folder is found by it), null until made
 * @param state   pending, ready, error
 * @param wanted  false once its group is gone or out of the grouping: the folder is kept, never deleted
 */
public record FolderRecord(long id, long folderSetId, String kind, Long groupId, String groupName, String path,
                           Long fileId, String state, boolean wanted, String error, Instant modifiedAt) {

    public static final String PARENT = "parent";
    public static final String GROUP = "group";

    public boolean parent() {
        return PARENT.equals(kind);
    }
}
