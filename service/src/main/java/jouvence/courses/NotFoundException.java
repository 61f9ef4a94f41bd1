package jouvence.courses;

/** The request, or the user, asked about does not exist. The API answers 404. */
public class NotFoundException extends RefusedException {

    public NotFoundException(String message) {
        super(message);
    }
}
