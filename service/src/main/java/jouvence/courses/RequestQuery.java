package jouvence.courses;

import jouvence.courses.Status;

import java.time.Instant;

/**
 * Which requests to list; a null filter takes any.
 *
 * @param from creation instant, inclusive
 * @param to   creation instant, exclusive
 */
public record RequestQuery(Status status, String requester, String server, Instant from, Instant to) {
}
