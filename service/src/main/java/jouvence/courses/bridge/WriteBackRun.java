package jouvence.courses.bridge;

/** The tally of one run of writing outcomes back: how many requests were written back. */
public final class WriteBackRun {

    private int written;

    void add() {
        written++;
    }

    public int written() {
        return written;
    }
}
