package jouvence.courses.restore;

import java.util.List;

/**
 * The restore command on the new Moodle did not produce a course, whichever {@link RestoreDriver} ran it.
 *
 * <p>{@link #getMessage()} is plain words and ends with the last lines the command printed; {@link #code()} is one of
 * the constants below. Once the command has started ({@code restore-timeout}, {@code restore-exit},
 * {@code restore-no-course-id}, {@code restore-interrupted}) Moodle may have created a (hidden, partial) course:
 * {@link #courseId()} gives it when the output named one.
 */
public class RestoreFailedException extends Exception {

    private static final long serialVersionUID = 1L;

    /** The command was still running at the timeout; its process tree was killed, or its Job deleted. */
    public static final String TIMEOUT = "restore-timeout";
    /** The command ended with a non-zero exit code (or its Job failed, or could no longer be followed). */
    public static final String EXIT = "restore-exit";
    /** The command ended with exit code 0 but its output never named the new course. */
    public static final String NO_COURSE_ID = "restore-no-course-id";
    /**
     * The command could not be started (executable missing, working directory missing, log file not writable; the
     * Kubernetes API refused or failed to create the Job).
     */
    public static final String START = "restore-start";
    /**
     * The calling thread was interrupted; the process tree was killed or the Job deleted, and the thread's interrupt
     * flag restored.
     */
    public static final String INTERRUPTED = "restore-interrupted";

    private final String code;
    private final Integer exitCode;
    private final Long courseId;
    private final List<String> tail;

    public RestoreFailedException(String code, String message, Integer exitCode, Long courseId, List<String> tail,
                                  Throwable cause) {
        super(message, cause);
        this.code = code;
        this.exitCode = exitCode;
        this.courseId = courseId;
        this.tail = tail == null ? List.of() : List.copyOf(tail);
    }

    /** Short machine code, one of the constants of this class. */
    public String code() {
        return code;
    }

    /** The process's exit code when it ended by itself ({@code restore-exit}, {@code restore-no-course-id}), else null. */
    public Integer exitCode() {
        return exitCode;
    }

    /** A course id the output printed before the failure (a partly restored course may exist), else null. */
    public Long courseId() {
        return courseId;
    }

    /** The last lines of the command's output (as many as configured), possibly empty. */
    public List<String> tail() {
        return tail;
    }
}
