package jouvence.folders.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import jouvence.folders.cloud.CloudFault.Reason;

import java.util.ArrayList;
import java.util.List;

/**
 * Who is who in the cloud for {@code jouvence.folders.identity=email}: the OCS sharees search
 * ({@code /apps/files_sharing/api/v1/sharees?search=…&itemType=folder}). Only {@code exact.users} counts: a search with
 * an {@code @} also brings a federated guess in {@code exact.remotes}, which is not a user of this cloud.
 *
 * <p>No existence check for {@code identity=username}: it would cost one call per user, and the share's creation
 * already tells an unknown user apart ({@link Reason#UNKNOWN_USER}) at no extra call.
 */
public final class Sharees {

    private final Ocs ocs;

    Sharees(Ocs ocs) {
        this.ocs = ocs;
    }

    /**
     * The one cloud user whose e-mail (or id or display name) is exactly {@code email}.
     *
     * @throws CloudFault {@link Reason#NO_MATCH} for nobody, {@link Reason#AMBIGUOUS} for several (item faults)
     */
    public String findByEmail(String email) throws CloudFault {
        String e = email == null ? "" : email.strip();
        String what = "cloud user with e-mail " + e;
        if (e.isEmpty()) {
            throw new CloudFault(Reason.NO_MATCH, 0, what + ": the Moodle user has no e-mail", "");
        }
        Ocs.Reply r = ocs.asSystem(ocs.request("GET", "apps/files_sharing/api/v1/sharees", "search=" + Shares.enc(e)
                + "&itemType=folder&lookup=false&perPage=20"), what);
        if (!r.ok()) {
            throw new CloudFault(Reason.REFUSED, r.statusCode(), what + ": " + r.message() + " (OCS " + r.statusCode()
                    + ")", r.message());
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode u : r.data().path("exact").path("users")) {
            String id = u.path("value").path("shareWith").asText("");
            if (!id.isEmpty() && !ids.contains(id)) {
                ids.add(id);
            }
        }
        if (ids.isEmpty()) {
            throw new CloudFault(Reason.NO_MATCH, r.statusCode(), what + ": no cloud account has this e-mail", "");
        }
        if (ids.size() > 1) {
            throw new CloudFault(Reason.AMBIGUOUS, r.statusCode(), what + ": several cloud accounts match ("
                    + String.join(", ", ids) + ")", "");
        }
        return ids.get(0);
    }
}
