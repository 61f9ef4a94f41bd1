package jouvence.folders.reconcile;

import jouvence.folders.FolderRecord;
import jouvence.folders.cloud.CloudClient;
import jouvence.folders.cloud.CloudFault;
import jouvence.folders.cloud.DavTree;
import jouvence.folders.reconcile.ReconcilePlan.Op;
import jouvence.folders.reconcile.ReconcilePlan.Share;
import jouvence.folders.store.FolderClaim;
import jouvence.folders.store.FolderSetClaims;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Carries out a {@link ReconcilePlan} on the cloud, item by item, recording each result through the claim. A refusal
 * that concerns one folder or one user ({@link CloudFault.Kind#ITEM}: quota, unknown user, policy…) puts that item in
 * error with the cloud's own words and the rest goes on; a transient fault or the cloud down stops the reconcile
 * (thrown): what was done is recorded, and the next reconcile plans only what is left.
 */
public final class Executor {

    /** What a reconcile did: the cloud writes it made, and the items left in error (in words). */
    public record Done(int writes, List<String> itemErrors) {
    }

    private final CloudClient cloud;
    private final FolderSetClaims claims;
    private final Identity identity;
    private final int permissions;
    private final java.time.Duration lease;
    private final int parallelism;

    /**
     * @param lease       the claim's lease, extended every {@link #BEAT} operations of a long plan
     * @param parallelism how many shares are created at once (jouvence.folders.parallelism; 1: one after the other)
     */
    public Executor(CloudClient cloud, FolderSetClaims claims, Identity identity, int permissions,
                    java.time.Duration lease, int parallelism) {
        this.cloud = cloud;
        this.claims = claims;
        this.identity = identity;
        this.permissions = permissions;
        this.lease = lease;
        this.parallelism = parallelism;
    }

    /** Operations between two extensions of the lease (a big course's first reconcile makes thousands of calls). */
    static final int BEAT = 100;

    public Done execute(FolderClaim claim, ReconcilePlan plan, List<FolderRecord> recorded, CloudListing listing,
                        Optional<DavTree> tree) throws CloudFault {
        return execute(claim, plan, recorded, listing, tree, Map.of());
    }

    /** @param accounts with {@link Identity#OAUTH}: the cloud account each participant connected, by Moodle user id */
    public Done execute(FolderClaim claim, ReconcilePlan plan, List<FolderRecord> recorded, CloudListing listing,
                        Optional<DavTree> tree, Map<Long, String> accounts) throws CloudFault {
        ExecutionRun run = new ExecutionRun(cloud, claims, identity, permissions, claim, listing, tree.orElse(null),
                accounts);
        recorded.forEach(f -> run.folders.put(FolderKey.of(f), f));
        List<Op> ops = plan.ops();
        try (SharesAtOnce atOnce = new SharesAtOnce(parallelism)) {
            int i = 0;
            while (i < ops.size()) {
                int end = i + 1;
                if (ops.get(i) instanceof Share) { // the plan puts shares together, after their folders
                    while (end < ops.size() && end - i < BEAT && ops.get(end) instanceof Share) {
                        end++;
                    }
                    atOnce.run(ops.subList(i, end), op -> run.share((Share) op));
                } else {
                    run.apply(ops.get(i));
                }
                if ((end / BEAT) > (i / BEAT)) {
                    claims.heartbeat(claim, lease);
                }
                i = end;
            }
        }
        return new Done(run.writes.get(), List.copyOf(run.errors));
    }
}
