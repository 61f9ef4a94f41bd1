package simulator;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Time as the simulated sites see it: epoch seconds, HTTP dates, and the latencies tests inject. */
final class Times {

    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);

    private Times() {
    }

    static long nowSeconds() {
        return System.currentTimeMillis() / 1000;
    }

    static String httpDate(long epochSeconds) {
        return HTTP_DATE.format(ZonedDateTime.ofInstant(Instant.ofEpochSecond(epochSeconds), ZoneOffset.UTC));
    }

    /** Sleeps an injected latency; an interrupt becomes Moodle's generalexceptionmessage. */
    static void sleep(Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            return;
        }
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WsError("moodle_exception", "generalexceptionmessage", "Error: interrupted");
        }
    }
}
