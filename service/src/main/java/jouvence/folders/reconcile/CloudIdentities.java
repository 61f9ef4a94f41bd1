package jouvence.folders.reconcile;

import jouvence.folders.cloud.CloudFault;
import jouvence.folders.cloud.Sharees;
import jouvence.folders.moodle.CourseGroups.Participant;

import java.util.Map;

/**
 * Who a Moodle user is in the cloud, by {@link Identity}, for one reconcile: the username as is, the one account
 * the sharees search finds for the e-mail (looked up once per user and reconcile), or the account they connected.
 */
final class CloudIdentities {

    private final Identity identity;
    private final Sharees sharees;
    private final Map<Long, String> connected;
    private final Map<Long, String> found = new java.util.concurrent.ConcurrentHashMap<>(); // shares run at once

    /** @param connected with {@link Identity#OAUTH}: the account each participant connected, by Moodle user id */
    CloudIdentities(Identity identity, Sharees sharees, Map<Long, String> connected) {
        this.identity = identity;
        this.sharees = sharees;
        this.connected = connected;
    }

    /**
     * @throws CloudFault an item fault when no account, or several, have the e-mail; with oauth, when the participant
     *                    connected none (the plan gives them no share then: it cannot happen but in a race)
     */
    String of(Participant p) throws CloudFault {
        if (identity == Identity.USERNAME) {
            return p.username();
        }
        if (identity == Identity.OAUTH) {
            String id = connected.get(p.id());
            if (id == null) {
                throw new CloudFault(CloudFault.Reason.NO_MATCH, 0, p.username() + " has not connected their cloud "
                        + "account on the participants' page yet", "");
            }
            return id;
        }
        String id = found.get(p.id());
        if (id == null) {
            id = sharees.findByEmail(p.email());
            found.put(p.id(), id);
        }
        return id;
    }
}
