package jouvence.courses;

/** What was asked breaks a rule (a field, a policy); the message names the field. The API answers 400. */
public class InvalidRequestException extends RefusedException {

    public InvalidRequestException(String message) {
        super(message);
    }
}
