package jouvence.courses;

/** A Moodle failed while doing the action. The API answers 502. */
public class UpstreamException extends RefusedException {

    public UpstreamException(String message) {
        super(message);
    }
}
