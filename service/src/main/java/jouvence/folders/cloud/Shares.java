package jouvence.folders.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import jouvence.folders.cloud.CloudFault.Reason;
import jouvence.folders.cloud.CloudTransport.Request;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The OCS share API's user shares, as the system account (doc §4.2, §6.11–13): create (an "already shared" refusal
 * adopted by looking the share up), list, delete. Refusals are read by {@code meta.statuscode} and told apart by the
 * flavours' messages (both ownCloud 10's and Nextcloud's are known); a 403 is always checked against the existing
 * shares first, so that a translated "already shared" is adopted too.
 */
public final class Shares {

    static final String ROUTE = "apps/files_sharing/api/v1/shares";
    private static final String FORM = "application/x-www-form-urlencoded; charset=UTF-8";
    private static final Pattern ALREADY = Pattern.compile("(?i)already shared");
    private static final Pattern DISABLED = Pattern.compile("(?i)share api is disabled|sharing is disabled");
    private static final Pattern NO_USER = Pattern.compile("(?i)valid (user|account)");
    private static final Pattern NO_PATH = Pattern.compile("(?i)wrong path|file/folder does(n't| not) exist");

    private final Ocs ocs;
    private final CloudCalls calls;

    Shares(Ocs ocs, CloudCalls calls) {
        this.ocs = ocs;
        this.calls = calls;
    }

    /**
     * Shares the folder at {@code path} with the cloud user {@code shareWith} (shareType 0) with {@code permissions};
     * an existing share with that user is adopted.
     *
     * @throws CloudFault item faults: {@link Reason#PATH_MISSING}, {@link Reason#UNKNOWN_USER},
     *                    {@link Reason#POLICY}, {@link Reason#SHARING_DISABLED},
     *                    {@link Reason#ALREADY_SHARED_NOT_FOUND}, {@link Reason#REFUSED}
     */
    public ShareResult create(String path, String shareWith, int permissions) throws CloudFault {
        String p = DavXml.trimSlashes(path);
        String what = "share " + p + " with " + shareWith;
        Ocs.Reply r = ocs.asSystem(ocs.request("POST", ROUTE, null).body(form("path", "/" + p, "shareType", "0",
                "shareWith", shareWith, "permissions", Integer.toString(permissions)), FORM), what);
        if (r.ok()) {
            return new ShareResult(Share.of(r.data()), false, permissions);
        }
        String m = r.message();
        String said = what + ": " + m + " (OCS " + r.statusCode() + ")";
        if (r.statusCode() == 403) {
            Optional<Share> existing = find(p, shareWith);
            if (existing.isPresent()) {
                return new ShareResult(existing.get(), true, permissions);
            }
            Reason why = ALREADY.matcher(m).find() ? Reason.ALREADY_SHARED_NOT_FOUND
                    : DISABLED.matcher(m).find() ? Reason.SHARING_DISABLED : Reason.POLICY;
            throw new CloudFault(why, 403, why == Reason.ALREADY_SHARED_NOT_FOUND
                    ? said + "; but no share of it with " + shareWith + " was found" : said, m);
        }
        if (r.statusCode() == 404) {
            Reason why = NO_USER.matcher(m).find() ? Reason.UNKNOWN_USER : NO_PATH.matcher(m).find()
                    ? Reason.PATH_MISSING : DISABLED.matcher(m).find() ? Reason.SHARING_DISABLED : Reason.REFUSED;
            throw new CloudFault(why, 404, said, m);
        }
        throw new CloudFault(Reason.REFUSED, r.statusCode(), said, m);
    }

    /** The system account's share of {@code path} with {@code shareWith}, if any ({@code reshares=true}). */
    public Optional<Share> find(String path, String shareWith) throws CloudFault {
        try {
            return query("path=" + enc("/" + DavXml.trimSlashes(path)) + "&reshares=true", "shares of " + path)
                    .stream().filter(s -> s.shareType() == 0 && s.shareWith().equals(shareWith)).findFirst();
        } catch (CloudFault f) {
            if (f.reason() == Reason.PATH_MISSING) {
                return Optional.empty();
            }
            throw f;
        }
    }

    /**
     * The shares of the folder at {@code path} itself, or ({@code subfiles}) of its direct children only, never both
     * and never deeper (the servers' behaviour).
     */
    public List<Share> list(String path, boolean subfiles) throws CloudFault {
        String p = DavXml.trimSlashes(path);
        return query("path=" + enc("/" + p) + (subfiles ? "&subfiles=true" : ""),
                (subfiles ? "shares below " : "shares of ") + p);
    }

    /**
     * A folder set's shares in two calls: those of its parent folder (the teachers') and those of the folders directly
     * in it (the groups'), each with its path.
     */
    public List<Share> ofFolderSet(String parentPath) throws CloudFault {
        List<Share> all = new ArrayList<>(list(parentPath, false));
        all.addAll(list(parentPath, true));
        return all;
    }

    /** Every share the system account made, in one call (its size grows with the number of shares). */
    public List<Share> all() throws CloudFault {
        return query("", "all shares");
    }

    /** Revokes a share; false when it was already gone (404), which is no error. */
    public boolean delete(long id) throws CloudFault {
        String what = "delete share " + id;
        Ocs.Reply r = ocs.asSystem(ocs.request("DELETE", ROUTE + "/" + id, null), what);
        if (r.ok()) {
            return true;
        }
        if (r.statusCode() == 404) {
            return false;
        }
        throw new CloudFault(Reason.REFUSED, r.statusCode(), what + ": " + r.message() + " (OCS " + r.statusCode()
                + ")", r.message());
    }

    /**
     * The shares a participant received, where they are really mounted ({@code file_target}: in a share folder, or as
     * "X (2)"), so that only the share's mount is renamed, never the participant's own folder (doc §6.8).
     */
    public List<Share> sharedWith(Participant who) throws CloudFault {
        String what = "shares received by " + who.userId();
        var a = calls.asParticipant(ocs.request("GET", ROUTE, "shared_with_me=true"), who.accessToken(), what);
        if (a.status() == 401) {
            throw new CloudFault(Reason.NOT_AUTHORISED, 401, what + ": the cloud refused " + who.userId()
                    + "'s authorisation (expired or revoked): authorise again", Messages.of(a));
        }
        return shares(Ocs.parse(a, what), what);
    }

    private List<Share> query(String query, String what) throws CloudFault {
        return shares(ocs.asSystem(ocs.request("GET", ROUTE, query), what), what);
    }

    private static List<Share> shares(Ocs.Reply r, String what) throws CloudFault {
        if (!r.ok()) {
            Reason why = r.statusCode() == 404 ? Reason.PATH_MISSING
                    : r.statusCode() == 400 ? Reason.NOT_A_FOLDER : Reason.REFUSED;
            throw new CloudFault(why, r.statusCode(), what + ": " + r.message() + " (OCS " + r.statusCode() + ")",
                    r.message());
        }
        List<Share> out = new ArrayList<>();
        for (JsonNode n : r.data()) {
            if (n.isObject()) {
                out.add(Share.of(n));
            }
        }
        return out;
    }

    static String form(String... kv) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < kv.length; i += 2) {
            sb.append(i == 0 ? "" : "&").append(enc(kv[i])).append('=').append(enc(kv[i + 1]));
        }
        return sb.toString();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
