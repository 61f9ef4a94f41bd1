package jouvence.folders.cloud;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one PROPFIND listed: the node at {@link #root()} first, then what is below it down to the depth asked. The
 * reconciler reads a folder set's state from one listing and hands it to {@link Dav#ensureFolder(String, DavTree)} so
 * that existing folders cost no further call.
 */
public final class DavTree {

    private final String root;
    private final Dav.Depth depth;
    private final Map<String, DavNode> byPath = new LinkedHashMap<>();

    DavTree(String root, Dav.Depth depth, List<DavNode> nodes) {
        this.root = root;
        this.depth = depth;
        nodes.forEach(n -> byPath.put(n.path(), n));
    }

    /** The node listed (the root of the PROPFIND). */
    public DavNode root() {
        DavNode n = byPath.get(root);
        return n != null ? n : byPath.values().iterator().next();
    }

    public Optional<DavNode> get(String path) {
        return Optional.ofNullable(byPath.get(DavXml.trimSlashes(path)));
    }

    /** The nodes directly below {@code path} that were listed. */
    public List<DavNode> children(String path) {
        String p = DavXml.trimSlashes(path);
        return byPath.values().stream().filter(n -> !n.path().equals(p) && Dav.parent(n.path()).equals(p)).toList();
    }

    public List<DavNode> nodes() {
        return List.copyOf(byPath.values());
    }

    /** The node with this file id, if listed (a share's mount has its owner's id, doc §6.8). */
    public Optional<DavNode> byFileId(long fileId) {
        return byPath.values().stream().filter(n -> n.fileId() == fileId).findFirst();
    }

    /**
     * Whether every child of {@code path} was listed, so that a name not listed there does not exist: the root with
     * Depth 1, a folder below the root with Depth infinity (an ownCloud answering infinity as 1 makes the guess wrong,
     * which costs a 405 and a PROPFIND, never a wrong result).
     */
    boolean knowsChildrenOf(String path) {
        String p = DavXml.trimSlashes(path);
        DavNode n = byPath.get(p);
        if (n == null || !n.folder()) {
            return false;
        }
        return switch (depth) {
            case ZERO -> false;
            case ONE -> p.equals(root);
            case INFINITY -> true;
        };
    }
}
