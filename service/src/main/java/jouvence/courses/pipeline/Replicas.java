package jouvence.courses.pipeline;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Whether other replicas are alive: their clustered Quartz scheduler checked in lately ({@code qrtz_scheduler_state},
 * within twice its check-in interval). Read at most once a second; when the database cannot tell, others are assumed.
 */
public class Replicas {

    static final String OTHERS_ALIVE = """
            SELECT EXISTS (SELECT 1 FROM qrtz_scheduler_state
                            WHERE instance_name <> ? AND last_checkin_time > ? - 2 * checkin_interval)""";
    private static final long READ_EVERY_MS = 1000;

    private final DataSource db;
    private final String self;
    private volatile long readAt;
    private volatile boolean othersAlive = true;

    public Replicas(DataSource db, String self) {
        this.db = db;
        this.self = self;
    }

    public boolean othersAlive() {
        long now = System.currentTimeMillis();
        if (now - readAt < READ_EVERY_MS) {
            return othersAlive;
        }
        boolean others = true;
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(OTHERS_ALIVE)) {
            ps.setString(1, self);
            ps.setLong(2, now);
            try (ResultSet rs = ps.executeQuery()) {
                others = rs.next() && rs.getBoolean(1);
            }
        } catch (SQLException e) {
            // cannot tell: share as if others were there
        }
        othersAlive = others;
        readAt = now;
        return others;
    }
}
