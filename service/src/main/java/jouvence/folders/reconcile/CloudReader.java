package jouvence.folders.reconcile;

import jouvence.folders.FolderRecord;
import jouvence.folders.cloud.CloudClient;
import jouvence.folders.cloud.CloudFault;
import jouvence.folders.cloud.Dav;
import jouvence.folders.cloud.DavTree;
import jouvence.folders.cloud.Share;

import java.util.List;
import java.util.Optional;

/**
 * Reads what the cloud holds of a folder set in three calls whatever its size: one PROPFIND (Depth 1) of the set's
 * folder — at its recorded path, else at the wanted one (a new set, or renamed) — and its shares and those of the
 * folders directly in it ({@code Shares#ofFolderSet}).
 */
public final class CloudReader {

    /** The listing for the planner, and the PROPFIND's tree, which spares the executor a call per existing folder. */
    public record Read(CloudListing listing, Optional<DavTree> tree) {
    }

    private final CloudClient cloud;

    public CloudReader(CloudClient cloud) {
        this.cloud = cloud;
    }

    public Read read(Optional<FolderRecord> parent, String wantedPath) throws CloudFault {
        Optional<DavTree> tree = Optional.empty();
        if (parent.isPresent() && !parent.get().path().equals(wantedPath)) {
            tree = list(parent.get().path());
        }
        if (tree.isEmpty()) {
            tree = list(wantedPath);
        }
        if (tree.isEmpty()) {
            return new Read(CloudListing.empty(), Optional.empty());
        }
        DavTree t = tree.get();
        String at = t.root().path();
        List<CloudListing.Node> children = t.children(at).stream()
                .map(n -> new CloudListing.Node(n.name(), n.fileId(), n.folder())).toList();
        List<CloudListing.ListedShare> shares = cloud.shares().ofFolderSet(at).stream().filter(s -> s.shareType() == 0)
                .map(CloudReader::listed).toList();
        return new Read(new CloudListing(Optional.of(new CloudListing.Node(at, t.root().fileId(), t.root().folder())),
                children, shares), tree);
    }

    private static CloudListing.ListedShare listed(Share s) {
        return new CloudListing.ListedShare(s.id(), s.path(), s.shareWith());
    }

    private Optional<DavTree> list(String path) throws CloudFault {
        try {
            DavTree t = cloud.dav().list(path, Dav.Depth.ONE);
            return t.root().folder() ? Optional.of(t) : Optional.empty();
        } catch (CloudFault f) {
            if (f.reason() == CloudFault.Reason.PATH_MISSING) {
                return Optional.empty();
            }
            throw f;
        }
    }
}
