package jouvence.folders.moodle;

import jouvence.courses.InvalidRequestException;

/**
 * A folder set asks for what Moodle does not have (no such course, a grouping of another course): the request is
 * wrong, not the site. The message starts with the field's name; the API answers 400.
 */
public class FolderSetInputException extends InvalidRequestException {

    private final String field;

    public FolderSetInputException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    /** The request's field at fault ({@code courseId}, {@code groupingId}). */
    public String field() {
        return field;
    }
}
