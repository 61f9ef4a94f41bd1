package jouvence.courses.bridge;

/** Jouvence's own queue failed while a taken row was queued: the row was released, and this run stops. */
public class QueueDownException extends RuntimeException {

    public QueueDownException(String message) {
        super(message, null, false, false);
    }
}
