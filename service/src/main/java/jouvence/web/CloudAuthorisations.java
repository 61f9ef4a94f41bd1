package jouvence.web;

import jouvence.folders.cloud.TokenSet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The participants' cloud authorisations, kept in this replica's memory beside their web session (keyed by the
 * session's id hash) and nowhere else: never in the database, never in a log. Also the naming asked before the
 * authorisation, bound to the session by a random {@code state}. Lost on restart (the participant authorises again);
 * with several replicas the cloud's redirect must reach the replica that sent the participant (sticky sessions).
 */
public final class CloudAuthorisations {

    /**
     * What waits for the cloud's answer: the naming of a copy ({@code setId}, {@code shareId}, {@code name}), said
     * after the words of what was done before it ({@code before}, e.g. "Reset"'s; may be null), or only connecting
     * the participant's cloud account ({@code connect}: "Connect my cloud").
     */
    public record Pending(String state, boolean connect, long setId, long shareId, String name, String before,
                          Instant until) {
        @Override
        public String toString() {
            return "Pending[set " + setId + "]";
        }
    }

    private static final Duration PENDING_FOR = Duration.ofMinutes(10);
    private static final int MAX = 10_000;

    private final Map<String, TokenSet> tokens = new ConcurrentHashMap<>();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Clock clock;

    public CloudAuthorisations(Clock clock) {
        this.clock = clock;
    }

    /** The session's access token while it is still valid. */
    public Optional<TokenSet> token(String sessionHash) {
        TokenSet t = tokens.get(sessionHash);
        if (t != null && t.expiresAt().isBefore(clock.instant())) {
            tokens.remove(sessionHash);
            return Optional.empty();
        }
        return Optional.ofNullable(t);
    }

    public void keep(String sessionHash, TokenSet token) {
        prune();
        tokens.put(sessionHash, token);
    }

    public Pending ask(String sessionHash, String state, long setId, long shareId, String name, String before) {
        prune();
        Pending p = new Pending(state, false, setId, shareId, name, before, clock.instant().plus(PENDING_FOR));
        pending.put(sessionHash, p);
        return p;
    }

    /** "Connect my cloud": only the account is wanted. */
    public Pending askConnect(String sessionHash, String state) {
        prune();
        Pending p = new Pending(state, true, 0, 0, null, null, clock.instant().plus(PENDING_FOR));
        pending.put(sessionHash, p);
        return p;
    }

    /** The session's naming waiting for this {@code state}, now removed; empty for another state or none. */
    public Optional<Pending> answer(String sessionHash, String state) {
        Pending p = pending.remove(sessionHash);
        if (p == null || state == null || !Tokens.same(p.state(), state) || p.until().isBefore(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(p);
    }

    /** The session ended: its authorisation is forgotten. */
    public void forget(String sessionHash) {
        tokens.remove(sessionHash);
        pending.remove(sessionHash);
    }

    private void prune() {
        Instant now = clock.instant();
        tokens.values().removeIf(t -> t.expiresAt().isBefore(now));
        pending.values().removeIf(p -> p.until().isBefore(now));
        if (tokens.size() > MAX) {
            tokens.clear();
        }
        if (pending.size() > MAX) {
            pending.clear();
        }
    }
}
