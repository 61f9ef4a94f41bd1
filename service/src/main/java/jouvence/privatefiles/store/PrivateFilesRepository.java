package jouvence.privatefiles.store;

import jouvence.privatefiles.PrivateFilesEvent;
import jouvence.privatefiles.PrivateFilesRequest;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * The intake and the read side of the private files' queue, and the login hook: a person's requests waiting for a
 * login are attached to their new session and due again.
 */
public class PrivateFilesRepository {

    private final PrivateFilesSql sql;
    private final String instance;

    public PrivateFilesRepository(DataSource db, String instance) {
        this.sql = new PrivateFilesSql(db);
        this.instance = instance;
    }

    PrivateFilesSql sql() {
        return sql;
    }

    String instance() {
        return instance;
    }

    /**
     * A new request of the session's person for {@code serverId}, or their open one (a second press finds the first:
     * {@code created} false then); an open one waiting for a login takes this session.
     */
    public Intake request(String serverId, String username, String sessionHash, String lang) {
        List<PrivateFilesRequest> made = sql.query(PrivateFilesSql::request, """
                INSERT INTO private_files_request (server_id, username, web_session, token_holder, lang)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (server_id, username) WHERE state IN (0, 1, 3) DO NOTHING RETURNING *""",
                serverId, username, sessionHash, instance, lang);
        if (!made.isEmpty()) {
            event(made.get(0).id(), "intake", "ok", "asked by " + username + " on the private files page");
            return new Intake(made.get(0), true);
        }
        attachSessions(username, sessionHash);
        return new Intake(open(serverId, username).orElseThrow(), false);
    }

    public record Intake(PrivateFilesRequest request, boolean created) {
    }

    public Optional<PrivateFilesRequest> open(String serverId, String username) {
        return sql.query(PrivateFilesSql::request, "SELECT * FROM private_files_request WHERE server_id = ? "
                + "AND username = ? AND state IN (0, 1, 3)", serverId, username).stream().findFirst();
    }

    /**
     * At a person's login on this replica: their requests waiting for a session take this one (and this replica, which
     * holds its token in memory) and are due at once.
     */
    public List<Long> attachSessions(String username, String sessionHash) {
        List<Long> ids = sql.query(rs -> rs.getLong(1), """
                UPDATE private_files_request SET web_session = ?, token_holder = ?, state = CASE WHEN state = 3 THEN 0 ELSE state END,
                       next_attempt_at = CASE WHEN state = 3 THEN now() ELSE next_attempt_at END, modified_at = now()
                 WHERE username = ? AND state IN (0, 1, 3) RETURNING id""", sessionHash, instance, username);
        ids.forEach(id -> event(id, "login", "info", username + " logged in: the request uses the new session"));
        return ids;
    }

    public Optional<PrivateFilesRequest> find(long id) {
        return sql.query(PrivateFilesSql::request, "SELECT * FROM private_files_request WHERE id = ?", id)
                .stream().findFirst();
    }

    /** A person's requests, newest first. */
    public List<PrivateFilesRequest> mine(String username) {
        return sql.query(PrivateFilesSql::request,
                "SELECT * FROM private_files_request WHERE username = ? ORDER BY id DESC LIMIT 100", username);
    }

    /** The person's latest request per server. */
    public Map<String, PrivateFilesRequest> latestByServer(String username) {
        Map<String, PrivateFilesRequest> latest = new TreeMap<>();
        for (PrivateFilesRequest r : mine(username)) {
            latest.putIfAbsent(r.serverId(), r);
        }
        return latest;
    }

    /** Every request (the console), newest first; {@code state} null for all. */
    public List<PrivateFilesRequest> list(Integer state, int limit, int offset) {
        return state == null
                ? sql.query(PrivateFilesSql::request, "SELECT * FROM private_files_request ORDER BY id DESC LIMIT ? "
                + "OFFSET ?", limit, offset)
                : sql.query(PrivateFilesSql::request, "SELECT * FROM private_files_request WHERE state = ? "
                + "ORDER BY id DESC LIMIT ? OFFSET ?", state, limit, offset);
    }

    public List<PrivateFilesEvent> trail(long id) {
        return sql.query(PrivateFilesSql::event,
                "SELECT * FROM private_files_event WHERE request_id = ? ORDER BY id", id);
    }

    /** How many requests are in each state (the gauge). */
    public Map<Integer, Long> countsByState() {
        Map<Integer, Long> counts = new TreeMap<>();
        sql.query(rs -> counts.put(rs.getInt(1), rs.getLong(2)),
                "SELECT state, count(*) FROM private_files_request GROUP BY state");
        return counts;
    }

    void event(long id, String step, String outcome, String message) {
        sql.update("INSERT INTO private_files_event (request_id, step, outcome, message, instance) "
                + "VALUES (?, ?, ?, ?, ?)", id, step, outcome, message, instance);
    }
}
