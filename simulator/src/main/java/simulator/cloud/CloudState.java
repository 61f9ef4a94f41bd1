package simulator.cloud;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The simulated cloud's data: users, their storages (nodes with file ids), user shares and where they are mounted.
 * Every method runs under this object's monitor; the endpoints synchronise on it for multi-step operations.
 */
final class CloudState {

    /** A user account: id (uid), display name, e-mail, app passwords, home folder, quota (null = unlimited). */
    static final class UserRec {
        final String id;
        final String displayName;
        final String email;
        final Set<String> appPasswords = new HashSet<>();
        final Node home;
        Long quotaBytes;

        UserRec(String id, String displayName, String email, Node home) {
            this.id = id;
            this.displayName = displayName;
            this.email = email;
            this.home = home;
        }
    }

    /**
     * A node as one user sees it: {@code via} is the share through which the user reaches it (null in the user's own
     * storage); {@code mountRoot} is true for the mount point itself.
     */
    record Located(Node node, Share via, boolean mountRoot) {
        /** The share permissions that apply (31 in one's own storage). */
        int permissions() {
            return via == null ? 31 : via.permissions;
        }
    }

    final Flavour flavour;
    final Map<String, UserRec> users = new LinkedHashMap<>();
    final List<Share> shares = new ArrayList<>();
    private long nextFileId = 100;
    private long nextShareId = 1;
    /** Folder (relative to the recipient's root, no slashes) where incoming shares land; null = the root. */
    String shareFolder;
    boolean depthInfinity = true;
    /** ownCloud's {@code shareapi_auto_accept_share} (default yes); off, as Nextcloud's share acceptance, shares wait. */
    boolean autoAccept = true;

    CloudState(Flavour flavour) {
        this.flavour = flavour;
    }

    synchronized UserRec addUser(String id, String displayName, String email) {
        if (users.containsKey(id)) {
            throw new IllegalArgumentException("user " + id + " exists already");
        }
        UserRec u = new UserRec(id, displayName, email, new Node(nextFileId++, id, "", null, true, 0));
        users.put(id, u);
        return u;
    }

    synchronized UserRec user(String id) {
        return id == null ? null : users.get(id);
    }

    synchronized UserRec requireUser(String id) {
        UserRec u = users.get(id);
        if (u == null) {
            throw new IllegalArgumentException("no user " + id);
        }
        return u;
    }

    synchronized Node newNode(String owner, String name, Node parent, boolean folder, long size) {
        Node n = new Node(nextFileId++, owner, name, parent, folder, size);
        parent.children.put(name, n);
        parent.touch();
        return n;
    }

    synchronized long nextShareId() {
        return nextShareId++;
    }

    /** The node at {@code segments} below the user's root as the user sees it (mounts included), or null. */
    synchronized Located locate(String user, List<String> segments) {
        UserRec u = requireUser(user);
        Located at = new Located(u.home, null, false);
        for (String seg : segments) {
            at = child(user, at, seg);
            if (at == null) {
                return null;
            }
        }
        return at;
    }

    /** One step down: a child node, or (in the user's own storage) a share mounted there under that name. */
    synchronized Located child(String user, Located parent, String name) {
        Node n = parent.node().children.get(name);
        if (n != null) {
            return new Located(n, parent.via(), false);
        }
        if (parent.via() == null) {
            for (Share s : shares) {
                if (s.shareWith.equals(user) && s.mountParent == parent.node() && s.mountName.equals(name)) {
                    return new Located(s.node, s, true);
                }
            }
        }
        return null;
    }

    /** Names and nodes below a folder as the user sees them, children first, then mounts, each sorted by name. */
    synchronized Map<String, Located> children(String user, Located parent) {
        Map<String, Located> out = new LinkedHashMap<>();
        for (Node c : parent.node().children.values()) {
            out.put(c.name, new Located(c, parent.via(), false));
        }
        if (parent.via() == null) {
            shares.stream().filter(s -> s.shareWith.equals(user) && s.mountParent == parent.node())
                  .sorted((a, b) -> a.mountName.compareTo(b.mountName))
                  .forEach(s -> out.put(s.mountName, new Located(s.node, s, true)));
        }
        return out;
    }

    synchronized boolean nameTaken(String user, Node folder, String name) {
        return child(user, new Located(folder, null, false), name) != null;
    }

    /**
     * Records a new share with its intended file_target ({@code /name}, or {@code /<share folder>/name}) and mounts
     * it, unless shares must be accepted first.
     */
    synchronized void addShare(Share share) {
        share.intendedTarget = (shareFolder == null ? "" : "/" + shareFolder) + "/" + share.node.name;
        shares.add(share);
        if (autoAccept) {
            mount(share);
        } else {
            share.pending = true;
        }
    }

    /**
     * Mounts a share in the recipient's storage: in the configured share folder (made if missing) or the root,
     * under the node's name, or {@code "name (2)"}, {@code "name (3)"}… when the name is taken, as the servers'
     * {@code SharedMount::verifyMountPoint} does.
     */
    synchronized void mount(Share share) {
        share.pending = false;
        UserRec r = requireUser(share.shareWith);
        Node parent = r.home;
        if (shareFolder != null) {
            Node sf = r.home.children.get(shareFolder);
            if (sf == null) {
                sf = newNode(r.id, shareFolder, r.home, true, 0);
            }
            parent = sf;
        }
        String base = share.node.name;
        String name = base;
        for (int i = 2; nameTaken(r.id, parent, name); i++) {
            name = base + " (" + i + ")";
        }
        share.mountParent = parent;
        share.mountName = name;
        parent.touch();
    }

    synchronized long usedBytes(String user) {
        return requireUser(user).home.treeSize();
    }

    /** Bytes the user's quota leaves free (Long.MAX_VALUE without a quota). */
    synchronized long freeBytes(String user) {
        UserRec u = requireUser(user);
        return u.quotaBytes == null ? Long.MAX_VALUE : Math.max(0, u.quotaBytes - usedBytes(user));
    }

    synchronized void removeShare(Share s) {
        shares.remove(s);
        if (s.mountParent != null) {
            s.mountParent.touch();
        }
    }
}
