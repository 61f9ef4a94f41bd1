package jouvence.folders;

import java.time.Instant;

/**
 * A folder set as recorded: what was asked (course, name, group mode, grouping, teacher access, where it came from),
 * whether Jouvence still manages it, where its reconcile stands, and the claim columns (as the restore queue's).
 *
 * @param cmid           the plugin's activity it stands for (the bridge), else null
 * @param groupingId     the grouping whose groups get folders, null for every group of the course
 * @param state          pending, reconciling, ready, partial, waiting, failed, stopped ({@link #STATES})
 * @param nextAttemptAt  due from then on; null while claimed and once settled (due again at the next scheduled
 *                       reconcile), unless a sync was asked while it was reconciled (due again right after)
 * @param version        the fencing token a claim takes
 */
public record FolderSet(long id, long courseId, Long cmid, String name, GroupMode groupMode, Long groupingId,
                        boolean teacherAccess, String origin, String createdBy, boolean managed, String state,
                        Instant nextAttemptAt, int attempts, String claimedBy, Instant leaseUntil, long version,
                        String lastError, Instant lastReconciledAt, Instant createdAt, Instant modifiedAt) {

    public static final java.util.List<String> STATES = java.util.List.of("pending", "reconciling", "ready", "partial",
            "waiting", "failed", "stopped");

    /** A set made from an existing mod_collaborativefolders activity: named as the plugin names its folders. */
    public boolean fromPlugin() {
        return cmid != null;
    }
}
