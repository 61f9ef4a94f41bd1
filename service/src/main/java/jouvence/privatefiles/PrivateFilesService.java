package jouvence.privatefiles;

import jouvence.privatefiles.moodle.OldPlatform;
import jouvence.privatefiles.store.PrivateFilesClaims;
import jouvence.privatefiles.store.PrivateFilesRepository;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The only way into the private files (the page, the API, the login hook call it). A request is always the logged-in
 * person's own: its username is the web session's (the new platform's site info at login), never one a form or a body
 * gives, and no method here takes a username from anywhere else.
 */
public class PrivateFilesService {

    /** A course server offered on the page: its name, what is there when the server says, the latest request. */
    public record Offer(String serverId, String siteName, OldPlatform.Info info, PrivateFilesRequest latest) {
    }

    /** A request with its trail and each file's outcome ({@code path, outcome, final path, size}). */
    public record Detail(PrivateFilesRequest request, List<PrivateFilesEvent> trail, List<String[]> items) {
    }

    /** The logged-in person as the web session knows them (never built from a form). */
    public record Person(String username, String sessionHash, String lang) {
    }

    private final boolean enabled;
    private final List<String> servers;
    private final PrivateFilesRepository repository;
    private final PrivateFilesClaims claims;
    private final OldPlatform old;
    private volatile Runnable onQueued = () -> { };

    public PrivateFilesService(boolean enabled, List<String> servers, PrivateFilesRepository repository,
                               PrivateFilesClaims claims, OldPlatform old) {
        this.enabled = enabled;
        this.servers = List.copyOf(servers);
        this.repository = repository;
        this.claims = claims;
        this.old = old;
    }

    public boolean enabled() {
        return enabled;
    }

    /** Called when a request is due now (a new one, a login that resumes one): the claim looks at once. */
    public void onQueued(Runnable kick) {
        this.onQueued = kick == null ? () -> { } : kick;
    }

    /** The servers offered to the person, with what each holds for them when it says. */
    public List<Offer> offers(Person me) {
        Map<String, PrivateFilesRequest> latest = repository.latestByServer(me.username());
        List<Offer> offers = new ArrayList<>();
        for (String id : servers) {
            offers.add(new Offer(id, old.siteName(id), old.info(id, me.username()).orElse(null), latest.get(id)));
        }
        return offers;
    }

    /**
     * The person asks for their files from {@code serverId}: a new request, or their open one.
     *
     * @throws IllegalArgumentException a server that is not offered (the message names the field)
     */
    public PrivateFilesRepository.Intake request(Person me, String serverId) {
        if (serverId == null || !servers.contains(serverId)) {
            throw new IllegalArgumentException("server: '" + (serverId == null ? "" : serverId.length() > 40
                    ? serverId.substring(0, 40) : serverId) + "' is not a course server offering private files");
        }
        PrivateFilesRepository.Intake intake = repository.request(serverId, me.username(), me.sessionHash(),
                me.lang());
        onQueued.run();
        return intake;
    }

    /** At the person's login: their requests waiting for a session go on with this one. */
    public void loggedIn(Person me) {
        if (enabled && !repository.attachSessions(me.username(), me.sessionHash()).isEmpty()) {
            onQueued.run();
        }
    }

    public List<PrivateFilesRequest> mine(Person me) {
        return repository.mine(me.username());
    }

    /** One request, for the admins (console, API). */
    public Optional<Detail> get(long id) {
        return repository.find(id).map(r -> new Detail(r, repository.trail(id), claims.items(id)));
    }

    /** Every request, for the admins; {@code state} one of the words or null. */
    public List<PrivateFilesRequest> list(String state, int limit, int offset) {
        Integer s = state == null || state.isBlank() ? null : switch (state) {
            case "scheduled" -> PrivateFilesRequest.SCHEDULED;
            case "in-progress" -> PrivateFilesRequest.IN_PROGRESS;
            case "performed" -> PrivateFilesRequest.PERFORMED;
            case "waiting-login" -> PrivateFilesRequest.WAITING_LOGIN;
            case "error" -> PrivateFilesRequest.ERROR;
            default -> throw new IllegalArgumentException("state: must be scheduled, in-progress, performed, "
                    + "waiting-login or error");
        };
        return repository.list(s, Math.max(1, Math.min(limit, 500)), Math.max(0, offset));
    }

    public Map<Integer, Long> counts() {
        return repository.countsByState();
    }
}
