package jouvence.moodle;

import jouvence.JouvenceConfig.MoodleSite;

import java.io.IOException;
import java.time.Duration;

/**
 * How a form reaches a Moodle: camel-http ({@link CamelHttpTransport}) for every call, the web login's included.
 * {@link MoodleClient} builds the forms and reads the answers, whatever carries them (tests may give their own).
 */
public interface MoodleTransport {

    /**
     * An answer of any status; {@code body} is the empty string when there was none; {@code location} the Location
     * header of a redirect (never followed: a POST redirected by Moodle arrives as a GET without its form), else null.
     */
    record Answer(int status, String body, String location) {
        public Answer(int status, String body) {
            this(status, body, null);
        }

        public boolean redirect() {
            return status >= 300 && status < 400;
        }

        /**
         * What to say of a redirect: Moodle sends one when the URL is not its {@code wwwroot} (another host name,
         * http instead of https, a missing path).
         */
        public String redirectHint(MoodleSite site, String what) {
            String to = location == null ? "(no Location)" : location.replaceAll("[?#].*", "");
            return site.id() + ": " + what + " was redirected (HTTP " + status + ") to " + to + ": "
                    + (site.id().equals(jouvence.JouvenceConfig.CLIENT_ID) ? "jouvence.client.url"
                    : "jouvence.server." + site.id() + ".url") + " must be the site's own address (its wwwroot)";
        }
    }

    /**
     * POSTs {@code form} (already URL-encoded) to the site's URL + {@code path}.
     *
     * @throws IOException the site could not be reached or did not answer within {@code timeout} (an
     *                     {@link java.io.InterruptedIOException} or {@link java.net.http.HttpTimeoutException} then)
     */
    Answer post(MoodleSite site, String path, String form, Duration timeout) throws IOException, InterruptedException;
}
