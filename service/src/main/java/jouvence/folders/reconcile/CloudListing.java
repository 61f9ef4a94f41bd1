package jouvence.folders.reconcile;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the cloud holds of a folder set, read in a few listing calls (one PROPFIND of the set's folder with Depth 1,
 * its shares and those of the folders in it): the set's folder, the folders directly in it, and the user shares of
 * all of them.
 *
 * @param setFolder the set's folder as found (at its recorded path, else at the wanted one), empty when neither exists
 * @param children  what is directly in the set's folder, by name
 * @param shares    the user shares of the set's folder and of the folders directly in it
 */
public record CloudListing(Optional<Node> setFolder, List<Node> children, List<ListedShare> shares) {

    public CloudListing {
        children = List.copyOf(children);
        shares = List.copyOf(shares);
    }

    /** Nothing there (a new set, or the cloud's folder gone). */
    public static CloudListing empty() {
        return new CloudListing(Optional.empty(), List.of(), List.of());
    }

    /** A node: its path (relative to the system account's root; a child's is its name only), file id, kind. */
    public record Node(String path, long fileId, boolean folder) {
    }

    /** A user share as listed: its id, the shared path, the cloud user it is with. */
    public record ListedShare(long id, String path, String shareWith) {
    }

    public Optional<Node> childByFileId(long fileId) {
        return children.stream().filter(n -> n.fileId() == fileId).findFirst();
    }

    public Optional<Node> child(String name) {
        return children.stream().filter(n -> n.path().equals(name)).findFirst();
    }

    public Set<Long> shareIds() {
        return shares.stream().map(ListedShare::id).collect(Collectors.toSet());
    }
}
