package simulator.cloud;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.xml.namespace.QName;

import simulator.cloud.CloudState.Located;

/**
 * PROPFIND as SabreDAV in ownCloud/Nextcloud answers it: 207 multistatus, {@code application/xml; charset=utf-8};
 * {@code Depth} 0, 1 or infinity (both servers set {@code enablePropfindDepthInfinity}; with it off, as ownCloud's
 * {@code dav.propfind.depth_infinity=false}, infinity is answered as 1); a missing or unknown Depth counts as 1
 * (Sabre's {@code getHTTPDepth(1)}). Properties the node lacks go to a 404 propstat. A share's mount point has the
 * owner's file id (doc §6.8: find the mount by {@code oc:fileid} = the share's {@code file_source}).
 */
final class DavPropfind {

    private static final int INFINITY = Integer.MAX_VALUE;

    private final CloudState state;

    DavPropfind(CloudState state) {
        this.state = state;
    }

    void handle(Req r, DavTarget t) throws IOException {
        List<QName> props;
        try {
            props = DavXml.requested(r.body);
        } catch (IllegalArgumentException e) {
            SabreError.send(r, 400, "Sabre\\DAV\\Exception\\BadRequest", e.getMessage());
            return;
        }
        if (props == null) {
            props = DavXml.DEFAULT_PROPS;
        }
        String d = r.header("Depth");
        int depth = "0".equals(d) ? 0 : "infinity".equalsIgnoreCase(d) && state.depthInfinity ? INFINITY : 1;
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\"?>\n<d:multistatus xmlns:d=\"DAV:\" "
                + "xmlns:s=\"http://sabredav.org/ns\" xmlns:oc=\"http://owncloud.org/ns\""
                + (state.flavour.nextcloud() ? " xmlns:nc=\"http://nextcloud.org/ns\"" : "") + ">\n");
        if (!t.user().equals(r.user)) {
            // another user's files root: an empty collection for the caller (nextcloud/owncloud RootCollection)
            if (!t.segments().isEmpty()) {
                SabreError.notFound(r, t.relativePath());
                return;
            }
            DavXml.response(sb, t.base() + "/", List.<String[]>of(new String[] {"d:resourcetype", "<d:collection/>"}),
                    props.stream().filter(q -> !q.getLocalPart().equals("resourcetype")).toList());
        } else {
            Located at = state.locate(r.user, t.segments());
            if (at == null) {
                SabreError.notFound(r, t.relativePath());
                return;
            }
            String path = t.segments().isEmpty() ? "" : "/" + t.relativePath();
            walk(sb, r.user, t.base(), path, at, depth, props);
        }
        sb.append("</d:multistatus>\n");
        r.send(207, "application/xml; charset=utf-8", sb.toString());
    }

    private void walk(StringBuilder sb, String user, String base, String path, Located at, int depth,
                      List<QName> props) {
        describe(sb, base + DavXml.encodePath(path) + (at.node().folder ? "/" : ""), at, props);
        if (depth > 0 && at.node().folder) {
            for (Map.Entry<String, Located> c : state.children(user, at).entrySet()) {
                walk(sb, user, base, path + "/" + c.getKey(), c.getValue(), depth == INFINITY ? INFINITY : depth - 1,
                        props);
            }
        }
    }

    private void describe(StringBuilder sb, String href, Located at, List<QName> props) {
        Node n = at.node();
        List<String[]> found = new ArrayList<>();
        List<QName> missing = new ArrayList<>();
        for (QName q : props) {
            String value = value(q, at);
            String prefix = DavXml.prefix(q.getNamespaceURI());
            if (value == null || prefix == null) {
                missing.add(q);
            } else {
                found.add(new String[] {prefix + ":" + q.getLocalPart(), value});
            }
        }
        if (props == DavXml.DEFAULT_PROPS) {
            missing.clear(); // allprop lists only what the node has
        }
        DavXml.response(sb, href, found, missing);
    }

    /** The XML content of one property of a node, or null when the node has no such property. */
    private String value(QName q, Located at) {
        Node n = at.node();
        String key = q.getNamespaceURI() + q.getLocalPart();
        return switch (key) {
            case "DAV:resourcetype" -> n.folder ? "<d:collection/>" : "";
            case "DAV:getetag" -> DavXml.escape(n.etag());
            case "DAV:getlastmodified" -> DavXml.httpDate(n.mtime);
            case "DAV:getcontentlength" -> n.folder ? null : Long.toString(n.size);
            case "DAV:getcontenttype" -> n.folder ? null : "application/octet-stream";
            case "DAV:quota-used-bytes" -> n.folder ? Long.toString(n.treeSize()) : null;
            case "DAV:quota-available-bytes" -> n.folder ? available(n.owner) : null;
            case "DAV:displayname" -> DavXml.escape(at.mountRoot() ? at.via().mountName : n.name);
            case DavXml.OC + "fileid" -> Long.toString(n.id);
            case DavXml.OC + "id" -> ocId(n);
            case DavXml.OC + "size" -> Long.toString(n.treeSize());
            case DavXml.OC + "permissions" -> permissions(at);
            case DavXml.OC + "owner-id" -> DavXml.escape(n.owner);
            case DavXml.OC + "owner-display-name" -> DavXml.escape(state.user(n.owner).displayName);
            default -> null;
        };
    }

    /** -3 (unlimited) without a quota, as the servers answer, else what is left. */
    private String available(String owner) {
        Long quota = state.user(owner).quotaBytes;
        return quota == null ? "-3" : Long.toString(Math.max(0, quota - state.usedBytes(owner)));
    }

    /**
     * oc:permissions: the owner's letters ({@link Flavour#ownerPermissions()}); through a share, S (shared with me),
     * R (may reshare), M (mount point), G (Nextcloud), D (delete), NV (rename, move), CK (create) from the share's
     * permission bits; a mount point can always be renamed and unshared by its recipient.
     */
    private String permissions(Located at) {
        if (at.via() == null) {
            return at.node().folder ? state.flavour.ownerPermissions()
                    : state.flavour.ownerPermissions().replace("CK", "W");
        }
        int p = at.permissions();
        StringBuilder s = new StringBuilder("S");
        if ((p & 16) != 0) {
            s.append('R');
        }
        if (at.mountRoot()) {
            s.append('M');
        }
        if (state.flavour.nextcloud()) {
            s.append('G');
        }
        if (at.mountRoot() || (p & 8) != 0) {
            s.append('D');
        }
        if (at.mountRoot() || (p & 2) != 0) {
            s.append("NV");
        }
        if ((p & 4) != 0) {
            s.append(at.node().folder ? "CK" : "");
        }
        return s.toString();
    }

    /** A node's oc:id (and MKCOL's OC-FileId): the file id on 8 digits, then the instance id. */
    static String ocId(Node n) {
        return String.format("%08d", n.id) + "ocsimul8r";
    }
}
