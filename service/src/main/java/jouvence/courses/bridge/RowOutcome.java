package jouvence.courses.bridge;

/**
 * What became of a taken row: queued; refused (the row is set to -1 and the admins are told); or not queued because
 * Jouvence's own queue failed (the row is released to the block's queue and this run stops).
 */
public record RowOutcome(Refusal refusal, boolean queueDown) {

    static final RowOutcome QUEUED = new RowOutcome(null, false);
    static final RowOutcome QUEUE_DOWN = new RowOutcome(null, true);

    static RowOutcome refuse(Refusal refusal) {
        return new RowOutcome(refusal, false);
    }

    public boolean refused() {
        return refusal != null;
    }
}
