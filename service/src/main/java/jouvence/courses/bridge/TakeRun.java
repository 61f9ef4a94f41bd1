package jouvence.courses.bridge;

import java.util.ArrayList;
import java.util.List;

/** The tally of one run of taking rows, kept while its rows are taken one by one. */
public final class TakeRun {

    private int taken;
    private int queued;
    private final List<Refusal> refused = new ArrayList<>();

    void taken() {
        taken++;
    }

    void queued() {
        queued++;
    }

    void refused(Refusal refusal) {
        refused.add(refusal);
    }

    int takenCount() {
        return taken;
    }

    int queuedCount() {
        return queued;
    }

    List<Refusal> refusals() {
        return List.copyOf(refused);
    }
}
