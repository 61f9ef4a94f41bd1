package jouvence.courses;

/**
 * The restore service refused what was asked; the message says why, in words for the caller. Each subclass is one
 * kind of refusal, which the REST API maps to one status code.
 */
public abstract class RefusedException extends RuntimeException {

    protected RefusedException(String message) {
        super(message);
    }
}
