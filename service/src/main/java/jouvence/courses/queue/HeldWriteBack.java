package jouvence.courses.queue;

import jouvence.courses.Status;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * A finished request of the block, locked ({@code FOR UPDATE SKIP LOCKED}) while its outcome is written to the block's
 * row: other replicas skip it, an admin's retry waits. {@link #markWrittenBack()} commits; {@link #close()} without it
 * rolls back (the write-back is tried again on the next run).
 */
public final class HeldWriteBack implements AutoCloseable {

    static final String MARK_WRITTEN_BACK = "UPDATE restore_request SET written_back_at = now() WHERE id = ?";

    private final Connection connection;
    private final long id;
    private final Status status;
    private final Long restoredCourseId;
    private final String externalRef;
    private boolean committed;

    HeldWriteBack(Connection connection, long id, Status status, Long restoredCourseId, String externalRef) {
        this.connection = connection;
        this.id = id;
        this.status = status;
        this.restoredCourseId = restoredCourseId;
        this.externalRef = externalRef;
    }

    public long id() {
        return id;
    }

    public Status status() {
        return status;
    }

    public Long restoredCourseId() {
        return restoredCourseId;
    }

    /** The block's row id, as the request was queued with it (source 'block'). */
    public String externalRef() {
        return externalRef;
    }

    /** Marks the request written back, and commits (the lock goes). */
    public void markWrittenBack() throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(MARK_WRITTEN_BACK)) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
        connection.commit();
        committed = true;
    }

    @Override
    public void close() throws SQLException {
        try {
            if (!committed) {
                connection.rollback();
            }
        } finally {
            connection.close();
        }
    }
}
