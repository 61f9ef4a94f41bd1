package jouvence.folders.store;

import jouvence.folders.FolderSet;

/**
 * A reconcile's hold on a folder set: the set as claimed and the {@code version} the claim gave it, which every later
 * write carries. A DELETE (stop managing), or another replica taking an expired lease, moves the version on: the
 * writes of the worker that lost its claim then change nothing ({@link FolderClaimLostException}).
 */
public record FolderClaim(FolderSet set) {

    public long id() {
        return set.id();
    }

    public long version() {
        return set.version();
    }
}
