package jouvence.folders.cloud;

import jouvence.folders.cloud.CloudFault.Reason;
import jouvence.folders.cloud.CloudTransport.Answer;
import jouvence.folders.cloud.CloudTransport.Request;

import javax.xml.stream.XMLStreamException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * WebDAV under {@code /remote.php/dav/files/{user}/} (doc §4.1): listing with {@code PROPFIND}, folders made segment by
 * segment with {@code MKCOL}, renames with {@code MOVE}. Paths are relative to the account's files root, segments
 * joined by "/" (leading and trailing slashes ignored); every segment is percent-encoded here. Every status is read
 * for what it is: 201 created, 405 exists (then checked to be a folder), 409 parent missing, and 403, 423, 400, 507
 * (Nextcloud answers 507 before it checks existence, so it never means "exists") and anything else as errors.
 */
public final class Dav {

    /** PROPFIND's Depth. {@link #INFINITY} may be answered as 1 by an ownCloud with dav.propfind.depth_infinity off. */
    public enum Depth {
        ZERO("0"), ONE("1"), INFINITY("infinity");

        final String header;

        Depth(String header) {
            this.header = header;
        }
    }

    private final CloudCalls calls;

    Dav(CloudCalls calls) {
        this.calls = calls;
    }

    // ------------------------------------------------------------------ listing

    /**
     * The node at {@code path} and, with depth 1 or infinity, what is below it, as the system account sees them.
     *
     * @throws CloudFault {@link Reason#PATH_MISSING} (an item fault) when nothing is at {@code path}
     */
    public DavTree list(String path, Depth depth) throws CloudFault {
        String p = DavXml.trimSlashes(path);
        Answer a = calls.asSystem(propfind(calls.systemUser(), p, depth), "PROPFIND " + p);
        return new DavTree(p, depth, nodes(a, calls.systemUser(), "PROPFIND " + p));
    }

    /** The same as a participant, in their own files (to find their share's mount before renaming it). */
    public DavTree list(Participant who, String path, Depth depth) throws CloudFault {
        String p = DavXml.trimSlashes(path);
        String what = "PROPFIND " + p + " of " + who.userId();
        Answer a = calls.asParticipant(propfind(who.userId(), p, depth), who.accessToken(), what);
        if (a.status() == 401) {
            throw new CloudFault(Reason.NOT_AUTHORISED, 401, what + ": the cloud refused " + who.userId()
                    + "'s authorisation (expired or revoked): authorise again", Messages.of(a));
        }
        return new DavTree(p, depth, nodes(a, who.userId(), what));
    }

    /** The node at {@code path}, or empty when nothing is there (one PROPFIND with Depth 0). */
    public Optional<DavNode> stat(String path) throws CloudFault {
        try {
            return Optional.of(list(path, Depth.ZERO).root());
        } catch (CloudFault f) {
            if (f.reason() == Reason.PATH_MISSING) {
                return Optional.empty();
            }
            throw f;
        }
    }

    private Request propfind(String user, String path, Depth depth) {
        return Request.of("PROPFIND", davPath(user, path)).header("Depth", depth.header)
                .body(DavXml.PROPFIND_BODY, "application/xml; charset=utf-8");
    }

    private List<DavNode> nodes(Answer a, String user, String what) throws CloudFault {
        if (a.status() == 404) {
            throw new CloudFault(Reason.PATH_MISSING, 404, what + ": nothing there (" + Messages.of(a) + ")",
                    Messages.of(a));
        }
        if (a.status() != 207) {
            throw refusal(a, what);
        }
        try {
            List<DavNode> nodes = DavXml.multistatus(a.body(), hrefPrefix(user));
            if (nodes.isEmpty()) {
                throw new XMLStreamException("no response in the multistatus");
            }
            return nodes;
        } catch (XMLStreamException | RuntimeException e) {
            throw new CloudFault(Reason.BAD_ANSWER, a.status(), what + ": unreadable multistatus (" + e.getMessage()
                    + ")", "", e);
        }
    }

    // ------------------------------------------------------------------ folders

    /** {@link #ensureFolder(String, DavTree)} without a listing known beforehand. */
    public long ensureFolder(String path) throws CloudFault {
        return ensureFolder(path, null);
    }

    /**
     * Makes the folder at {@code path} and any missing parent, and returns its file id. With {@code known} (a listing
     * that covers the folder or its parent, e.g. the folder set's parent with Depth 1) an existing folder costs no
     * call and a missing one no PROPFIND before its MKCOL; without it, one PROPFIND (Depth 0) answers for a folder
     * that exists.
     *
     * @throws CloudFault an item fault when something that is not a folder is there ({@link Reason#NOT_A_FOLDER}),
     *                    on 507 ({@link Reason#QUOTA}), 423, 403, 400 or any other refusal; transient or
     *                    cloud-down faults as every call
     */
    public long ensureFolder(String path, DavTree known) throws CloudFault {
        String p = DavXml.trimSlashes(path);
        if (p.isEmpty()) {
            throw new IllegalArgumentException("the account's root is not a folder to make");
        }
        Optional<DavNode> there = known == null ? Optional.empty() : known.get(p);
        if (there.isEmpty() && (known == null || !known.knowsChildrenOf(parent(p)))) {
            there = stat(p);
        }
        if (there.isPresent()) {
            return folderId(there.get(), p);
        }
        OptionalLong made = create(p, false);
        if (made.isPresent()) {
            return made.getAsLong();
        }
        return folderId(stat(p).orElseThrow(() -> new CloudFault(Reason.BAD_ANSWER, 404, "MKCOL " + p
                + ": the folder was made but PROPFIND does not find it", "")), p);
    }

