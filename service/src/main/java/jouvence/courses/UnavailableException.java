package jouvence.courses;

/** A Moodle that must confirm a rule before the action cannot be reached. The API answers 503. */
public class UnavailableException extends RefusedException {

    public UnavailableException(String message) {
        super(message);
    }
}
