package routes.courses;

/**
 * The bridge's statements on the new Moodle's database, as {@code sql:} endpoints on {@code moodleDb}. Moodle's schema
 * is never changed: only {@code {prefix}user} is read and {@code {prefix}block_external_backuprestore} updated. Table
 * names come from {@code jouvence.bridge.table-prefix} only, checked at start-up (lower-case letters, digits and
 * underscores); values are bound parameters ({@code :#name}: the row's columns, then the exchange's variables).
 */
final class BridgeSql {

    private BridgeSql() {
    }

    private static final String PREFIX = "{{jouvence.bridge.table-prefix}}";
    private static final String TABLE = PREFIX + "block_external_backuprestore";
    private static final String ON_MOODLE = "?dataSource=#moodleDb";

    /** The header the row's user is read into (username, deleted), null when Moodle has no such user. */
    static final String USER = "bridgeUser";

    /** Scheduled rows, oldest first; 500 per run at most (the rest waits for the next run). */
    static final String SELECT_SCHEDULED = "sql:SELECT id, userid, externalcourseid, externalcoursename,"
            + " externalmoodleurl, internalcategory, withuserdatas, enrolmentmode FROM " + TABLE
            + " WHERE status = 0 ORDER BY timecreated, id LIMIT 500" + ON_MOODLE;

    /** The plugin's task takes a row the same way: status 1, both times set to now (unix seconds). */
    static final String TAKE = "sql:UPDATE " + TABLE + " SET status = 1, timemodified = :#now,"
            + " timescheduleprocessed = :#now WHERE id = :#id AND status = 0" + ON_MOODLE;

    static final String SELECT_USER = "sql:SELECT username, deleted FROM " + PREFIX + "user WHERE id = :#userid"
            + ON_MOODLE + "&outputType=SelectOne&outputHeader=" + USER;

    /** A taken row that could not become a request: error at once, as the task does for a failed row. */
    static final String REFUSE = "sql:UPDATE " + TABLE + " SET status = -1, timemodified = :#now,"
            + " timescheduleprocessed = :#now WHERE id = :#id AND status = 1" + ON_MOODLE;

    /** A taken row given back because Jouvence's own database failed: the next run takes it again. */
    static final String RELEASE = "sql:UPDATE " + TABLE + " SET status = 0, timemodified = :#now"
            + " WHERE id = :#id AND status = 1" + ON_MOODLE;

    /**
     * Outcomes are written to a row still in progress, or in error (a request an admin retried in Jouvence); a row
     * someone scheduled again (0) or deleted is left alone. The values are the write-back's target's.
     */
    static final String WRITE_PERFORMED = "sql:UPDATE " + TABLE + " SET status = 2,"
            + " courseid = :#${variable.target.courseId}, timemodified = :#${variable.target.now},"
            + " timescheduleprocessed = :#${variable.target.now}"
            + " WHERE id = :#${variable.target.rowId} AND status IN (1, -1)" + ON_MOODLE;

    static final String WRITE_ERROR = "sql:UPDATE " + TABLE + " SET status = -1,"
            + " timemodified = :#${variable.target.now}, timescheduleprocessed = :#${variable.target.now}"
            + " WHERE id = :#${variable.target.rowId} AND status IN (1, -1)" + ON_MOODLE;
}
