package jouvence.courses.pipeline;

import java.time.Duration;
import java.util.Optional;

/** Exponential back-off for transient failures: base, 2×base, 4×base… capped, and no more after maxAttempts. */
public record RetryPolicy(int maxAttempts, Duration base, Duration max) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("jouvence.retry.max-attempts must be at least 1");
        }
    }

    /** The delay before the next attempt, given how many attempts have failed so far (this one included). */
    public Optional<Duration> delayAfter(int failedAttempts) {
        if (failedAttempts >= maxAttempts) {
            return Optional.empty();
        }
        int exponent = Math.max(0, Math.min(failedAttempts - 1, 30));
        Duration d = base.multipliedBy(1L << exponent);
        return Optional.of(d.compareTo(max) > 0 ? max : d);
    }
}
