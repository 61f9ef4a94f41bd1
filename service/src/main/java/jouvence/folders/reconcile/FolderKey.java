package jouvence.folders.reconcile;

import jouvence.folders.FolderRecord;

/** Which folder of a set: its parent ({@code groupId} null) or a group's. */
public record FolderKey(Long groupId) {

    public static final FolderKey PARENT = new FolderKey(null);

    public static FolderKey group(long groupId) {
        return new FolderKey(groupId);
    }

    public static FolderKey of(FolderRecord f) {
        return f.parent() ? PARENT : group(f.groupId());
    }

    public boolean parent() {
        return groupId == null;
    }

    /** The kind column of {@code cloud_folder}. */
    public String kind() {
        return parent() ? FolderRecord.PARENT : FolderRecord.GROUP;
    }

    @Override
    public String toString() {
        return parent() ? "the set's folder" : "group " + groupId + "'s folder";
    }
}
