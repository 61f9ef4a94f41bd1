package jouvence.courses.restore;

/**
 * What became of a restore whose worker stopped while it ran (the service was killed, its replica died): read from what
 * the restore left behind, by {@link RestoreDriver#inspect}.
 */
public sealed interface RestoreState {

    /** The restore ended and created its course: the request goes on at the finish, the course exists once. */
    record Finished(long courseId, RunnerReport runner) implements RestoreState {
    }

    /** The restore still runs ({@code where}: which process, which Job): wait for it. */
    record Running(String where) implements RestoreState {
    }

    /**
     * The restore stopped before it ended. {@code partialCourseId}: the course it was restoring into, when known (it may
     * half exist on the new platform); {@code why}: what is known of its end.
     */
    record Died(Long partialCourseId, String why) implements RestoreState {
    }
}
