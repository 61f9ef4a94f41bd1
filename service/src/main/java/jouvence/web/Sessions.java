package jouvence.web;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Server-side sessions in PostgreSQL (every replica sees them). The browser holds only a random 256-bit id in an
 * HttpOnly cookie; the table holds its SHA-256, the username, the admin flag, the CSRF token and the language. The
 * user's own Moodle token is never stored: it stays in this replica's memory ({@link PersonTokens}) until the session
 * ends here. A session unused for {@code idle} by {@code clock} is gone.
 */
public class Sessions {

    /** A live session. {@link #toString} never shows the CSRF token. */
    public record Session(String idHash, String username, boolean admin, String csrf, String lang,
                          Instant lastSeen) {
        @Override
        public String toString() {
            return "Session[" + username + (admin ? ", admin" : "") + ", " + lang + "]";
        }
    }

    /** What a cookie leads to: a live session, or none (with {@code expired} when it existed but timed out). */
    public record Lookup(Session session, boolean expired) {
        static final Lookup NONE = new Lookup(null, false);
    }

    public record Flash(String kind, String text) {
    }

    private final DataSource db;
    private final Duration idle;
    private final Clock clock;
    private final PersonTokens tokens;

    public Sessions(DataSource db, Duration idle, Clock clock) {
        this(db, idle, clock, new PersonTokens());
    }

    public Sessions(DataSource db, Duration idle, Clock clock, PersonTokens tokens) {
        this.db = db;
        this.idle = idle;
        this.clock = clock;
        this.tokens = tokens;
    }

    /** The tokens of the sessions this replica opened (memory only). */
    public PersonTokens tokens() {
        return tokens;
    }

    public Duration idle() {
        return idle;
    }

    /**
     * Opens a session; returns the cookie value (shown to nobody else, stored only hashed). The person's token goes to
     * this replica's memory, never to the database.
     */
    public String create(String username, String moodleToken, boolean admin, String lang) {
        String id = Tokens.random();
        Instant now = clock.instant();
        try (Connection c = db.getConnection()) {
            try (PreparedStatement purge = c.prepareStatement(
                    "DELETE FROM web_session WHERE last_seen < ? RETURNING id_hash")) {
                purge.setObject(1, at(now.minus(idle)));
                try (ResultSet gone = purge.executeQuery()) {
                    while (gone.next()) {
                        tokens.drop(gone.getString(1));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO web_session (id_hash, username, "
                    + "admin, csrf, lang, created_at, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, Tokens.sha256(id));
                ps.setString(2, username);
                ps.setBoolean(3, admin);
                ps.setString(4, Tokens.random());
                ps.setString(5, lang);
                ps.setObject(6, at(now));
                ps.setObject(7, at(now));
                ps.executeUpdate();
            }
            tokens.put(Tokens.sha256(id), moodleToken);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return id;
    }

    /** The session of a cookie value, its last-seen time renewed; an idle one is deleted and reported expired. */
    public Lookup find(String cookieValue) {
        if (cookieValue == null || cookieValue.isBlank() || cookieValue.length() > 100) {
            return Lookup.NONE;
        }
        String hash = Tokens.sha256(cookieValue);
        Instant now = clock.instant();
        try (Connection c = db.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE web_session SET last_seen = ? WHERE id_hash = ? AND last_seen >= ? RETURNING *")) {
                ps.setObject(1, at(now));
                ps.setString(2, hash);
                ps.setObject(3, at(now.minus(idle)));
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return new Lookup(new Session(hash, rs.getString("username"), rs.getBoolean("admin"),
                                rs.getString("csrf"), rs.getString("lang"),
                                rs.getTimestamp("last_seen").toInstant()), false);
                    }
                }
            }
            tokens.drop(hash);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM web_session WHERE id_hash = ?")) {
                ps.setString(1, hash);
                return new Lookup(null, ps.executeUpdate() > 0);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public void delete(String idHash) {
        tokens.drop(idHash);
        update("DELETE FROM web_session WHERE id_hash = ?", idHash);
    }

    public void lang(String idHash, String lang) {
        update("UPDATE web_session SET lang = ? WHERE id_hash = ?", lang, idHash);
    }

    /** A message for the next page of this session (after a POST and its redirect). */
    public void flash(String idHash, String kind, String text) {
        update("UPDATE web_session SET flash = ?, flash_kind = ? WHERE id_hash = ?", text, kind, idHash);
    }

    /** The message waiting for this session, now removed. */
    public Optional<Flash> takeFlash(String idHash) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("""
                WITH old AS (SELECT id_hash, flash, flash_kind FROM web_session WHERE id_hash = ? FOR UPDATE)
                UPDATE web_session s SET flash = NULL, flash_kind = NULL FROM old
                 WHERE s.id_hash = old.id_hash AND old.flash IS NOT NULL RETURNING old.flash, old.flash_kind""")) {
            ps.setString(1, idHash);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Flash(rs.getString(2), rs.getString(1))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An instant as PostgreSQL's TIMESTAMPTZ takes it. */
    static OffsetDateTime at(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }

    private void update(String sql, Object... args) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
