package jouvence.userdata;

import jouvence.courses.InvalidRequestException;
import jouvence.courses.NotFoundException;
import jouvence.userdata.store.UserDataRepository;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The only way in to the user-data imports: the API, the console, the CSV import, the first-login hook and the watch
 * of new users all call it. Who may ask is theirs to check (the API token, an admin's session, the session's own
 * username at first login); the service checks what is asked: a server offering user data and a username.
 */
public class UserDataService {

    private static final Set<String> ORIGINS = Set.of("api", "console", "csv", "first-login", "watch");

    private final UserDataConfig config;
    private final UserDataRepository repository;
    private volatile Runnable onQueued = () -> { };

    public UserDataService(UserDataConfig config, UserDataRepository repository) {
        this.config = config;
        this.repository = repository;
    }

    /** Called after every new import (the routes' "claim again" kick). */
    public void onQueued(Runnable kick) {
        this.onQueued = kick;
    }

    /** The course servers offering user data (a user-data token configured), in the order of jouvence.servers. */
    public List<String> servers() {
        return new ArrayList<>(config.serverTokens().keySet());
    }

    /** A new import, or the unfinished one of that server and username. */
    public UserDataRepository.Created request(String server, String username, String origin, String requestedBy) {
        if (!ORIGINS.contains(origin)) {
            throw new IllegalArgumentException("unknown origin " + origin);
        }
        if (server == null || server.isBlank()) {
            throw new InvalidRequestException("server: required, the id of a course server offering user data "
                    + "(" + String.join(", ", servers()) + ")");
        }
        if (!config.serverTokens().containsKey(server)) {
            throw new NotFoundException("server: no course server " + jouvence.courses.intake.Echo.quoted(server)
                    + " offers user data (configured: " + String.join(", ", servers()) + ")");
        }
        // Moodle keeps usernames in lower case (its login lowers what is typed): " Teacher1" is teacher1
        String user = username == null ? "" : username.strip().toLowerCase(java.util.Locale.ROOT);
        if (user.isEmpty() || user.length() > 100 || !user.matches("[^\\s\\p{Cntrl}]+")) {
            throw new InvalidRequestException("username: required, a Moodle username (1 to 100 characters, no space)");
        }
        UserDataRepository.Created c = repository.create(server, user, origin, requestedBy);
        if (c.created()) {
            onQueued.run();
        }
        return c;
    }

    /** The first-login hook: one import per server for a person never imported before; false when nothing asked. */
    public boolean firstLogin(String username) {
        if (!config.onFirstLogin() || repository.anyFor(username)) {
            return false;
        }
        servers().forEach(server -> request(server, username, "first-login", username));
        return true;
    }

    public UserDataImport get(long id) {
        return repository.find(id).orElseThrow(() -> new NotFoundException("no user-data import " + id));
    }

    public List<UserDataEvent> events(long id) {
        return repository.events(id);
    }

    public List<UserDataImport> list(String status, String username, int limit, int offset) {
        ImportStatus s = null;
        if (status != null) {
            s = ImportStatus.parse(status);
            if (s == null) {
                throw new InvalidRequestException("status: one of scheduled, in-progress, performed, error, "
                        + "waiting-retry");
            }
        }
        return repository.list(s, username, limit, offset);
    }
}
