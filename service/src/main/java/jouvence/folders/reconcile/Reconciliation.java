package jouvence.folders.reconcile;

import jouvence.folders.FolderRecord;
import jouvence.folders.ShareRecord;
import jouvence.folders.store.FolderClaim;

import java.util.List;
import java.util.Map;

/**
 * One reconcile of one claimed set as it goes through the route's steps: what Moodle wants, what was recorded, what
 * the cloud holds, the plan (with the participants' connected cloud accounts, identity=oauth), and what was done.
 * Each step returns a copy with its part filled in.
 */
public record Reconciliation(FolderClaim claim, WantedState wanted, List<FolderRecord> folders,
                             List<ShareRecord> shares, CloudReader.Read cloud, ReconcilePlan plan,
                             Map<Long, String> accounts, Executor.Done done) {

    public static Reconciliation of(FolderClaim claim) {
        return new Reconciliation(claim, null, null, null, null, null, Map.of(), null);
    }

    Reconciliation read(WantedState w, List<FolderRecord> f, List<ShareRecord> s, CloudReader.Read c) {
        return new Reconciliation(claim, w, f, s, c, null, Map.of(), null);
    }

    /** @param a with identity=oauth, the cloud accounts the participants connected (by Moodle user id) */
    Reconciliation planned(ReconcilePlan p, Map<Long, String> a) {
        return new Reconciliation(claim, wanted, folders, shares, cloud, p, a, null);
    }

    Reconciliation executed(Executor.Done d) {
        return new Reconciliation(claim, wanted, folders, shares, cloud, plan, accounts, d);
    }

    @Override
    public String toString() {
        return "Reconciliation[set " + claim.id() + (plan == null ? "" : ", " + plan.ops().size() + " operations")
                + "]";
    }
}
