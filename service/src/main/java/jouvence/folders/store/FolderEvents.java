package jouvence.folders.store;

import jouvence.folders.FolderEvent;

import java.util.List;

/** The trail of folder sets ({@code folder_event}). */
final class FolderEvents {

    static final String EVENT = "INSERT INTO folder_event (folder_set_id, step, outcome, message, instance) "
            + "VALUES (?, ?, ?, ?, ?)";

    /** Written only while the set still carries the worker's claim version. */
    static final String HELD_EVENT = """
            INSERT INTO folder_event (folder_set_id, step, outcome, message, instance)
            SELECT id, ?::text, ?::text, ?::text, ?::text FROM folder_set WHERE id = ? AND version = ?""";

    private final FolderSql sql;
    private final String instance;

    FolderEvents(FolderSql sql, String instance) {
        this.sql = sql;
        this.instance = instance;
    }

    void record(long setId, String step, String outcome, String message) {
        sql.update(EVENT, setId, step, outcome, message, instance);
    }

    /** False when the claim was taken back (nothing written). */
    boolean recordHeld(long setId, long version, String step, String outcome, String message) {
        return sql.update(HELD_EVENT, step, outcome, message, instance, setId, version) == 1;
    }

    List<FolderEvent> of(long setId) {
        return sql.query(FolderSql::event, "SELECT * FROM folder_event WHERE folder_set_id = ? ORDER BY id", setId);
    }
}
