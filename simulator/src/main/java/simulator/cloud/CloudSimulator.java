package simulator.cloud;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import simulator.cloud.CloudState.Located;

/**
 * A simulated ownCloud 10 or Nextcloud on its own HTTP server bound to 127.0.0.1: WebDAV ({@code PROPFIND},
 * {@code MKCOL}, {@code MOVE} under {@code /remote.php/dav/files/{user}/} and the legacy {@code /remote.php/webdav/}),
 * the OCS share API v1 and v2 (user shares, sharees search, {@code cloud/user}) and the OAuth 2 server, answering
 * with the status codes, messages and payload shapes of {@code ../shared/owncloud/collaborative-folders.md} §4 and of
 * the servers' sources where the doc is silent (each such place says so).
 *
 * <p>Data: users with app passwords (HTTP Basic) or bearer tokens from the OAuth flow; per-user storages of folders
 * (and files, for quotas) with stable file ids; user shares mounted in the recipient's root, or in a configured share
 * folder, as {@code "X (2)"} on a name clash. Test hooks (inherited from {@link CloudControls}):
 * {@link #failNextRequests}, {@link #stallNextRequests}, {@link #latency}, {@link #refuseCredentials}, {@link #lock},
 * {@link #disableSharing}, {@link #refuseSharesWith}, {@link #maxSharePermissions}; here: {@link #quota},
 * {@link #autoAcceptShares}, the OAuth server's {@link #addOAuthClient} and {@link #authorizeAs}. Observations: {@link #calls()}, {@link #callCounts()},
 * {@link #writeCalls()}, {@link #tree(String)}, {@link #shares()}. Every public method is thread-safe.
 */
public final class CloudSimulator extends CloudControls implements AutoCloseable {

    /** Methods that change something: a reconcile with nothing to do makes none of them. */
    public static final Set<String> WRITE_METHODS = Set.of("MKCOL", "MOVE", "POST", "DELETE", "PUT", "PROPPATCH",
            "COPY");

    /** One request: method, raw path, query (null when none; never recorded for OAuth), caller (null), status. */
    public record Call(String method, String path, String query, String user, int status) {
        public boolean isWrite() {
            return WRITE_METHODS.contains(method);
        }
    }

    /** A node of a user's tree as the user sees it: path from the root ({@code "/a/b"}), file id, kind. */
    public record Entry(String path, long fileId, boolean folder, boolean mount) {
    }

    /**
     * A share: id, owner, the shared node's path in the owner's storage, recipient, permissions granted, file id, and
     * where it is mounted in the recipient's storage (null while it waits to be accepted).
     */
    public record ShareInfo(long id, String owner, String path, String shareWith, int permissions, long fileId,
                            String mountPath) {
    }

    private final OAuthTokens tokens = new OAuthTokens();
    private final CloudCallLog log = new CloudCallLog();
    private final CloudHttp http;

    private CloudSimulator(Flavour flavour) {
        super(new CloudState(flavour));
        Auth auth = new Auth(state, tokens, faults);
        http = new CloudHttp(flavour == Flavour.NEXTCLOUD ? "nextcloud-sim" : "owncloud-sim", auth, faults, log,
                new WebDav(state, faults), new OcsEndpoint(state, faults), new OAuthEndpoint(state, tokens, faults));
    }

    /** An ownCloud 10 (with its {@code oauth2} app). Not started: call {@link #start()}. */
    public static CloudSimulator ownCloud10() {
        return new CloudSimulator(Flavour.OWNCLOUD_10);
    }

    /** A Nextcloud. Not started: call {@link #start()}. */
    public static CloudSimulator nextcloud() {
        return new CloudSimulator(Flavour.NEXTCLOUD);
    }

    public Flavour flavour() {
        return state.flavour;
    }

    // ------------------------------------------------------------------ lifecycle

    /** Binds 127.0.0.1 on a free port (the same one again after {@link #stop()}) and answers. Idempotent. */
    public CloudSimulator start() {
        http.start();
        return this;
    }

    /** Stops answering (connections refused); data and hooks are kept, {@link #start()} resumes on the same port. */
    public void stop() {
        http.stop();
    }

    @Override
    public void close() {
        faults.clear(); // releases stalled requests
        http.stop();
    }

    public int port() {
        return http.port();
    }

    /** {@code http://127.0.0.1:PORT}, no trailing slash: the cloud's base URL. */
    public String url() {
        return "http://127.0.0.1:" + port();
    }

    // ------------------------------------------------------------------ users and storage

    /** Adds a user with an empty files root. */
    public CloudSimulator addUser(String id, String displayName, String email) {
        state.addUser(id, displayName, email);
        return this;
    }

    /** Lets the user log in with HTTP Basic {@code id:password} (an app password; several may be valid). */
    public CloudSimulator appPassword(String user, String password) {
        synchronized (state) {
            state.requireUser(user).appPasswords.add(password);
        }
        return this;
    }

    /**
     * The user's quota in bytes (null: unlimited). Nextcloud answers MKCOL in the user's storage with 507 when less
     * than 4096 bytes are free (QuotaPlugin::onCreateCollection, checked before the folder's existence); ownCloud 10
     * checks quotas on content writes only, so its MKCOL is not affected.
     */
    public CloudSimulator quota(String user, Long bytes) {
        synchronized (state) {
            state.requireUser(user).quotaBytes = bytes;
        }
        return this;
    }

