package jouvence.folders.reconcile;

import jouvence.folders.FolderRecord;
import jouvence.folders.ShareRecord;
import jouvence.folders.cloud.CloudClient;
import jouvence.folders.cloud.CloudFault;
import jouvence.folders.cloud.DavTree;
import jouvence.folders.cloud.MoveResult;
import jouvence.folders.cloud.ShareResult;
import jouvence.folders.moodle.CourseGroups.Participant;
import jouvence.folders.reconcile.CloudListing.ListedShare;
import jouvence.folders.reconcile.ReconcilePlan.AwaitConnect;
import jouvence.folders.reconcile.ReconcilePlan.EnsureFolder;
import jouvence.folders.reconcile.ReconcilePlan.Keep;
import jouvence.folders.reconcile.ReconcilePlan.MoveFolder;
import jouvence.folders.reconcile.ReconcilePlan.MoveShare;
import jouvence.folders.reconcile.ReconcilePlan.Op;
import jouvence.folders.reconcile.ReconcilePlan.Readopt;
import jouvence.folders.reconcile.ReconcilePlan.Revoke;
import jouvence.folders.reconcile.ReconcilePlan.Share;
import jouvence.folders.reconcile.ReconcilePlan.Unwanted;
import jouvence.folders.store.FolderClaim;
import jouvence.folders.store.FolderSetClaims;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One execution of a {@link ReconcilePlan} by the {@link Executor}: the folders as recorded so far, the cloud ids found,
 * the writes made and the items left in error, every result recorded through the claim.
 */
final class ExecutionRun {
    final FolderClaim claim;
    final CloudListing listing;
    DavTree tree;
    final Map<FolderKey, FolderRecord> folders = new HashMap<>();
    final CloudIdentities identities;
    // shares are made from several threads at once (SharesAtOnce); folders, before them, from one
    final List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
    final java.util.concurrent.atomic.AtomicInteger writes = new java.util.concurrent.atomic.AtomicInteger();

    private final CloudClient cloud;
    private final FolderSetClaims claims;
    private final int permissions;

    ExecutionRun(CloudClient cloud, FolderSetClaims claims, Identity identity, int permissions, FolderClaim claim,
                 CloudListing listing, DavTree tree, Map<Long, String> accounts) {
        this.cloud = cloud;
        this.claims = claims;
        this.permissions = permissions;
        this.identities = new CloudIdentities(identity, cloud.sharees(), accounts);
        this.claim = claim;
        this.listing = listing;
        this.tree = tree;
    }

    void apply(Op op) throws CloudFault {
        if (op instanceof EnsureFolder e) {
            ensure(e);
        } else if (op instanceof MoveFolder m) {
            move(m);
        } else if (op instanceof Unwanted u) {
            FolderRecord f = u.folder();
            save(FolderKey.of(f), f.groupName(), f.path(), f.fileId(), f.state(), false, f.error());
            claims.event(claim, "folder", "info", "group " + f.groupId() + " is gone (or out of the grouping): "
                    + "its folder " + f.path() + " is kept");
        } else if (op instanceof Share s) {
            share(s);
        } else if (op instanceof Revoke r) {
            revoke(r);
        } else if (op instanceof Keep k) {
            saveShare(k.share(), k.share().shareId(), k.share().permissions(), "kept", null);
        } else if (op instanceof MoveShare m) {
            moveShare(m);
        } else if (op instanceof Readopt r) {
            saveShare(r.share(), r.share().shareId(), r.share().permissions(), "shared", null);
        } else if (op instanceof AwaitConnect a) {
            FolderRecord f = folders.get(a.key());
            if (f != null) { // no folder recorded: its own error says why; the next reconcile says it again
                saveShare(f.id(), a.who(), null, null, null, Planner.AWAITING, null);
            }
        }
    }

    void ensure(EnsureFolder e) throws CloudFault {
        boolean known = tree != null && tree.get(e.path()).isPresent();
        try {
            long fileId = cloud.dav().ensureFolder(e.path(), tree);
            if (tree == null && e.key().parent()) {
                // the set's folder was not listed (just made, or moved): one listing of it spares its group
                // folders a PROPFIND each before their MKCOL
                tree = cloud.dav().list(e.path(), jouvence.folders.cloud.Dav.Depth.ONE);
            }
            save(e.key(), e.groupName(), e.path(), fileId, "ready", true, null);
            if (!known) {
                writes.incrementAndGet();
                claims.event(claim, "folder", "ok", e.path() + " (file id " + fileId + ")");
            }
        } catch (CloudFault f) {
            itemOrThrow(f);
            save(e.key(), e.groupName(), e.path(), null, "error", true, f.getMessage());
            error(e.key() + " " + e.path() + ": " + f.getMessage());
        }
    }

