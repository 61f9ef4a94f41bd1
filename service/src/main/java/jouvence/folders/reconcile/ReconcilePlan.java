package jouvence.folders.reconcile;

import jouvence.folders.FolderRecord;
import jouvence.folders.ShareRecord;
import jouvence.folders.moodle.CourseGroups.Participant;

import java.util.List;

/**
 * What a reconcile does, in order: folders first (the set's before its groups'), then shares, then what left. Only
 * {@link EnsureFolder} (when the folder is not there), {@link MoveFolder}, {@link Share} (when not found already)
 * and {@link Revoke} (of a share that exists) write to the cloud; the others only write the record. An empty plan is
 * a set that is as Moodle wants it.
 */
public record ReconcilePlan(List<Op> ops) {

    public ReconcilePlan {
        ops = List.copyOf(ops);
    }

    public boolean isEmpty() {
        return ops.isEmpty();
    }

    /** One operation. */
    public sealed interface Op permits EnsureFolder, MoveFolder, Unwanted, Share, Revoke, Keep, Readopt, AwaitConnect,
            MoveShare {
    }

    /** Make the folder at {@code path} (and its parents) unless it is there, and record it ready with its file id. */
    public record EnsureFolder(FolderKey key, String groupName, String path) implements Op {
    }

    /** The recorded folder (found by its file id at {@code from}) is renamed to {@code to}: its shares follow it. */
    public record MoveFolder(FolderKey key, String groupName, String from, String to, long fileId) implements Op {
    }

    /** The folder's group is gone (or out of the grouping): recorded as no longer wanted; the folder is kept. */
    public record Unwanted(FolderRecord folder) implements Op {
    }

    /** Share the folder with this participant (an existing share with them is adopted, not made twice). */
    public record Share(FolderKey key, Participant who) implements Op {
    }

    /** jouvence.folders.on-leave=revoke: the share is deleted (recorded as revoked; one never made, only recorded). */
    public record Revoke(FolderKey key, ShareRecord share) implements Op {
    }

    /** jouvence.folders.on-leave=keep: the share stays; recorded as kept. */
    public record Keep(FolderKey key, ShareRecord share) implements Op {
    }

    /**
     * identity=oauth, Reset asked after the participant connected another cloud account: the share made for the
     * recorded account is revoked (only it), then the folder is shared with the account now connected.
     */
    public record MoveShare(FolderKey key, ShareRecord share, Participant who) implements Op {
    }

    /** A kept share whose user should have the folder again, still in the cloud: recorded as shared, no call. */
    public record Readopt(FolderKey key, ShareRecord share) implements Op {
    }

    /**
     * jouvence.folders.identity=oauth and the participant has not connected their cloud on the participants' page: no
     * share (nobody knows who they are in the cloud), not an error; recorded as waiting for them, no call.
     */
    public record AwaitConnect(FolderKey key, Participant who) implements Op {
    }
}
