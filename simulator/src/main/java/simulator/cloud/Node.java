package simulator.cloud;

import java.util.Map;
import java.util.TreeMap;

/**
 * A folder or file in a user's storage. Its {@link #id} is the {@code oc:fileid}: it never changes, a MOVE changes only
 * the name and the parent (shares point at the node, so they follow it, as on the real servers). Guarded by the
 * {@link CloudState} monitor.
 */
final class Node {

    final long id;
    final String owner;
    final boolean folder;
    final long size;
    String name;
    Node parent;
    long mtime;
    int etagVersion;
    final Map<String, Node> children = new TreeMap<>();

    Node(long id, String owner, String name, Node parent, boolean folder, long size) {
        this.id = id;
        this.owner = owner;
        this.name = name;
        this.parent = parent;
        this.folder = folder;
        this.size = folder ? 0 : size;
        this.mtime = System.currentTimeMillis() / 1000;
    }

    /** Path from the owner's files root, {@code ""} for the root, else {@code "/a/b"}. */
    String ownerPath() {
        return parent == null ? "" : parent.ownerPath() + "/" + name;
    }

    String etag() {
        return "\"" + Long.toHexString(id * 1_000_003L + etagVersion) + Long.toHexString(mtime) + "\"";
    }

    /** A change below this node changes the etags up to the root, as the servers propagate them. */
    void touch() {
        mtime = System.currentTimeMillis() / 1000;
        for (Node n = this; n != null; n = n.parent) {
            n.etagVersion++;
        }
    }

    long treeSize() {
        long total = size;
        for (Node c : children.values()) {
            total += c.treeSize();
        }
        return total;
    }

    boolean isAncestorOf(Node other) {
        for (Node n = other; n != null; n = n.parent) {
            if (n == this) {
                return true;
            }
        }
        return false;
    }
}
