package jouvence.folders.reconcile;

import jouvence.folders.FolderRecord;
import jouvence.folders.ShareRecord;
import jouvence.folders.store.FolderClaim;

import java.util.List;

/**
 * One reconcile of one claimed set as it goes through the route's steps: what Moodle wants, what was recorded, what
 * the cloud holds, the plan, and what was done. Each step returns a copy with its part filled in.
 */
public record Reconciliation(FolderClaim claim, WantedState wanted, List<FolderRecord> folders,
                             List<ShareRecord> shares, CloudReader.Read cloud, ReconcilePlan plan,
                             Executor.Done done) {

    public static Reconciliation of(FolderClaim claim) {
        return new Reconciliation(claim, null, null, null, null, null, null);
    }

    Reconciliation read(WantedState w, List<FolderRecord> f, List<ShareRecord> s, CloudReader.Read c) {
        return new Reconciliation(claim, w, f, s, c, null, null);
    }

    Reconciliation planned(ReconcilePlan p) {
        return new Reconciliation(claim, wanted, folders, shares, cloud, p, null);
    }

    Reconciliation executed(Executor.Done d) {
        return new Reconciliation(claim, wanted, folders, shares, cloud, plan, d);
    }

    @Override
    public String toString() {
        return "Reconciliation[set " + claim.id() + (plan == null ? "" : ", " + plan.ops().size() + " operations")
                + "]";
    }
}
