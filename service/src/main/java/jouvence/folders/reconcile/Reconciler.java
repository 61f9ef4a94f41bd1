package jouvence.folders.reconcile;

import jouvence.folders.FolderRecord;
import jouvence.folders.FolderSet;
import jouvence.folders.cloud.CloudClient;
import jouvence.folders.cloud.CloudFault;
import jouvence.folders.moodle.CourseGroups;
import jouvence.folders.moodle.CourseGroupsReader;
import jouvence.folders.naming.PluginNames;
import jouvence.folders.store.CloudHealthStore;
import jouvence.folders.store.FolderClaim;
import jouvence.folders.store.FolderSetRepository;
import jouvence.moodle.MoodleException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;

/**
 * The steps of a folder set's reconcile, called one by one by {@code routes.folders.FolderReconcileRouteBuilder}:
 * read (what Moodle wants, what was recorded, what the cloud holds), plan ({@link Planner}, pure), execute
 * ({@link Executor}), settle. Failures are thrown to the route, which hands them to {@link FolderOutcomes}.
 */
public class Reconciler {

    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    private final FolderSetRepository sets;
    private final CourseGroupsReader moodle;
    private final CloudClient cloud;
    private final CloudReader reader;
    private final Executor executor;
    private final CloudHealthStore health;
    private final ReconcileSettings settings;
    private final String root;

    public Reconciler(FolderSetRepository sets, CourseGroupsReader moodle, CloudClient cloud, CloudHealthStore health,
                      ReconcileSettings settings, String root, int permissions) {
        this.sets = sets;
        this.moodle = moodle;
        this.cloud = cloud;
        this.reader = new CloudReader(cloud);
        this.executor = new Executor(cloud, sets.claims(), settings.identity(), permissions, settings.lease(),
                settings.parallelism());
        this.health = health;
        this.settings = settings;
        this.root = root;
    }

    /** Claims the due sets (after {@link #cloudUsable}); the scheduled run first makes every settled set due. */
    public List<FolderClaim> claimDue(boolean scheduled) {
        if (scheduled) {
            sets.claims().markScheduledDue();
        }
        return sets.claims().claimDue(settings.lease(), settings.batch());
    }

    /** Whether the last claim took a full batch (more may be due: claim again at once). */
    public boolean full(List<FolderClaim> claimed) {
        return claimed.size() >= settings.batch();
    }

    /**
     * False while the cloud is marked down and still refuses the system account (one PROPFIND of the root): the sets
     * then wait, spending no attempt. True, and marked up again, as soon as it answers.
     */
    public boolean cloudUsable() {
        Optional<String> down = health.down();
        if (down.isEmpty()) {
            return true;
        }
        try {
            cloud.dav().stat(root);
        } catch (CloudFault f) {
            LOG.debug("the cloud is still down: {}", f.getMessage());
            return false;
        }
        if (health.markUp()) {
            LOG.info("the cloud accepts the system account again: folder sets are reconciled again");
        }
        return true;
    }

    public Reconciliation read(Reconciliation r) throws MoodleException, CloudFault {
        FolderSet set = r.claim().set();
        CourseGroups wantedByMoodle = moodle.read(set.courseId(), set.groupingId());
        WantedState wanted = WantedState.of(set, wantedByMoodle, root, PluginNames.Labels.ENGLISH);
        List<FolderRecord> folders = sets.folders(set.id());
        Optional<FolderRecord> parent = folders.stream().filter(FolderRecord::parent).findFirst();
        return r.read(wanted, folders, sets.shares(set.id()), reader.read(parent, wanted.parent().path()));
    }

    public Reconciliation plan(Reconciliation r) {
        java.util.Set<Long> optedIn = settings.shareMode() == ShareMode.OPT_IN
                ? sets.optIns().of(r.claim().set().id()) : java.util.Set.of();
        java.util.Map<Long, String> accounts = connected(r.wanted());
        return r.planned(Planner.plan(r.wanted(), r.folders(), r.shares(), r.cloud().listing(), settings.onLeave(),
                settings.shareMode(), optedIn, settings.identity() == Identity.OAUTH ? accounts.keySet() : null,
                accounts), accounts);
    }

    public Reconciliation execute(Reconciliation r) throws CloudFault {
        return r.executed(executor.execute(r.claim(), r.plan(), r.folders(), r.cloud().listing(), r.cloud().tree(),
                r.accounts()));
    }

    /** With identity=oauth, the cloud account each wanted participant connected, by Moodle user id; else none. */
    private java.util.Map<Long, String> connected(WantedState wanted) {
        if (settings.identity() != Identity.OAUTH) {
            return java.util.Map.of();
        }
        java.util.Map<String, Long> ids = new java.util.HashMap<>();
        wanted.sharees().values().forEach(l -> l.forEach(p -> ids.put(p.username(), p.id())));
        java.util.Map<Long, String> out = new java.util.HashMap<>();
        sets.accounts().of(ids.keySet()).forEach((username, cloudUser) -> out.put(ids.get(username), cloudUser));
        return out;
    }

    /** After a reconcile: whether its set is due again now (a sync was asked while it ran), so the claim looks now. */
    public boolean dueAgain(FolderClaim claim) {
        return sets.claims().dueNow(claim.id());
    }

    /** Ready, or partial when items are in error; the trail says what was done. */
    public FolderSet settle(Reconciliation r) {
        if (health.markUp()) {
            LOG.info("the cloud accepts the system account again");
        }
        List<String> errors = r.done().itemErrors();
        if (!r.plan().isEmpty()) { // a reconcile with nothing to change leaves no trail line, only lastReconciledAt
            sets.claims().event(r.claim(), "reconcile", errors.isEmpty() ? "ok" : "error", "attempt "
                    + (r.claim().set().attempts() + 1) + ": " + r.plan().ops().size() + " operation(s), "
                    + r.done().writes() + " cloud write(s)" + (errors.isEmpty() ? ""
                    : ", " + errors.size() + " item(s) in error"));
        }
        return sets.claims().settle(r.claim(), errors.isEmpty() ? "ready" : "partial",
                errors.isEmpty() ? null : String.join("; ", errors.subList(0, Math.min(errors.size(), 20))));
    }
}
