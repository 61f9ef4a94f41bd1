package jouvence.folders.reconcile;

import jouvence.folders.cloud.CloudFault;
import jouvence.folders.cloud.Sharees;
import jouvence.folders.moodle.CourseGroups.Participant;

import java.util.Map;

/**
 * Who a Moodle user is in the cloud, by {@link Identity}, for one reconcile: the username as is, or the one account
 * the sharees search finds for the e-mail (looked up once per user and reconcile).
 */
final class CloudIdentities {

    private final Identity identity;
    private final Sharees sharees;
    private final Map<Long, String> found = new java.util.concurrent.ConcurrentHashMap<>(); // shares run at once

    CloudIdentities(Identity identity, Sharees sharees) {
        this.identity = identity;
        this.sharees = sharees;
    }

    /** @throws CloudFault an item fault when no account, or several, have the e-mail */
    String of(Participant p) throws CloudFault {
        if (identity == Identity.USERNAME) {
            return p.username();
        }
        String id = found.get(p.id());
        if (id == null) {
            id = sharees.findByEmail(p.email());
            found.put(p.id(), id);
        }
        return id;
    }
}
