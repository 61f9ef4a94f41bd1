package routes.folders;

import org.apache.camel.builder.RouteBuilder;

import static routes.Endpoints.MAIL;

/**
 * The reconcile of one claimed folder set: read what Moodle wants (the integration token), what was recorded and what
 * the cloud holds; plan; execute item by item, recording each result and the trail; mail the admins the items in
 * error when their list changed ({@code ItemErrorMails}); settle. A failure is the outcomes' to classify (retry with
 * back-off, wait for the cloud, fail), and the admins' mail it may bring is queued.
 * Built only when {@code jouvence.folders.enabled}.
 */
public class FolderReconcileRouteBuilder extends RouteBuilder {

    /** Body: a {@code FolderClaim}. */
    public static final String RECONCILE = "direct:reconcileFolderSet";

    @Override
    public void configure() {
        from(RECONCILE).routeId("folders-reconcile").precondition(FolderClaimRouteBuilder.ENABLED)
                .setVariable("claim", body())
                .doTry()
                    .setBody(method(jouvence.folders.reconcile.Reconciliation.class, "of(${body})"))
                    .setBody(method("folderReconciler", "read(${body})"))
                    .setBody(method("folderReconciler", "plan(${body})"))
                    .setBody(method("folderReconciler", "execute(${body})"))
                    // the admins' mail of the items in error, when their list changed (queued before the set settles)
                    .setVariable("itemErrorMails", method("folderItemErrorMails", "mails(${body})"))
                    .split(variable("itemErrorMails"))
                        .to(MAIL)
                    .endDoTry()
                    .setBody(method("folderReconciler", "settle(${body})"))
                .doCatch(Exception.class)
                    .setBody(method("folderOutcomes", "failed(${variable.claim}, ${exception})"))
                    .split(body())
                        .to(MAIL)
                    .end()
                .end();
    }
}
