package jouvence.courses;

/** The request is not in a state that allows the action. The API answers 409. */
public class ConflictException extends RefusedException {

    public ConflictException(String message) {
        super(message);
    }
}