    private static long folderId(DavNode n, String path) throws CloudFault {
        if (!n.folder()) {
            throw new CloudFault(Reason.NOT_A_FOLDER, 405, "MKCOL " + path + ": a file has that name, not a folder",
                    "");
        }
        return n.fileId();
    }

    /**
     * MKCOL, and on 409 the parent first (once), then again. Returns on 201 and on 405 (the caller checks the folder
     * with a PROPFIND); a parent's 405 is not checked here: if a file has its name, the child's second 409 says so.
     *
     * @return the new folder's file id when the 201 carried it ({@code OC-FileId}), else empty
     */
    private OptionalLong create(String path, boolean parentMade) throws CloudFault {
        String what = "MKCOL " + path;
        Answer a = calls.asSystem(Request.of("MKCOL", davPath(calls.systemUser(), path)), what);
        switch (a.status()) {
            case 201 -> {
                return fileIdOf(a.ocFileId());
            }
            case 405 -> {
                return OptionalLong.empty();
            }
            case 409 -> {
                String parent = parent(path);
                if (parentMade || parent.isEmpty()) {
                    throw new CloudFault(Reason.NOT_A_FOLDER, 409, what + ": its parent is not a folder ("
                            + Messages.of(a) + ")", Messages.of(a));
                }
                create(parent, false);
                return create(path, true);
            }
            default -> throw refusal(a, what);
        }
    }

    /**
     * The numeric file id (PROPFIND's {@code oc:fileid}) in an {@code OC-FileId} header, which is {@code oc:id}: the
     * id padded to 8 digits, then the instance id (which starts with a letter, "oc…"). Empty when absent or not
     * of that shape (a proxy, another server): the caller asks with a PROPFIND.
     */
    static OptionalLong fileIdOf(String ocFileId) {
        if (ocFileId == null) {
            return OptionalLong.empty();
        }
        int digits = 0;
        while (digits < ocFileId.length() && digits < 19 && Character.isDigit(ocFileId.charAt(digits))) {
            digits++;
        }
        if (digits == 0 || digits < ocFileId.length() && Character.isDigit(ocFileId.charAt(digits))) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(ocFileId.substring(0, digits)));
    }

    // ------------------------------------------------------------------ moves

    /** Renames or moves a node of the system account ({@code Overwrite: F}: never replaces anything). */
    public MoveResult move(String from, String to) throws CloudFault {
        String what = "MOVE " + DavXml.trimSlashes(from);
        return moveResult(calls.asSystem(moveRequest(calls.systemUser(), from, to), what));
    }

    /** Renames a node in a participant's own files (their share's mount) with their authorisation. */
    public MoveResult move(Participant who, String from, String to) throws CloudFault {
        String what = "MOVE " + DavXml.trimSlashes(from) + " of " + who.userId();
        return moveResult(calls.asParticipant(moveRequest(who.userId(), from, to), who.accessToken(), what));
    }

    private Request moveRequest(String user, String from, String to) {
        return Request.of("MOVE", davPath(user, DavXml.trimSlashes(from)))
                .header("Destination", calls.baseUrl() + davPath(user, DavXml.trimSlashes(to)))
                .header("Overwrite", "F");
    }

    private static MoveResult moveResult(Answer a) {
        MoveResult.Outcome o = switch (a.status()) {
            case 201, 204 -> MoveResult.Outcome.MOVED;
            case 412 -> MoveResult.Outcome.DESTINATION_EXISTS;
            case 409 -> MoveResult.Outcome.PARENT_MISSING;
            case 423 -> MoveResult.Outcome.LOCKED;
            case 404 -> MoveResult.Outcome.SOURCE_MISSING;
            case 403 -> MoveResult.Outcome.FORBIDDEN;
            case 401 -> MoveResult.Outcome.NOT_AUTHORISED;
            default -> MoveResult.Outcome.REFUSED;
        };
        return new MoveResult(o, a.status(), o == MoveResult.Outcome.MOVED ? "" : Messages.of(a));
    }

    // ------------------------------------------------------------------ paths

    /** The item fault of a WebDAV refusal. */
    private static CloudFault refusal(Answer a, String what) {
        Reason r = switch (a.status()) {
            case 507 -> Reason.QUOTA;
            case 423 -> Reason.LOCKED;
            case 403 -> Reason.FORBIDDEN;
            case 400 -> Reason.INVALID_NAME;
            case 404 -> Reason.PATH_MISSING;
            default -> Reason.REFUSED;
        };
        return new CloudFault(r, a.status(), what + ": HTTP " + a.status() + " " + Messages.of(a), Messages.of(a));
    }

    static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    /** {@code /remote.php/dav/files/{user}/{path}}, every segment percent-encoded. */
    static String davPath(String user, String path) {
        StringBuilder sb = new StringBuilder("/remote.php/dav/files/").append(encode(user));
        for (String seg : DavXml.trimSlashes(path).split("/")) {
            if (!seg.isEmpty()) {
                sb.append('/').append(encode(seg));
            }
        }
        return sb.toString();
    }

    /** The decoded path prefix of the hrefs of the user's files ("/nextcloud/remote.php/dav/files/jouvence"). */
    private String hrefPrefix(String user) {
        String base = URI.create(calls.baseUrl()).getPath();
        return (base == null ? "" : DavXml.trimSlashes(base).isEmpty() ? "" : "/" + DavXml.trimSlashes(base))
                + "/remote.php/dav/files/" + user;
    }

    /** PHP's rawurlencode: every byte but letters, digits and {@code -_.~} as %XX. */
    static String encode(String segment) {
        StringBuilder sb = new StringBuilder();
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-_.~".indexOf(c) >= 0) {
                sb.append((char) c);
            } else {
                sb.append('%').append(String.format("%02X", c));
            }
        }
        return sb.toString();
    }
}
