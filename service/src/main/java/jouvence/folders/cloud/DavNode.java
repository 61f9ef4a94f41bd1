package jouvence.folders.cloud;

/**
 * A node of the system account's (or a participant's) files as PROPFIND describes it.
 *
 * @param path        relative to the account's files root, segments joined by "/", no leading or trailing slash
 *                    ("" is the root)
 * @param fileId      {@code oc:fileid}: stable across renames and moves, and a share's mount has its owner's id
 * @param permissions {@code oc:permissions} (e.g. "RGDNVCK"; "S…M…" for a share's mount point), "" when absent
 */
public record DavNode(String path, long fileId, boolean folder, String etag, String permissions) {

    /** The last segment ("" for the root). */
    public String name() {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** A share's mount point as its recipient sees it. */
    public boolean mountPoint() {
        return permissions.contains("M");
    }
}
