package simulator;

import java.util.LinkedHashMap;
import java.util.Map;

/** An error answered as Moodle's {exception, errorcode, message} object. */
final class WsError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String exception;
    final String errorcode;

    WsError(String exception, String errorcode, String message) {
        super(message, null, false, false);
        this.exception = exception;
        this.errorcode = errorcode;
    }

    static WsError invalidParameter() {
        return new WsError("invalid_parameter_exception", "invalidparameter", "Invalid parameter value detected");
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("exception", exception);
        if (errorcode != null) {
            m.put("errorcode", errorcode);
        }
        m.put("message", getMessage());
        return m;
    }
}
