package jouvence.web;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The people's own Moodle tokens (from their login), held in this replica's memory only and never in the database
 * (issue 14): session hash → token. Put at login; dropped at logout, when the session is found expired or purged, and
 * when the replica stops. With several replicas a token lives on the replica that served the login. Never logged:
 * {@link #toString} shows only how many are held.
 */
public final class PersonTokens {

    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    public void put(String sessionHash, String token) {
        if (sessionHash != null && token != null && !token.isEmpty()) {
            tokens.put(sessionHash, token);
        }
    }

    /** The token of a session this replica served the login of, when it still holds it. */
    public Optional<String> get(String sessionHash) {
        return sessionHash == null ? Optional.empty() : Optional.ofNullable(tokens.get(sessionHash));
    }

    public void drop(String sessionHash) {
        if (sessionHash != null) {
            tokens.remove(sessionHash);
        }
    }

    /** At stop: every token forgotten. */
    public void clear() {
        tokens.clear();
    }

    public int size() {
        return tokens.size();
    }

    @Override
    public String toString() {
        return "PersonTokens[" + tokens.size() + " held]";
    }
}
