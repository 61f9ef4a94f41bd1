package jouvence.observe;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * Whether the queue's database answers, checked on a timer of its own (route health-database) with a connection of its
 * own one-connection pool and a short time limit; the health probes read the last result and never wait on the
 * database themselves (Camel's management server answers its probes one at a time, so a probe that waited would hold
 * the liveness probe behind it).
 */
public final class DatabaseCheck {

    /** One check's outcome: {@code problem} is null when the database answered. */
    public record Result(Instant at, String problem) {
        public boolean ok() {
            return problem == null;
        }
    }

    private final DataSource db;
    private final Duration timeout;
    private final Clock clock;
    private volatile Result last;

    /**
     * @param db      the check's own pool, whose connection time-out is {@code timeout}
     * @param timeout the longest a check waits for the database's answer
     */
    public DatabaseCheck(DataSource db, Duration timeout, Clock clock) {
        this.db = db;
        this.timeout = timeout;
        this.clock = clock;
    }

    /** Checks now (the route's timer calls it); at most about {@code timeout} long. */
    public void check() {
        checkNow();
    }

    /** Checks now and returns the result (also kept as the last one); {@code jouvence check} asks it once. */
    public Result checkNow() {
        String problem = null;
        try (Connection c = db.getConnection()) {
            if (!c.isValid((int) Math.max(1, timeout.toSeconds()))) {
                problem = "the database did not answer within " + timeout.toSeconds() + " s";
            }
        } catch (Exception e) {
            problem = "no connection to the database within " + timeout.toSeconds() + " s: " + e.getMessage()
                    + rootCause(e);
        }
        // Camel's health endpoint writes the message into its JSON as it is: no double quote may reach it.
        Result result = new Result(clock.instant(), problem == null ? null : problem.replace('"', '\''));
        last = result;
        return result;
    }

    /** The driver's own reason behind the pool's "not available" (refused, unknown host, password), if any. */
    public static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e || root.getMessage() == null ? "" : " (" + root.getMessage() + ")";
    }

    /**
     * The last result, or a problem when there is none yet or it is older than {@code maxAge} (the checks stopped or
     * hang: the database's state is not known, so it is not ready).
     */
    public Result last(Duration maxAge) {
        Result r = last;
        Instant now = clock.instant();
        if (r == null) {
            return new Result(now, "the database was not checked yet");
        }
        if (r.at().isBefore(now.minus(maxAge))) {
            return new Result(r.at(), "no database check since " + r.at() + " (" + r.problem() + ")");
        }
        return r;
    }

    /** How old a result may be before it no longer counts: a few check intervals and time-outs. */
    public Duration maxAge(Duration interval) {
        return interval.plus(timeout).multipliedBy(3);
    }
}
