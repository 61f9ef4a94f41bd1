package simulator.cloud;

import java.io.IOException;
import simulator.cloud.CloudState.Located;

/**
 * WebDAV as ownCloud 10 / Nextcloud (SabreDAV) answer it, doc §4.1: {@code PROPFIND} (in {@link DavPropfind}),
 * {@code MKCOL} (201, 405 exists, 409 parent missing, 403 forbidden name or no create permission, 423 locked, 507
 * quota on Nextcloud) and {@code MOVE} (201, 204 overwritten, 412 exists with {@code Overwrite: F}, 409 destination parent missing,
 * 403 identical, 423 locked, 404 source missing). A MOVE keeps the node's file id; a recipient's MOVE of a share's
 * mount point renames the mount only, never the owner's folder.
 */
final class WebDav implements CloudHttp.Endpoint {

    static final String FILES_PREFIX = "/remote.php/dav/files/";
    static final String LEGACY_PREFIX = "/remote.php/webdav";

    private final CloudState state;
    private final CloudFaults faults;
    private final DavPropfind propfind;

    WebDav(CloudState state, CloudFaults faults) {
        this.state = state;
        this.faults = faults;
        this.propfind = new DavPropfind(state);
    }

    @Override
    public void handle(Req r) throws IOException {
        if (r.user == null) {
            SabreError.notAuthenticated(r, state.flavour);
            return;
        }
        DavTarget t = DavTarget.of(r.path, r.user);
        if (t == null || t.user().isEmpty()) {
            SabreError.notFound(r, r.path);
            return;
        }
        synchronized (state) {
            switch (r.method) {
                case "PROPFIND" -> propfind.handle(r, t);
                case "MKCOL" -> mkcol(r, t);
                case "MOVE" -> move(r, t);
                default -> SabreError.send(r, 501, "Sabre\\DAV\\Exception\\NotImplemented",
                        "There was no plugin in the system that was willing to handle this " + r.method + " method.");
            }
        }
    }

    private void mkcol(Req r, DavTarget t) throws IOException {
        if (!t.user().equals(r.user)) {
            // another user's files root is an empty SimpleCollection for the caller (nextcloud RootCollection)
            SabreError.forbidden(r, "Permission denied to create directory");
            return;
        }
        if (r.body.length > 0) {
            SabreError.send(r, 415, "Sabre\\DAV\\Exception\\UnsupportedMediaType",
                    "The request body for the MKCOL request must have an xml Content-Type");
            return;
        }
        if (t.segments().isEmpty()) {
            SabreError.send(r, 405, "Sabre\\DAV\\Exception\\MethodNotAllowed",
                    "The resource you tried to create already exists");
            return;
        }
        Located parent = state.locate(r.user, t.parentSegments());
        if (parent != null && state.flavour.nextcloud() && state.freeBytes(parent.node().owner) < 4096) {
            // Nextcloud's QuotaPlugin::onCreateCollection runs before the MKCOL itself (priority 30), so it answers
            // even for an existing folder; ownCloud 10's QuotaPlugin guards content writes only, never MKCOL.
            Located existing = state.child(r.user, parent, t.name());
            String where = (existing != null ? existing : parent).node().ownerPath();
            SabreError.send(r, 507, "Sabre\\DAV\\Exception\\InsufficientStorage", "Insufficient space in "
                    + (where.isEmpty() ? "/" : where) + ". " + state.freeBytes(parent.node().owner)
                    + " available. Cannot create directory");
            return;
        }
        if (parent == null || !parent.node().folder) {
            SabreError.conflict(r, parent == null ? "Parent node does not exist" : "Parent node is not a collection");
            return;
        }
        String name = t.name();
        if (state.child(r.user, parent, name) != null) {
            SabreError.send(r, 405, "Sabre\\DAV\\Exception\\MethodNotAllowed",
                    "The resource you tried to create already exists");
        } else if (faults.locked(parent.node())) {
            SabreError.locked(r, t.relativePath());
        } else if (name.equals(".htaccess")) {
            SabreError.forbidden(r, "Can not create folder .htaccess: it is on the blacklist");
        } else if (name.contains("\\") || name.length() > 250) {
            // verifyPath's InvalidPathException, answered 400 by the servers' InvalidPath
            SabreError.send(r, 400, "OCA\\DAV\\Connector\\Sabre\\Exception\\InvalidPath",
                    name.length() > 250 ? "File name is too long" : "File name contains at least one invalid character");
        } else if ((parent.permissions() & 4) == 0) {
            SabreError.forbidden(r, "Permission denied to create directory");
        } else {
            Node made = state.newNode(parent.node().owner, name, parent.node(), true, 0);
            // FilesPlugin::sendFileIdHeader (afterBind) on both servers: the new node's oc:id, i.e. the padded file
            // id followed by the instance id, as PROPFIND's oc:id gives it
            r.setHeader("OC-FileId", DavPropfind.ocId(made));
            r.send(201, null, "");
        }
    }

