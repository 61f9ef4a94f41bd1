package jouvence.moodle;

import jouvence.JouvenceConfig.MoodleSite;

import java.io.IOException;
import java.time.Duration;

/**
 * How a form reaches a Moodle: camel-http ({@link CamelHttpTransport}) for every call, the web login's included.
 * {@link MoodleClient} builds the forms and reads the answers, whatever carries them (tests may give their own).
 */
public interface MoodleTransport {

    /** An answer of any status; {@code body} is the empty string when there was none. */
    record Answer(int status, String body) {
    }

    /**
     * POSTs {@code form} (already URL-encoded) to the site's URL + {@code path}.
     *
     * @throws IOException the site could not be reached or did not answer within {@code timeout} (an
     *                     {@link java.io.InterruptedIOException} or {@link java.net.http.HttpTimeoutException} then)
     */
    Answer post(MoodleSite site, String path, String form, Duration timeout) throws IOException, InterruptedException;
}
