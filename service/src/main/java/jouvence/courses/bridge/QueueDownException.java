package jouvence.courses.bridge;

/** Jouvence's own queue failed while a taken row was queued: the row was released, and this run stops. */
public class QueueDownException extends RuntimeException {

    public QueueDownException() {
        super("Jouvence's queue is unavailable: the row was given back to the block's queue", null, false, false);
    }
}
