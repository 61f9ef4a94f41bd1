package jouvence.courses.bridge;

import jouvence.JouvenceConfig;
import jouvence.courses.Status;
import jouvence.courses.queue.BlockWriteBacks;
import jouvence.courses.queue.HeldWriteBack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Clock;

/**
 * What the plugin's task would write on the block's row for a finished request (performed → 2 and {@code courseid};
 * error or cancelled → -1; both times = now), and what was done; the route writes the row while the request is held.
 */
public class WriteBackRule {

    private static final Logger LOG = LoggerFactory.getLogger(WriteBackRule.class);

    /** The final write on row {@code rowId}: its status {@code code}, the restored course for 2, the time. */
    public record Target(long rowId, int code, Long courseId, long now) {
        public boolean performed() {
            return code == 2;
        }
    }

    private final BlockWriteBacks writeBacks;
    private final Clock clock;
    private final String table;

    public WriteBackRule(JouvenceConfig config, BlockWriteBacks writeBacks, Clock clock) {
        this.writeBacks = writeBacks;
        this.clock = clock;
        this.table = RowIntake.tableOf(config);
    }

    public WriteBackRun start() {
        return new WriteBackRun();
    }

    /** The write for a held request; null when its reference names no row (nothing to write, marked all the same). */
    public Target target(HeldWriteBack held) {
        String ref = held.externalRef();
        if (ref == null || !ref.matches("\\d{1,18}")) {
            return null;
        }
        int code = held.status() == Status.PERFORMED ? 2 : -1;
        return new Target(Long.parseLong(ref), code, code == 2 ? held.restoredCourseId() : null,
                clock.instant().getEpochSecond());
    }

    /**
     * The row is written (or there was none): the request is marked written back, which commits and lets it go.
     *
     * @param updated how many rows the write changed (1, or 0 when the row is gone or was changed in Moodle)
     */
    public void written(WriteBackRun run, HeldWriteBack held, Target target, Integer updated) throws SQLException {
        String message = said(held, target, updated);
        writeBacks.written(held, message);
        LOG.info("bridge: request {}: {}", held.id(), message);
        run.add();
    }

    String said(HeldWriteBack held, Target target, Integer updated) {
        if (target == null) {
            return "no row of " + table + " to write back to (reference '" + held.externalRef() + "')";
        }
        return updated != null && updated == 1
                ? "row " + target.rowId() + " of " + table + " set to " + target.code()
                        + (target.performed() ? " with courseid " + target.courseId() : "")
                : "row " + target.rowId() + " of " + table + " is gone, or was changed in Moodle meanwhile: left as it is";
    }

    /** Lets the request go without marking it (rolled back) unless it was written back: always the last step. */
    public void release(HeldWriteBack held) throws SQLException {
        if (held != null) {
            held.close();
        }
    }

    /** The run stopped at a request: the rest is written back on the next run. */
    public void stopped(WriteBackRun run, Throwable failure) {
        LOG.warn("bridge: cannot write back the finished requests ({} written): {}; tried again next run",
                run.written(), Failures.said(failure));
    }
}
