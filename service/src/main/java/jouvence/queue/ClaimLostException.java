package jouvence.queue;

/** This instance no longer holds the request (its lease expired and the sweep took it back): stop working on it. */
public class ClaimLostException extends RuntimeException {
    public ClaimLostException(long id) {
        super("request " + id + " is no longer claimed by this instance (lease expired?)");
    }
}
