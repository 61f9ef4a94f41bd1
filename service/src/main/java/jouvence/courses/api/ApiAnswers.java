package jouvence.courses.api;

import jouvence.courses.ConflictException;
import jouvence.courses.DuplicateRequestException;
import jouvence.courses.ForbiddenException;
import jouvence.courses.InvalidRequestException;
import jouvence.courses.NotFoundException;
import jouvence.courses.RefusedException;
import jouvence.courses.UnavailableException;
import jouvence.courses.UpstreamException;
import jouvence.courses.api.IntakeApi.Answer;

import java.util.function.Supplier;

/**
 * The REST API's answers: a view (written as JSON by the REST route, camel-jackson), or a refusal of the restore service
 * mapped to its status code.
 */
public final class ApiAnswers {

    private ApiAnswers() {
    }

    /** {@code status} with the view {@code body} makes, or the status and message of the refusal it throws. */
    public static Answer answer(int status, Supplier<?> body) {
        Object view;
        try {
            view = body.get();
        } catch (RefusedException | DuplicateRequestException e) {
            return error(statusOf(e), e.getMessage());
        }
        return json(status, view);
    }

    /** The one place where a refusal becomes a status code. */
    static int statusOf(RuntimeException e) {
        if (e instanceof InvalidRequestException) {
            return 400;
        } else if (e instanceof ForbiddenException) {
            return 403;
        } else if (e instanceof NotFoundException) {
            return 404;
        } else if (e instanceof ConflictException || e instanceof DuplicateRequestException) {
            return 409;
        } else if (e instanceof UpstreamException) {
            return 502;
        } else if (e instanceof UnavailableException) {
            return 503;
        }
        return 500;
    }

    public static Answer error(int status, String message) {
        return json(status, new ApiViews.Error(message, status));
    }

    /** {@code status} with {@code body}, a view record the REST route writes as JSON (camel-jackson). */
    public static Answer json(int status, Object body) {
        return new Answer(status, body);
    }
}
