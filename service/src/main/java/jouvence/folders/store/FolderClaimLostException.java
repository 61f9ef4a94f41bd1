package jouvence.folders.store;

/** The reconcile no longer holds its set (stopped being managed, or its lease expired and another took it). */
public class FolderClaimLostException extends RuntimeException {
    public FolderClaimLostException(long id) {
        super("folder set " + id + " is no longer held by this reconcile's claim (stopped, or lease expired)");
    }
}
