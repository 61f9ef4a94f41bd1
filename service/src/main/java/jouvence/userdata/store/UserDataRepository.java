package jouvence.userdata.store;

import jouvence.userdata.ImportStatus;
import jouvence.userdata.UserDataEvent;
import jouvence.userdata.UserDataImport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** Intake, reads, the baseline and the watch's high-water mark of the user-data imports ({@code V12__user_data.sql}). */
public class UserDataRepository {

    private final Sql sql;
    private final UserDataClaims claims;
    private final String instance;

    public UserDataRepository(DataSource db, String instance) {
        this.sql = new Sql(db);
        this.claims = new UserDataClaims(sql, instance);
        this.instance = instance;
    }

    public UserDataClaims claims() {
        return claims;
    }

    /** A new import, or the unfinished one of that server and username ({@code created} false). */
    public record Created(UserDataImport row, boolean created) {
    }

    public Created create(String server, String username, String origin, String requestedBy) {
        List<UserDataImport> made = sql.query(Sql::importRow, """
                INSERT INTO user_data_import (server, username, origin, requested_by) VALUES (?, ?, ?, ?)
                ON CONFLICT (server, username) WHERE status IN (0, 1, 3) DO NOTHING RETURNING *""",
                server, username, origin, requestedBy);
        if (!made.isEmpty()) {
            event(made.get(0).id(), "intake", "ok", "asked by " + origin + (requestedBy == null ? ""
                    : " (" + requestedBy + ")"));
            return new Created(made.get(0), true);
        }
        return sql.query(Sql::importRow, "SELECT * FROM user_data_import WHERE server = ? AND username = ? "
                + "AND status IN (0, 1, 3)", server, username).stream().findFirst()
                .map(r -> new Created(r, false))
                .orElseGet(() -> create(server, username, origin, requestedBy)); // finished in between
    }

    public void event(long id, String step, String outcome, String message) {
        sql.update("INSERT INTO user_data_event (import_id, step, outcome, message, instance) VALUES (?, ?, ?, ?, ?)",
                id, step, outcome, message, instance);
    }

    public Optional<UserDataImport> find(long id) {
        return sql.query(Sql::importRow, "SELECT * FROM user_data_import WHERE id = ?", id).stream().findFirst();
    }

    public List<UserDataImport> list(ImportStatus status, String username, int limit, int offset) {
        StringBuilder q = new StringBuilder("SELECT * FROM user_data_import WHERE TRUE");
        List<Object> args = new ArrayList<>();
        if (status != null) {
            q.append(" AND status = ?");
            args.add(status.code);
        }
        if (username != null) {
            q.append(" AND username = ?");
            args.add(username);
        }
        q.append(" ORDER BY id DESC LIMIT ? OFFSET ?");
        args.add(limit);
        args.add(offset);
        return sql.query(Sql::importRow, q.toString(), args.toArray());
    }

    public List<UserDataEvent> events(long id) {
        return sql.query(Sql::event, "SELECT * FROM user_data_event WHERE import_id = ? ORDER BY id", id);
    }

    /** Whether any import of this username was ever recorded (the first-login hook's "first"). */
    public boolean anyFor(String username) {
        return !sql.query(rs -> 1, "SELECT 1 FROM user_data_import WHERE username = ? LIMIT 1", username).isEmpty();
    }

    public Map<String, String> baseline(String username) {
        Map<String, String> values = new LinkedHashMap<>();
        sql.query(rs -> values.put(rs.getString("item"), rs.getString("value")),
                "SELECT item, value FROM user_data_baseline WHERE username = ? ORDER BY item", username);
        return values;
    }

    /** Imports by state, for the gauges. */
    public Map<ImportStatus, Long> countByStatus() {
        Map<ImportStatus, Long> counts = new LinkedHashMap<>();
        for (ImportStatus s : ImportStatus.values()) {
            counts.put(s, 0L);
        }
        sql.query(rs -> counts.put(ImportStatus.of(rs.getInt(1)), rs.getLong(2)),
                "SELECT status, count(*) FROM user_data_import GROUP BY status");
        return counts;
    }

    /** The errors no digest told yet, marked told (one statement: two replicas never mail the same error). */
    public List<UserDataImport> takeUnmailedErrors() {
        return sql.query(Sql::importRow, "UPDATE user_data_import SET error_mailed = TRUE WHERE status = -1 "
                + "AND NOT error_mailed RETURNING *");
    }

    /** The watch's high-water mark: {timecreated, user id}, or empty before the first look. */
    public Optional<long[]> watchMark() {
        return sql.query(rs -> new long[] {rs.getLong(1), rs.getLong(2)},
                "SELECT last_timecreated, last_user_id FROM user_data_watch WHERE id = 'watch'").stream().findFirst();
    }

    public void saveWatchMark(long timecreated, long userId) {
        sql.update("""
                INSERT INTO user_data_watch (id, last_timecreated, last_user_id) VALUES ('watch', ?, ?)
                ON CONFLICT (id) DO UPDATE SET last_timecreated = EXCLUDED.last_timecreated,
                       last_user_id = EXCLUDED.last_user_id, looked_at = now()""", timecreated, userId);
    }

}
