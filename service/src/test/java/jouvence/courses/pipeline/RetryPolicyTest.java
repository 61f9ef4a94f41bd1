package jouvence.courses.pipeline;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(5, Duration.ofMinutes(2), Duration.ofMinutes(10));

    @Test
    void delays_double_from_the_base_and_stop_at_the_cap() {
        assertEquals(Optional.of(Duration.ofMinutes(2)), policy.delayAfter(1));
        assertEquals(Optional.of(Duration.ofMinutes(4)), policy.delayAfter(2));
        assertEquals(Optional.of(Duration.ofMinutes(8)), policy.delayAfter(3));
        assertEquals(Optional.of(Duration.ofMinutes(10)), policy.delayAfter(4));
    }

    @Test
    void gives_up_once_the_attempts_are_used() {
        assertEquals(Optional.empty(), policy.delayAfter(5));
        assertEquals(Optional.empty(), new RetryPolicy(1, Duration.ofSeconds(1), Duration.ofSeconds(1)).delayAfter(1));
    }

    @Test
    void refuses_zero_attempts() {
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO));
    }
}
