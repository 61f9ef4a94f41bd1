package simulator.cloud;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import simulator.cloud.CloudState.Located;

/**
 * The OCS share API's user shares (doc §4.2), checked in the order of the servers' controllers and share managers:
 * create ({@code path}, {@code shareType=0}, {@code shareWith}, {@code permissions}, default 31), list (own shares;
 * {@code path}; {@code subfiles=true}: the shares of the folder's direct children; {@code shared_with_me=true}), get
 * and delete by id. Only user shares are simulated: other share types answer 400 "Unknown share type".
 */
final class ShareApi {

    private final CloudState state;
    private final CloudFaults faults;

    ShareApi(CloudState state, CloudFaults faults) {
        this.state = state;
        this.faults = faults;
    }

    void create(Req r) throws IOException {
        Flavour f = state.flavour;
        if (faults.sharingDisabled() && !f.nextcloud()) {
            OcsReply.fail(r, 404, f.sharingDisabledMessage());
            return;
        }
        String path = r.param("path");
        if (path == null) {
            OcsReply.fail(r, 404, "Please specify a file or folder path");
            return;
        }
        Located at = state.locate(r.user, segments(path));
        if (at == null) {
            OcsReply.fail(r, 404, f.wrongPath);
            return;
        }
        if (faults.locked(at.node())) {
            OcsReply.fail(r, 404, "Could not create share");
            return;
        }
        int type = parseInt(r.param("shareType"), -1);
        String with = r.param("shareWith");
        if (type != 0) {
            OcsReply.fail(r, type == 1 ? 404 : 400, type == 1 ? "Please specify a valid group" : "Unknown share type");
            return;
        }
        if (with == null || state.user(with) == null) {
            OcsReply.fail(r, 404, f.invalidUser);
            return;
        }
        int permissions = parseInt(r.param("permissions"), 31);
        if (f.nextcloud()) {
            permissions |= 1; // Nextcloud: non-link shares always get read
        }
        String refusal = managerRefusal(r.user, at, with);
        if (refusal != null) {
            OcsReply.fail(r, f.nextcloud() && faults.sharingDisabled() ? f.sharingDisabledStatus() : 403, refusal);
            return;
        }
        Share s = new Share(state.nextShareId(), r.user, at.node(), with, permissions & faults.maxSharePermissions());
        state.addShare(s);
        OcsReply.ok(r, format(s, r.user, s.intendedTarget));
    }

    /** The share manager's refusals (403): sharing off (Nextcloud), oneself, the root, policy, already shared. */
    private String managerRefusal(String caller, Located at, String with) {
        Flavour f = state.flavour;
        if (faults.sharingDisabled()) {
            return f.sharingDisabledMessage();
        }
        if (with.equals(caller)) {
            return f.nextcloud() ? "Cannot share with yourself" : "Can't share with yourself";
        }
        if (at.node().parent == null) {
            return f.nextcloud() ? "You cannot share your root folder" : "You can't share your root folder";
        }
        String policy = faults.shareRefusal(with);
        if (policy != null) {
            return policy.isEmpty() ? f.groupMembersOnly : policy;
        }
        for (Share s : state.shares) {
            if (s.node == at.node() && s.shareWith.equals(with)) {
                return f.alreadyShared(at.node().name, state.user(with).displayName);
            }
        }
        return null;
    }

    void list(Req r) throws IOException {
        String path = r.param("path");
        Located at = null;
        if (path != null) {
            at = state.locate(r.user, segments(path));
            if (at == null) {
                OcsReply.fail(r, 404, state.flavour.wrongPath);
                return;
            }
        }
        List<Share> found = new ArrayList<>();
        boolean subfiles = "true".equals(r.param("subfiles"));
        if (subfiles && (at == null || !at.node().folder)) {
            OcsReply.fail(r, 400, "Not a directory");
            return;
        }
        boolean withMe = "true".equals(r.param("shared_with_me"));
        for (Share s : faults.sharingDisabled() ? List.<Share>of() : state.shares) {
            // shared_with_me lists accepted shares (ownCloud: state=all or state=1 for the others); reshares=true adds
            // others' reshares of the caller's files: there are none here
            boolean mine = withMe ? s.shareWith.equals(r.user) && (!s.pending || "all".equals(r.param("state"))
                    || "1".equals(r.param("state"))) : s.owner.equals(r.user);
            if (mine && (at == null || (subfiles ? s.node.parent == at.node() : s.node == at.node()))) {
                found.add(s);
            }
        }
        List<Object> out = new ArrayList<>();
        for (Share s : found) {
            out.add(format(s, r.user, s.target()));
        }
        OcsReply.ok(r, out);
    }

