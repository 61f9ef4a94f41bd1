package jouvence.db;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/** Tells a database that does not answer (down, restarting, unreachable) from an answer it gave. */
public final class DatabaseFaults {

    private DatabaseFaults() {
    }

    /**
     * True when {@code e} or a cause is the pool finding no connection, or an SQLSTATE of class 08 (connection
     * exception) or 57P01–57P03 (the server shutting down, crashed, or not accepting connections yet).
     */
    public static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().matches("57P0[123]"))) {
                return true;
            }
        }
        return false;
    }
}
