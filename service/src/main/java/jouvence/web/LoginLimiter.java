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
 * A locked login is refused before Moodle is asked, so the lock also stops password guessing.
 */
public class LoginLimiter {

    /** How many more failures one client address may make than one username. */
    public static final int IP_FACTOR = 4;

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

    /** How long this username or this address must wait, or empty when they may try now. */
    public Optional<Duration> blocked(String username, String ip) {
        Instant now = clock.instant();
        Optional<Duration> user = waitFor(failures(userKey(username), now), attempts, window, now);
        Optional<Duration> address = ip == null ? Optional.empty()
                : waitFor(failures(ipKey(ip), now), attempts * IP_FACTOR, window, now);
        if (user.isPresent() && address.isPresent()) {
            return Optional.of(user.get().compareTo(address.get()) >= 0 ? user.get() : address.get());
        }
        return user.isPresent() ? user : address;
    }

    public void failed(String username, String ip) {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO web_login_failure (key, at) VALUES (?, ?), (?, ?)")) {
            ps.setString(1, userKey(username));
            ps.setObject(2, Sessions.at(clock.instant()));
            ps.setString(3, ip == null ? "ip:unknown" : ipKey(ip));
            ps.setObject(4, Sessions.at(clock.instant()));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A good login forgets the username's failures, and every failure older than the window. */
    public void succeeded(String username) {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "DELETE FROM web_login_failure WHERE key = ? OR at < ?")) {
            ps.setString(1, userKey(username));
            ps.setObject(2, Sessions.at(clock.instant().minus(window)));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Instant> failures(String key, Instant now) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT at FROM web_login_failure WHERE key = ? AND at > ?")) {
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
        } catch (SQLException e) {
            throw new IllegalStateException(e);
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
