package jouvence.folders;

import jouvence.folders.cloud.CloudClient;
import jouvence.folders.cloud.CloudFault;
import jouvence.folders.cloud.MoveResult;
import jouvence.folders.cloud.Participant;
import jouvence.folders.cloud.Share;

import java.util.Optional;

/**
 * "Name your copy": renames the mount of a participant's share in their own files, as them (their OAuth
 * authorisation), with {@code MOVE Overwrite: F}. The mount's real place is looked up first among the shares they
 * received ({@code file_target}: it may be in a share folder, or be "X (2)"), and only that share's mount is ever moved,
 * never a folder of their own that happens to have the name.
 */
public final class CopyRenamer {

    /** How it went: {@code outcome} is a word the page turns into a sentence; {@code path} the copy's new place. */
    public record Outcome(String outcome, String path, String detail) {
        public boolean moved() {
            return "moved".equals(outcome);
        }
    }

    private final CloudClient cloud;

    public CopyRenamer(CloudClient cloud) {
        this.cloud = cloud;
    }

    /**
     * @param shareId the recorded share of the folder with this participant
     * @param name    the new name, already accepted by {@link CopyName#problem}
     */
    public Outcome rename(Participant who, long shareId, String name) throws CloudFault {
        Optional<Share> mine = cloud.shares().sharedWith(who).stream().filter(s -> s.id() == shareId).findFirst();
        if (mine.isEmpty()) {
            return new Outcome("not-received", null, who.userId());
        }
        String from = trim(mine.get().fileTarget());
        int slash = from.lastIndexOf('/');
        String to = (slash < 0 ? "" : from.substring(0, slash + 1)) + name;
        if (to.equals(from)) {
            return new Outcome("moved", to, "");
        }
        MoveResult r = cloud.dav().move(who, from, to);
        return switch (r.outcome()) {
            case MOVED -> new Outcome("moved", to, "");
            case DESTINATION_EXISTS -> new Outcome("taken", null, name);
            case PARENT_MISSING -> new Outcome("parent-missing", null, r.cloudMessage());
            case LOCKED -> new Outcome("locked", null, r.cloudMessage());
            case SOURCE_MISSING -> new Outcome("source-missing", null, r.cloudMessage());
            case NOT_AUTHORISED -> new Outcome("not-authorised", null, r.cloudMessage());
            case FORBIDDEN, REFUSED -> new Outcome("refused", null, "HTTP " + r.status() + " " + r.cloudMessage());
        };
    }

    private static String trim(String path) {
        return path.replaceAll("^/+|/+$", "");
    }
}
