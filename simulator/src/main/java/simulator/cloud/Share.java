package simulator.cloud;

/**
 * A user share (shareType 0) and where it is mounted in the recipient's storage: {@link #mountParent} (the recipient's
 * root or share folder) and {@link #mountName}. The recipient's MOVE of the mount changes only these two; the owner's
 * node keeps its name. Guarded by the {@link CloudState} monitor.
 */
final class Share {

    final long id;
    final String owner;
    final Node node;
    final String shareWith;
    final int permissions;
    final long stime;
    /** The file_target the create call answered: the name the server meant, before any clash was resolved. */
    String intendedTarget;
    /** Not accepted yet (auto-accept off): not mounted, the recipient does not see it (doc §6.9). */
    boolean pending;
    Node mountParent;
    String mountName;

    Share(long id, String owner, Node node, String shareWith, int permissions) {
        this.id = id;
        this.owner = owner;
        this.node = node;
        this.shareWith = shareWith;
        this.permissions = permissions;
        this.stime = System.currentTimeMillis() / 1000;
    }

    /** The mount's place in the recipient's storage, {@code "/X"} or {@code "/Shares/X (2)"}; null while pending. */
    String mountPath() {
        return mountParent == null ? null : mountParent.ownerPath() + "/" + mountName;
    }

    /** The file_target the listings answer: the mount's place once mounted, the intended one while pending. */
    String target() {
        return mountParent == null ? intendedTarget : mountPath();
    }
}
