package jouvence.courses.queue;

import jouvence.courses.Status;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The requests of the Moodle block's bridge (source 'block') whose outcome is still to be written back to the
 * block's row: found, held one at a time while written, marked written back once.
 */
public class BlockWriteBacks {

    /** Finished requests written back per run at most (the rest waits for the next run). */
    static final int BATCH = 500;

    /** Finished requests of the block not written back yet (index restore_request_write_back). */
    static final String SELECT_FINISHED = """
            SELECT id FROM restore_request
             WHERE source = 'block' AND written_back_at IS NULL AND status IN (-1, 2, 4) ORDER BY id LIMIT ?""";

    /** Held while the block's row is written: another replica skips it, an admin's retry waits for the commit. */
    static final String LOCK_FINISHED = """
            SELECT status, restored_course_id, external_ref FROM restore_request
             WHERE id = ? AND source = 'block' AND written_back_at IS NULL AND status IN (-1, 2, 4)
               FOR UPDATE SKIP LOCKED""";

    private final DataSource db;
    private final RequestRepository requests;

    public BlockWriteBacks(RequestRepository requests) {
        this.db = requests.dataSource();
        this.requests = requests;
    }

    /** The ids of the finished requests of the block not written back yet, oldest first. */
    public List<Long> finished() throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(SELECT_FINISHED)) {
            ps.setInt(1, BATCH);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong("id"));
                }
            }
        }
        return ids;
    }

    /** The request, held until written back or closed; null when another replica holds it or it changed. */
    public HeldWriteBack hold(long id) throws SQLException {
        Connection c = db.getConnection();
        try {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(LOCK_FINISHED)) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return new HeldWriteBack(c, id, Status.of(rs.getInt("status")),
                                Sql.nullableLong(rs, "restored_course_id"), rs.getString("external_ref"));
                    }
                }
            }
            c.rollback();
            c.close();
            return null;
        } catch (SQLException | RuntimeException e) {
            try (c) {
                c.rollback();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** Marks the held request written back (commits) and records what was written in its history. */
    public void written(HeldWriteBack held, String message) throws SQLException {
        held.markWrittenBack();
        requests.event(held.id(), "write-back", "ok", null, message);
    }
}
