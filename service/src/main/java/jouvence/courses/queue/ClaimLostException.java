package jouvence.courses.queue;



/**
 * The worker no longer holds the request: its claim's version moved on (the sweep took the request back, maybe for
 * another worker of this very instance). Stop working on it, writing nothing.
 */
public class ClaimLostException extends RuntimeException {
    public ClaimLostException(long id) {
        super("request " + id + " is no longer held by this worker's claim (lease expired and swept?)");
    }
}