    void move(MoveFolder m) throws CloudFault {
        MoveResult r = cloud.dav().move(m.from(), m.to());
        if (r.outcome() == MoveResult.Outcome.PARENT_MISSING) {
            cloud.dav().ensureFolder(parent(m.to()));
            r = cloud.dav().move(m.from(), m.to());
        }
        writes.incrementAndGet();
        tree = null; // paths below a moved folder changed: look again rather than trust the listing
        if (r.moved()) {
            save(m.key(), m.groupName(), m.to(), m.fileId(), "ready", true, null);
            claims.event(claim, "folder", "ok", "moved " + m.from() + " to " + m.to() + " (renamed in Moodle; its "
                    + "shares follow it)");
        } else {
            String why = "MOVE " + m.from() + " to " + m.to() + ": " + r.outcome() + " (HTTP " + r.status() + " "
                    + r.cloudMessage() + ")";
            FolderRecord old = folders.get(m.key());
            save(m.key(), m.groupName(), old == null ? m.from() : old.path(), m.fileId(), "error", true, why);
            error(m.key() + ": " + why);
        }
    }

    void share(Share s) throws CloudFault {
        FolderRecord f = folders.get(s.key());
        Participant p = s.who();
        if (f == null || !"ready".equals(f.state())) {
            if (f != null) {
                saveShare(f.id(), p, null, null, null, "pending", "its folder is not ready");
            }
            return; // the folder's own error says why
        }
        String cloudId;
        try {
            cloudId = identities.of(p);
        } catch (CloudFault fault) {
            itemOrThrow(fault);
            saveShare(f.id(), p, null, null, null, "error", fault.getMessage());
            error(p.username() + " for " + f.path() + ": " + fault.getMessage());
            return;
        }
        Optional<ListedShare> there = listing.shares().stream()
                .filter(l -> l.path().equals(f.path()) && l.shareWith().equals(cloudId)).findFirst();
        if (there.isPresent()) { // made before the record was (a lost reconcile, the plugin): adopted, no call
            saveShare(f.id(), p, cloudId, there.get().id(), null, "shared", null);
            return;
        }
        try {
            ShareResult r = cloud.shares().create(f.path(), cloudId, permissions);
            writes.incrementAndGet();
            saveShare(f.id(), p, cloudId, r.share().id(), r.share().permissions(), "shared", null);
            claims.event(claim, "share", "ok", f.path() + " with " + cloudId + (r.adopted()
                    ? " (already shared: adopted)" : "") + (r.clamped() ? "; the cloud granted permissions "
                    + r.share().permissions() + " instead of " + permissions : ""));
        } catch (CloudFault fault) {
            itemOrThrow(fault);
            writes.incrementAndGet();
            saveShare(f.id(), p, cloudId, null, null, "error", fault.getMessage());
            error(p.username() + " for " + f.path() + ": " + fault.getMessage());
        }
    }

    /** Reset, identity=oauth: the old account's share revoked (only it), then the folder shared with the new. */
    void moveShare(MoveShare m) throws CloudFault {
        ShareRecord s = m.share();
        String to = identities.of(m.who());
        try {
            cloud.shares().delete(s.shareId());
        } catch (CloudFault fault) {
            itemOrThrow(fault);
            writes.incrementAndGet();
            String why = "revoking share " + s.shareId() + " of " + s.cloudUserId() + " to share with " + to
                    + ": " + fault.getMessage();
            saveShare(s, s.shareId(), s.permissions(), "error", why); // still asked: tried again next time
            error(why);
            return;
        }
        writes.incrementAndGet();
        claims.event(claim, "share", "ok", "revoked share " + s.shareId() + " of " + s.cloudUserId() + " (Reset: "
                + s.moodleUsername() + " connected " + to + " since; the folder is shared with " + to + " now)");
        share(new Share(m.key(), m.who()));
    }

    void revoke(Revoke r) throws CloudFault {
        ShareRecord s = r.share();
        if (s.shareId() == null) {
            saveShare(s, null, s.permissions(), "revoked", null);
            return;
        }
        try {
            cloud.shares().delete(s.shareId());
            writes.incrementAndGet();
            saveShare(s, s.shareId(), s.permissions(), "revoked", null);
            claims.event(claim, "share", "ok", "revoked share " + s.shareId() + " of " + s.cloudUserId()
                    + " (no longer wanted; jouvence.folders.on-leave=revoke)");
        } catch (CloudFault fault) {
            itemOrThrow(fault);
            writes.incrementAndGet();
            saveShare(s, s.shareId(), s.permissions(), "error", fault.getMessage());
            error("revoking share " + s.shareId() + " of " + s.cloudUserId() + ": " + fault.getMessage());
        }
    }

    void save(FolderKey key, String groupName, String path, Long fileId, String state, boolean wanted,
              String error) {
        folders.put(key, claims.saveFolder(claim, key.kind(), key.groupId(), groupName, path, fileId, state, wanted,
                error));
    }

    void saveShare(long folderId, Participant p, String cloudId, Long shareId, Integer granted, String state,
                   String error) {
        claims.saveShare(claim, folderId, p.id(), p.username(), cloudId, shareId, granted, state, error);
    }

    void saveShare(ShareRecord s, Long shareId, Integer granted, String state, String error) {
        claims.saveShare(claim, s.folderId(), s.moodleUserId(), s.moodleUsername(), s.cloudUserId(), shareId,
                granted, state, error, s.moveAsked());
    }

    void error(String what) {
        errors.add(what);
        claims.event(claim, "item", "error", what);
    }

    /** An item's refusal is recorded and the rest goes on; any other fault stops the reconcile. */
    private static void itemOrThrow(CloudFault f) throws CloudFault {
        if (f.kind() != CloudFault.Kind.ITEM) {
            throw f;
        }
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }
}