    /** {@code GET …/shares/pending}: the caller's shares waiting to be accepted. */
    void pending(Req r) throws IOException {
        List<Object> out = new ArrayList<>();
        for (Share s : state.shares) {
            if (s.pending && s.shareWith.equals(r.user)) {
                out.add(format(s, r.user, s.target()));
            }
        }
        OcsReply.ok(r, out);
    }

    /** {@code POST …/shares/pending/{id}}: the recipient accepts; the share is mounted now (clashes resolved now). */
    void accept(Req r, long id) throws IOException {
        Share s = find(id);
        if (s == null || !s.shareWith.equals(r.user)) {
            OcsReply.fail(r, 404, state.flavour.wrongShareId);
            return;
        }
        if (s.pending) {
            state.mount(s);
        }
        // Nextcloud answers an empty data; ownCloud 10 the accepted share
        OcsReply.ok(r, state.flavour.nextcloud() ? null : List.of(format(s, r.user, s.target())));
    }

    void get(Req r, long id) throws IOException {
        Share s = find(id);
        if (s == null || !(s.owner.equals(r.user) || s.shareWith.equals(r.user))) {
            OcsReply.fail(r, 404, state.flavour.wrongShareId);
        } else {
            OcsReply.ok(r, List.of(format(s, r.user, s.target())));
        }
    }

    void delete(Req r, long id) throws IOException {
        Share s = find(id);
        if (s == null || !s.owner.equals(r.user)) {
            OcsReply.fail(r, 404, state.flavour.wrongShareId);
        } else {
            state.removeShare(s);
            OcsReply.ok(r, null);
        }
    }

    private Share find(long id) {
        for (Share s : state.shares) {
            if (s.id == id) {
                return s;
            }
        }
        return null;
    }

    /** The servers' formatShare: {@code path} as the viewer sees the node, {@code file_target} the mount's place. */
    private Map<String, Object> format(Share s, String viewer, String fileTarget) {
        CloudState.UserRec owner = state.user(s.owner);
        CloudState.UserRec with = state.user(s.shareWith);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", Long.toString(s.id));
        m.put("share_type", 0);
        m.put("uid_owner", owner.id);
        m.put("displayname_owner", owner.displayName);
        m.put("permissions", s.permissions);
        m.put("stime", s.stime);
        m.put("parent", null);
        m.put("expiration", null);
        m.put("token", null);
        m.put("uid_file_owner", owner.id);
        m.put("displayname_file_owner", owner.displayName);
        m.put("path", viewer.equals(s.shareWith) ? s.target() : s.node.ownerPath());
        m.put("item_type", s.node.folder ? "folder" : "file");
        m.put("mimetype", s.node.folder ? "httpd/unix-directory" : "application/octet-stream");
        m.put("storage_id", "home::" + owner.id);
        m.put("storage", 1);
        m.put("item_source", s.node.id);
        m.put("file_source", s.node.id);
        m.put("file_parent", s.node.parent.id);
        m.put("file_target", fileTarget);
        m.put("share_with", with.id);
        m.put("share_with_displayname", with.displayName);
        if (state.flavour.nextcloud()) {
            m.put("share_with_displayname_unique", with.email == null || with.email.isEmpty() ? with.id : with.email);
            m.put("note", "");
            m.put("label", "");
            m.put("hide_download", 0);
            m.put("can_edit", s.owner.equals(viewer));
            m.put("can_delete", true);
        }
        if (viewer.equals(s.shareWith) && !state.flavour.nextcloud()) {
            m.put("state", s.pending ? 1 : 0); // ownCloud 10: 0 accepted, 1 pending
        }
        m.put("mail_send", 0);
        m.put("attributes", null);
        return m;
    }

    static List<String> segments(String path) {
        return Arrays.stream(path.split("/")).filter(x -> !x.isEmpty()).toList();
    }

    static int parseInt(String s, int dflt) {
        if (s == null || s.isBlank()) {
            return dflt;
        }
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return dflt;
        }
    }
}
