package jouvence.folders.api;

import jouvence.folders.FolderEvent;
import jouvence.folders.FolderRecord;
import jouvence.folders.FolderSet;
import jouvence.folders.FolderSetDetail;
import jouvence.folders.ShareRecord;

import java.time.Instant;
import java.util.List;

/** The folder sets' REST bodies: records Jackson writes in the order of their components (camelCase). */
public final class FolderSetViews {

    private FolderSetViews() {
    }

    /** A set; {@code folders}, {@code shares} and {@code events} only in the answer about that one set. */
    public record Set(long id, long courseId, Long cmid, String name, String groupMode, Long groupingId,
                      boolean teacherAccess, String origin, String createdBy, boolean managed, String state,
                      int attempts, String nextAttemptAt, String lastError, String lastReconciledAt, String createdAt,
                      String modifiedAt, List<Folder> folders, List<Share> shares, List<Event> events) {

        static Set of(FolderSet s) {
            return new Set(s.id(), s.courseId(), s.cmid(), s.name(), s.groupMode().word(), s.groupingId(),
                    s.teacherAccess(), s.origin(), s.createdBy(), s.managed(), s.state(), s.attempts(),
                    ts(s.nextAttemptAt()), s.lastError(), ts(s.lastReconciledAt()), ts(s.createdAt()),
                    ts(s.modifiedAt()), null, null, null);
        }

        static Set of(FolderSetDetail d) {
            Set s = of(d.set());
            return new Set(s.id, s.courseId, s.cmid, s.name, s.groupMode, s.groupingId, s.teacherAccess, s.origin,
                    s.createdBy, s.managed, s.state, s.attempts, s.nextAttemptAt, s.lastError, s.lastReconciledAt,
                    s.createdAt, s.modifiedAt, d.folders().stream().map(Folder::of).toList(),
                    d.shares().stream().map(Share::of).toList(), d.events().stream().map(Event::of).toList());
        }
    }

    /** @param groupId null for the set's parent folder */
    public record Folder(long id, String kind, Long groupId, String groupName, String path, Long fileId, String state,
                         boolean wanted, String error) {
        static Folder of(FolderRecord f) {
            return new Folder(f.id(), f.kind(), f.groupId(), f.groupName(), f.path(), f.fileId(), f.state(), f.wanted(),
                    f.error());
        }
    }

    /** @param moveAsked identity=oauth: Reset asked the share moved to the cloud account connected since, not made yet */
    public record Share(long folderId, long moodleUserId, String moodleUsername, String cloudUserId, Long shareId,
                        Integer permissions, String state, String error, boolean moveAsked) {
        static Share of(ShareRecord s) {
            return new Share(s.folderId(), s.moodleUserId(), s.moodleUsername(), s.cloudUserId(), s.shareId(),
                    s.permissions(), s.state(), s.error(), s.moveAsked());
        }
    }

    public record Event(String at, String step, String outcome, String message) {
        static Event of(FolderEvent e) {
            return new Event(ts(e.at()), e.step(), e.outcome(), e.message());
        }
    }

    public record Page(int limit, int offset, List<Set> folderSets) {
    }

    /** A 409 for a second set of the same name: the first one's id, to GET or sync it instead. */
    public record Duplicate(String error, int status, long existingId) {
    }

    /** What an action did, and the set as it now is. */
    public record Done(String message, Set folderSet) {
    }

    static String ts(Instant t) {
        return t == null ? null : t.toString();
    }
}
