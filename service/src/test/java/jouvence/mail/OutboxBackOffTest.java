package jouvence.mail;

import jouvence.JouvenceConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The outbox's back-off: doubling from the first delay, capped, none after the last try; nonsense refused. */
class OutboxBackOffTest {

    private final JouvenceConfig.Outbox defaults = new JouvenceConfig.Outbox(Duration.ofMinutes(1), Duration.ofHours(2),
            25, Duration.ofMinutes(10), 50, 30);

    @Test
    void doubles_from_the_first_delay_up_to_the_cap_then_gives_up() {
        assertEquals(Optional.of(Duration.ofMinutes(1)), defaults.delayAfter(1));
        assertEquals(Optional.of(Duration.ofMinutes(2)), defaults.delayAfter(2));
        assertEquals(Optional.of(Duration.ofMinutes(64)), defaults.delayAfter(7));
        assertEquals(Optional.of(Duration.ofHours(2)), defaults.delayAfter(8));
        assertEquals(Optional.of(Duration.ofHours(2)), defaults.delayAfter(24));
        assertEquals(Optional.empty(), defaults.delayAfter(25), "the 25th try was the last");
    }

    @Test
    void refuses_settings_that_make_no_sense() {
        assertThrows(IllegalArgumentException.class, () -> new JouvenceConfig.Outbox(Duration.ofHours(3),
                Duration.ofHours(2), 25, Duration.ofMinutes(10), 50, 30));
        assertThrows(IllegalArgumentException.class, () -> new JouvenceConfig.Outbox(Duration.ZERO,
                Duration.ofHours(2), 25, Duration.ofMinutes(10), 50, 30));
        assertThrows(IllegalArgumentException.class, () -> new JouvenceConfig.Outbox(Duration.ofMinutes(1),
                Duration.ofHours(2), 0, Duration.ofMinutes(10), 50, 30));
    }
}
