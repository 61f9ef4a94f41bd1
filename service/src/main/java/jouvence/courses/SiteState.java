package jouvence.courses;

import java.time.Instant;

/** The last probe of a Moodle (a course server or the new platform), and whether Jouvence stopped using it. */
public record SiteState(boolean ok, boolean down, String siteName, String release, String problem, Instant checkedAt) {
}
