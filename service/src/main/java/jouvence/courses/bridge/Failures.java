package jouvence.courses.bridge;

import java.sql.SQLException;

/** Reading what stopped a run, through the exceptions a route wraps around what a step threw. */
final class Failures {

    private Failures() {
    }

    static boolean isA(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** What the database said (the first SQLException's message), else the innermost cause's message. */
    static String said(Throwable failure) {
        Throwable last = failure;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException) {
                return t.getMessage();
            }
            last = t;
        }
        return String.valueOf(last.getMessage());
    }
}
