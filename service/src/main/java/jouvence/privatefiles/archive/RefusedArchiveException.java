package jouvence.privatefiles.archive;

/**
 * The old platform's zip cannot be carried over as it is: not a zip, an unsafe entry name, a link, or more than
 * {@code jouvence.private-files.max-bytes}. The message says which entry and why, in words a person understands.
 */
public class RefusedArchiveException extends Exception {

    private static final long serialVersionUID = 1L;

    public RefusedArchiveException(String message) {
        super(message);
    }

    public RefusedArchiveException(String message, Throwable cause) {
        super(message, cause);
    }
}
