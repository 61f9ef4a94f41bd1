package routes.folders;

import jouvence.folders.FolderBeans;
import org.apache.camel.builder.RouteBuilder;

/**
 * Claim of folder sets: on the schedule ({@code jouvence.folders.reconcile.cron}, once per cluster: Quartz's clustered
 * store) every managed set is made due and claimed; on demand (a new set, "sync") and every
 * {@code jouvence.folders.claim.interval} on each replica (retries after their back-off) only the due ones. Replicas skip
 * each other's sets (FOR UPDATE SKIP LOCKED); a lease and the claim's version fence a replica that lost its claim.
 * While the cloud is marked down nothing is claimed: the sets wait, spending no attempt. Built only when
 * {@code jouvence.folders.enabled}.
 */
public class FolderClaimRouteBuilder extends RouteBuilder {

    /** Due sets are claimed now; the body says whether this is the scheduled run (every settled set made due). */
    public static final String CLAIM_DUE = "direct:foldersClaimDue";
    static final String ENABLED = "{{jouvence.folders.enabled}}";

    @Override
    public void configure() {
        from("quartz:jouvence/folders-reconcile?cron={{jouvence.folders.reconcile.cron}}&stateful=true")
                .routeId("folders-reconcile-trigger").precondition(ENABLED)
                .autoStartup("{{jouvence.folders.reconcile.enabled}}")
                .setBody(constant(true))
                .to(CLAIM_DUE);

        // the sets due between two scheduled runs: new attempts after a back-off, syncs asked while another replica
        // held the set
        from("timer:foldersDue?delay={{jouvence.folders.claim.interval}}&period={{jouvence.folders.claim.interval}}")
                .routeId("folders-claim-due-timer").precondition(ENABLED)
                .setBody(constant(false))
                .to(CLAIM_DUE);

        from(FolderBeans.CLAIM_AGAIN).routeId("folders-claim-again").precondition(ENABLED)
                .setBody(constant(false))
                .to(CLAIM_DUE);

        from(CLAIM_DUE).routeId("folders-claim-due").precondition(ENABLED)
                .filter(method("folderReconciler", "cloudUsable"))
                    .setBody(method("folderReconciler", "claimDue(${body})"))
                    .setVariable("full", method("folderReconciler", "full(${body})"))
                    .split(body())
                        .setVariable("claimed", body())
                        .to(FolderReconcileRouteBuilder.RECONCILE)
                        // a sync asked while that reconcile ran left the set due again: look now (the sync's own
                        // wake-up may have found the set still held, e.g. by a reconcile the schedule started)
                        .filter(method("folderReconciler", "dueAgain(${variable.claimed})"))
                            .to(FolderBeans.CLAIM_AGAIN)
                        .end()
                    .end()
                    .filter(variable("full"))
                        .to(FolderBeans.CLAIM_AGAIN);
    }
}
