package jouvence.courses;

/**
 * The caller may not do this (a switched-off feature, a colleague who does not teach the course). The API answers 403.
 */
public class ForbiddenException extends RefusedException {

    public ForbiddenException(String message) {
        super(message);
    }
}