    /** Test set-up (not an HTTP call, not logged): makes the folders of {@code path}; returns the last one's id. */
    public long mkdirs(String user, String path) {
        synchronized (state) {
            Located at = state.locate(user, List.of());
            for (String seg : ShareApi.segments(path)) {
                Located next = state.child(user, at, seg);
                at = next != null ? next : new Located(state.newNode(at.node().owner, seg, at.node(), true, 0),
                        at.via(), false);
            }
            return at.node().id;
        }
    }

    /** Test set-up: a file of {@code bytes} bytes (its folder must exist); counts against the owner's quota. */
    public long addFile(String user, String path, long bytes) {
        synchronized (state) {
            List<String> segs = ShareApi.segments(path);
            Located parent = state.locate(user, segs.subList(0, segs.size() - 1));
            if (parent == null) {
                throw new IllegalArgumentException("no folder for " + path);
            }
            return state.newNode(parent.node().owner, segs.get(segs.size() - 1), parent.node(), false, bytes).id;
        }
    }

    /** The file id at {@code path} as the user sees it (mounts included), or null. */
    public Long fileId(String user, String path) {
        synchronized (state) {
            Located at = state.locate(user, ShareApi.segments(path));
            return at == null ? null : at.node().id;
        }
    }

    /** Every node the user sees, depth first, mounts included (their contents too). */
    public List<Entry> tree(String user) {
        synchronized (state) {
            List<Entry> out = new ArrayList<>();
            walk(user, "", state.locate(user, List.of()), out);
            return out;
        }
    }

    private void walk(String user, String path, Located at, List<Entry> out) {
        for (Map.Entry<String, Located> c : state.children(user, at).entrySet()) {
            String p = path + "/" + c.getKey();
            out.add(new Entry(p, c.getValue().node().id, c.getValue().node().folder, c.getValue().mountRoot()));
            walk(user, p, c.getValue(), out);
        }
    }

    // ------------------------------------------------------------------ sharing

    /**
     * Folder of the recipients' storages where incoming shares are mounted ({@code share_folder}, e.g. "Shares"; made
     * when missing); null (the default): the recipient's root.
     */
    public CloudSimulator shareFolder(String folder) {
        synchronized (state) {
            state.shareFolder = folder == null ? null : String.join("/", ShareApi.segments(folder));
        }
        return this;
    }

    /** Test set-up: shares the owner's node with a user as the OCS API would, without a call; returns the share id. */
    public long share(String owner, String path, String shareWith, int permissions) {
        synchronized (state) {
            Located at = state.locate(owner, ShareApi.segments(path));
            if (at == null || at.via() != null || state.user(shareWith) == null) {
                throw new IllegalArgumentException("cannot share " + path + " of " + owner + " with " + shareWith);
            }
            Share s = new Share(state.nextShareId(), owner, at.node(), shareWith, permissions);
            state.addShare(s);
            return s.id;
        }
    }

    public List<ShareInfo> shares() {
        synchronized (state) {
            return state.shares.stream().map(s -> new ShareInfo(s.id, s.owner, s.node.ownerPath(), s.shareWith,
                    s.permissions, s.node.id, s.mountPath())).toList();
        }
    }

    /**
     * Shares mounted at once (default, ownCloud's {@code shareapi_auto_accept_share}) or pending until the recipient
     * accepts them ({@code POST …/shares/pending/{id}}; Nextcloud's share acceptance): a pending share is not in the
     * recipient's storage, so a MOVE of its would-be mount answers 404 (doc §6.9).
     */
    public CloudSimulator autoAcceptShares(boolean autoAccept) {
        synchronized (state) {
            state.autoAccept = autoAccept;
        }
        return this;
    }

    /** PROPFIND {@code Depth: infinity} answered in full (default) or as Depth 1 (ownCloud's switch off). */
    public CloudSimulator depthInfinity(boolean enabled) {
        synchronized (state) {
            state.depthInfinity = enabled;
        }
        return this;
    }

    // ------------------------------------------------------------------ OAuth 2

    /** Registers a confidential OAuth client (the cloud admin's "Add client"). */
    public CloudSimulator addOAuthClient(String clientId, String secret, String redirectUri) {
        tokens.addClient(clientId, secret, redirectUri);
        return this;
    }

    /** The user logged in to the cloud's web UI: authorize requests are approved at once as this user (null: none). */
    public CloudSimulator authorizeAs(String user) {
        tokens.loggedIn(user);
        return this;
    }

    /** Lifetime of the access tokens issued from now on (default one hour, as the servers). */
    public CloudSimulator accessTokenLifetime(Duration lifetime) {
        tokens.lifetime(lifetime);
        return this;
    }

    /** The access and refresh tokens issued so far and still known (to check they are kept nowhere they must not be). */
    public List<String> issuedTokens() {
        return tokens.issued();
    }

    /** Every access token issued so far expires now (refresh tokens stay valid). */
    public void expireAccessTokens() {
        tokens.expireAll();
    }

    // ------------------------------------------------------------------ observation

    public List<Call> calls() {
        return log.calls();
    }

    /** Number of calls by method, e.g. {@code {"MKCOL": 3, "PROPFIND": 1}}. */
    public Map<String, Integer> callCounts() {
        return log.countsByMethod();
    }

    /** The calls that change something ({@link #WRITE_METHODS}). */
    public List<Call> writeCalls() {
        return log.calls().stream().filter(Call::isWrite).toList();
    }

    /** The most requests answered at once since the start or {@link #clearCalls()} (a client's parallelism). */
    public int maxConcurrentCalls() {
        return log.maxInFlight();
    }

    public void clearCalls() {
        log.clear();
    }
}
