package jouvence.folders;

import jouvence.courses.ConflictException;

/** The course already has a managed folder set of that name (or the activity one): the API answers 409 with its id. */
public class DuplicateFolderSetException extends ConflictException {

    private final long existingId;

    public DuplicateFolderSetException(String message, long existingId) {
        super(message);
        this.existingId = existingId;
    }

    public long existingId() {
        return existingId;
    }
}
