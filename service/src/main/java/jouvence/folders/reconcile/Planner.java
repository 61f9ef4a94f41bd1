package jouvence.folders.reconcile;

import jouvence.folders.FolderRecord;
import jouvence.folders.ShareRecord;
import jouvence.folders.moodle.CourseGroups.Participant;
import jouvence.folders.reconcile.CloudListing.Node;
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
import jouvence.folders.reconcile.WantedState.WantedFolder;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The reconciler's planning, a pure function: (what Moodle wants, what was recorded, what the cloud lists) → a
 * {@link ReconcilePlan}. Folders are matched by their recorded file id, so a renamed group (or set, or course) is a
 * MOVE of the folder that holds the work and the shares, never a second, empty folder; shares by their recorded id.
 * Nothing is ever deleted but shares, and those only with {@link OnLeave#REVOKE}.
 */
public final class Planner {

    /** The share state of a participant who has not connected their cloud yet (identity=oauth). */
    public static final String AWAITING = "awaiting-connect";

    private Planner() {
    }

    /** Every wanted participant shared ({@link ShareMode#AUTOMATIC}). */
    public static ReconcilePlan plan(WantedState wanted, List<FolderRecord> folders, List<ShareRecord> shares,
                                     CloudListing cloud, OnLeave onLeave) {
        return plan(wanted, folders, shares, cloud, onLeave, ShareMode.AUTOMATIC, Set.of());
    }

    /**
     * @param optedIn the Moodle user ids who pressed "Add to my cloud" for this set: with {@link ShareMode#OPT_IN}
     *                only they get a new share (a share already made stays, whatever the mode)
     */
    public static ReconcilePlan plan(WantedState wanted, List<FolderRecord> folders, List<ShareRecord> shares,
                                     CloudListing cloud, OnLeave onLeave, ShareMode mode, Set<Long> optedIn) {
        return plan(wanted, folders, shares, cloud, onLeave, mode, optedIn, null);
    }

    /**
     * @param connected with {@link Identity#OAUTH}, the Moodle user ids who connected their cloud on the participants'
     *                  page (the others get no share: theirs waits, {@link AwaitConnect}); null with the other
     *                  identities (everybody has a cloud account)
     */
    public static ReconcilePlan plan(WantedState wanted, List<FolderRecord> folders, List<ShareRecord> shares,
                                     CloudListing cloud, OnLeave onLeave, ShareMode mode, Set<Long> optedIn,
                                     Set<Long> connected) {
        return plan(wanted, folders, shares, cloud, onLeave, mode, optedIn, connected, Map.of());
    }

    /**
     * @param accounts with {@link Identity#OAUTH}, the cloud account each participant connected: a share whose
     *                 participant asked it moved (Reset) goes to it when it is not the recorded one ({@link MoveShare})
     */
    public static ReconcilePlan plan(WantedState wanted, List<FolderRecord> folders, List<ShareRecord> shares,
                                     CloudListing cloud, OnLeave onLeave, ShareMode mode, Set<Long> optedIn,
                                     Set<Long> connected, Map<Long, String> accounts) {
        Map<FolderKey, FolderRecord> recorded = new HashMap<>();
        folders.forEach(f -> recorded.put(FolderKey.of(f), f));
        Map<Long, List<ShareRecord>> sharesByFolder = shares.stream()
                .collect(Collectors.groupingBy(ShareRecord::folderId));
        Set<Long> listedShares = cloud.shareIds();
        List<Op> ops = new ArrayList<>();

        WantedFolder parent = wanted.parent();
        FolderRecord parentRecord = recorded.get(FolderKey.PARENT);
        Optional<Node> setFolder = cloud.setFolder();
        if (parentRecord != null && parentRecord.fileId() != null && setFolder.isPresent()
                && setFolder.get().fileId() == parentRecord.fileId() && !setFolder.get().path().equals(parent.path())) {
            ops.add(new MoveFolder(FolderKey.PARENT, null, setFolder.get().path(), parent.path(),
                    parentRecord.fileId()));
        } else if (!settled(parentRecord, parent, setFolder.filter(n -> n.path().equals(parent.path())))) {
            ops.add(new EnsureFolder(FolderKey.PARENT, null, parent.path()));
        }
        for (WantedFolder w : wanted.folders().values()) {
            if (w.key().parent()) {
                continue;
            }
            FolderRecord r = recorded.get(w.key());
            Optional<Node> byId = r == null || r.fileId() == null ? Optional.empty() : cloud.childByFileId(r.fileId());
            if (byId.isPresent() && !byId.get().path().equals(w.name())) {
                ops.add(new MoveFolder(w.key(), w.groupName(), parent.path() + "/" + byId.get().path(), w.path(),
                        r.fileId()));
            } else if (!settled(r, w, byId)) {
                ops.add(new EnsureFolder(w.key(), w.groupName(), w.path()));
            }
        }
        for (FolderRecord r : folders) {
            if (r.wanted() && !wanted.folders().containsKey(FolderKey.of(r))) {
                ops.add(new Unwanted(r));
            }
        }

        for (WantedFolder w : wanted.folders().values()) {
            FolderRecord r = recorded.get(w.key());
            List<ShareRecord> had = r == null ? List.of() : sharesByFolder.getOrDefault(r.id(), List.of());
            Map<Long, ShareRecord> byUser = had.stream().collect(Collectors.toMap(ShareRecord::moodleUserId, s -> s));
            List<Participant> who = wanted.sharees().getOrDefault(w.key(), List.of());
            for (Participant p : who) {
                ShareRecord s = byUser.get(p.id());
                boolean listed = s != null && s.shareId() != null && listedShares.contains(s.shareId());
                if (s != null && s.moveAsked() && connected != null && listed) {
                    String account = accounts.get(p.id());
                    if (account != null && !account.equals(s.cloudUserId())) {
                        ops.add(new MoveShare(w.key(), s, p));
                        continue;
                    }
                    if ("shared".equals(s.state())) {
                        ops.add(new Readopt(w.key(), s.moveServed())); // the same account again: nothing to move
                        continue;
                    }
                }
                if (s != null && "shared".equals(s.state()) && listed) {
                    continue;
                }
                if (mode == ShareMode.OPT_IN && !optedIn.contains(p.id()) && (s == null || s.shareId() == null)) {
                    continue; // not asked for yet: shared once the participant presses "Add to my cloud"
                }
                if (s != null && "kept".equals(s.state()) && listed) {
                    ops.add(new Readopt(w.key(), s));
                } else if (connected != null && !connected.contains(p.id())) {
                    if (s == null || !AWAITING.equals(s.state())) { // said once: a second reconcile plans nothing
                        ops.add(new AwaitConnect(w.key(), p));
                    }
                } else {
                    ops.add(new Share(w.key(), p));
                }
            }
            Set<Long> stay = who.stream().map(Participant::id).collect(Collectors.toSet());
            had.stream().filter(s -> !stay.contains(s.moodleUserId()))
                    .forEach(s -> leave(w.key(), s, onLeave, ops));
        }
        for (FolderRecord r : folders) {
            if (!wanted.folders().containsKey(FolderKey.of(r))) {
                sharesByFolder.getOrDefault(r.id(), List.of()).forEach(s -> leave(FolderKey.of(r), s, onLeave, ops));
            }
        }
        return new ReconcilePlan(ops);
    }

    /** A recorded folder ready, wanted, found by its file id where it should be, under its group's current name. */
    private static boolean settled(FolderRecord r, WantedFolder w, Optional<Node> found) {
        return r != null && "ready".equals(r.state()) && r.wanted() && r.fileId() != null && found.isPresent()
                && found.get().fileId() == r.fileId() && r.path().equals(w.path())
                && java.util.Objects.equals(r.groupName(), w.groupName());
    }

    /** The share of someone who should no longer have the folder. */
    private static void leave(FolderKey key, ShareRecord s, OnLeave onLeave, List<Op> ops) {
        switch (s.state()) {
            case "shared" -> ops.add(onLeave == OnLeave.REVOKE ? new Revoke(key, s) : new Keep(key, s));
            case "kept" -> {
                if (onLeave == OnLeave.REVOKE) {
                    ops.add(new Revoke(key, s));
                }
            }
            case "pending", "error", AWAITING -> {
                if (s.shareId() != null) { // a revoke that failed: try it again, or keep it
                    ops.add(onLeave == OnLeave.REVOKE ? new Revoke(key, s) : new Keep(key, s));
                } else {
                    ops.add(new Revoke(key, s)); // never made: only the record says it is over
                }
            }
            default -> {
                // revoked: nothing left to do
            }
        }
    }
}
