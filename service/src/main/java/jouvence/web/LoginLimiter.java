package jouvence.web;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Login rate limit, shared by replicas through PostgreSQL: {@code attempts} failures of one username within
 * {@code window} lock that username until the oldest of them leaves the window; one client address gets
 * {@link #IP_FACTOR} times as many (a campus behind one NAT address must not lock everybody out after five typos).
 * A locked login is refused before Moodle is asked, so the lock also stops password guessing. Each attempt is counted
 * (and recorded as a failure) before Moodle is asked, atomically, so parallel guesses cannot get past the limit; it is
 * forgotten when the login succeeds or Moodle could not answer.
 */
public class LoginLimiter {

    /** How many more failures one client address may make than one username. */
    public static final int IP_FACTOR = 4;
    /** The first key of this limiter's advisory locks (the second is the hash of "user:…" or "ip:…"). */
    private static final int LOCK_CLASS = 0x4A4C4C; // "JLL"

    private final DataSource db;
    private final int attempts;
    private final Duration window;
    private final Clock clock;

    public LoginLimiter(DataSource db, int attempts, Duration window, Clock clock) {
        this.db = db;
        this.attempts = attempts;
        this.window = window;
        this.clock = clock;
    }

    /**
     * The rule, without the database: how long until one more attempt is allowed, or empty when it is allowed now.
     *
     * @param failures when the failures happened (any order; those outside the window are ignored)
     */
    public static Optional<Duration> waitFor(List<Instant> failures, int attempts, Duration window, Instant now) {
        Instant since = now.minus(window);
        List<Instant> recent = failures.stream().filter(t -> t.isAfter(since)).sorted().toList();
        if (recent.size() < attempts) {
            return Optional.empty();
        }
        Instant freeAt = recent.get(recent.size() - attempts).plus(window);
        return freeAt.isAfter(now) ? Optional.of(Duration.between(now, freeAt)) : Optional.empty();
    }

    /** Whole minutes to tell people, rounded up, at least 1. */
    public static long minutes(Duration wait) {
        return Math.max(1, (wait.toSeconds() + 59) / 60);
    }

    /**
     * One login attempt, counted before Moodle is asked: {@code waitFor} when it is refused (nothing recorded), else
     * the rows recorded for it (one per key), which stay as failures unless {@link #succeeded} or {@link #unanswered}.
     */
    public record Attempt(Optional<Duration> waitFor, List<Long> rows) {

        public boolean allowed() {
            return waitFor.isEmpty();
        }
    }

    /**
     * Counts and records an attempt of this username from this address in one transaction, under a transaction-scoped
     * advisory lock per key (username and address, taken in order): parallel attempts are counted one after the other,
     * so no more than the limit ever reach Moodle. Refused (with how long to wait) when either key is at its limit.
     */
    public Attempt attempt(String username, String ip) {
        Instant now = clock.instant();
        List<String> keys = ip == null ? List.of(userKey(username)) : List.of(userKey(username), ipKey(ip));
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                for (String key : keys.stream().sorted().toList()) {
                    try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?, hashtext(?))")) {
                        lock.setInt(1, LOCK_CLASS);
                        lock.setString(2, key);
                        lock.execute();
                    }
                }
                Optional<Duration> wait = Optional.empty();
                for (String key : keys) {
                    int limit = key.startsWith("user:") ? attempts : attempts * IP_FACTOR;
                    wait = longer(wait, waitFor(failures(c, key, now), limit, window, now));
                }
                List<Long> rows = new ArrayList<>();
                if (wait.isEmpty()) {
                    for (String key : keys) {
                        rows.add(record(c, key, now));
                    }
                }
                c.commit();
                return new Attempt(wait, List.copyOf(rows));
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Moodle could not check the password (down, misconfigured): the attempt is not a guess and no longer counts. */
    public void unanswered(Attempt attempt) {
        delete("DELETE FROM web_login_failure WHERE id = ANY (?)", attempt, null);
    }

    /** A good login forgets the username's failures, this attempt, and every failure older than the window. */
    public void succeeded(String username, Attempt attempt) {
        delete("DELETE FROM web_login_failure WHERE id = ANY (?) OR key = ? OR at < ?", attempt, username);
    }

    private void delete(String sql, Attempt attempt, String username) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("bigint", attempt.rows().toArray()));
            if (username != null) {
                ps.setString(2, userKey(username));
                ps.setObject(3, Sessions.at(clock.instant().minus(window)));
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Optional<Duration> longer(Optional<Duration> a, Optional<Duration> b) {
        if (a.isPresent() && b.isPresent()) {
            return a.get().compareTo(b.get()) >= 0 ? a : b;
        }
        return a.isPresent() ? a : b;
    }

    private static long record(Connection c, String key, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO web_login_failure (key, at) VALUES (?, ?) RETURNING id")) {
            ps.setString(1, key);
            ps.setObject(2, Sessions.at(now));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private List<Instant> failures(Connection c, String key, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT at FROM web_login_failure WHERE key = ? AND at > ?")) {
            ps.setString(1, key);
            ps.setObject(2, Sessions.at(now.minus(window)));
            List<Instant> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp t = rs.getTimestamp(1);
                    out.add(t.toInstant());
                }
            }
            return out;
        }
    }

    /** Moodle usernames are lower case; "Teacher1 " and "teacher1" are one account. */
    static String userKey(String username) {
        return "user:" + (username == null ? "" : username.strip().toLowerCase(Locale.ROOT));
    }

    static String ipKey(String ip) {
        return "ip:" + ip;
    }
}