    private void move(Req r, DavTarget src) throws IOException {
        String destHeader = r.header("Destination");
        String ow = r.header("Overwrite");
        if (destHeader == null) {
            SabreError.send(r, 400, "Sabre\\DAV\\Exception\\BadRequest", "The destination header was not supplied");
            return;
        }
        if (ow != null && !ow.equalsIgnoreCase("T") && !ow.equalsIgnoreCase("F")) {
            SabreError.send(r, 400, "Sabre\\DAV\\Exception\\BadRequest",
                    "The HTTP Overwrite header should be either T or F");
            return;
        }
        boolean overwrite = ow == null || ow.equalsIgnoreCase("T");
        DavTarget dst = DavTarget.destination(destHeader, r.user);
        if (dst == null || !dst.base().equals(src.base()) || !src.user().equals(r.user)) {
            SabreError.forbidden(r, "Requested uri (" + destHeader + ") is out of base uri (" + src.base() + "/)");
            return;
        }
        if (dst.segments().isEmpty() || src.segments().isEmpty()) {
            SabreError.forbidden(r, "The root can not be moved or replaced");
            return;
        }
        Located destParent = state.locate(r.user, dst.parentSegments());
        if (destParent == null || !destParent.node().folder) {
            SabreError.conflict(r, "The destination node is not found");
            return;
        }
        Located existing = state.child(r.user, destParent, dst.name());
        if (existing != null && !overwrite) {
            SabreError.send(r, 412, "Sabre\\DAV\\Exception\\PreconditionFailed",
                    "The destination node already exists, and the overwrite header is set to false");
            return;
        }
        Located source = state.locate(r.user, src.segments());
        Located srcParent = state.locate(r.user, src.parentSegments());
        if (source == null) {
            SabreError.notFound(r, src.relativePath());
        } else if (src.segments().equals(dst.segments())) {
            SabreError.forbidden(r, "Source and destination uri are identical.");
        } else if (faults.locked(source.node()) || faults.locked(srcParent.node()) || faults.locked(destParent.node())
                || (existing != null && faults.locked(existing.node()))) {
            SabreError.locked(r, faults.locked(source.node()) ? src.relativePath() : dst.relativePath());
        } else if (refusal(source, destParent, existing) != null) {
            SabreError.forbidden(r, refusal(source, destParent, existing));
        } else {
            if (existing != null) {
                existing.node().parent.children.remove(existing.node().name);
                existing.node().parent.touch();
            }
            if (source.mountRoot()) {
                Share s = source.via();
                s.mountParent.touch();
                s.mountParent = destParent.node();
                s.mountName = dst.name();
                destParent.node().touch();
            } else {
                Node n = source.node();
                n.parent.children.remove(n.name);
                n.parent.touch();
                n.name = dst.name();
                n.parent = destParent.node();
                n.parent.children.put(n.name, n);
                n.touch();
            }
            r.send(existing != null ? 204 : 201, null, "");
        }
    }

    /** Why a MOVE the simulator does not carry out is refused (403), or null. */
    private static String refusal(Located source, Located destParent, Located existing) {
        if (existing != null && existing.mountRoot()) {
            return "A share's mount point can not be overwritten";
        }
        if (source.mountRoot()) {
            return destParent.via() == null ? null : "Moving a share into another share is not allowed";
        }
        if (source.node().folder && source.node().isAncestorOf(destParent.node())) {
            return "A folder can not be moved into itself";
        }
        if (source.via() != destParent.via()) {
            // Across storages the servers copy and delete (new file ids); the simulator does not model it.
            return "Moving between storages is not simulated";
        }
        if (source.via() != null && ((source.permissions() & 2) == 0 || (destParent.permissions() & 4) == 0)) {
            return "Permission denied to rename or move";
        }
        return null;
    }
}
