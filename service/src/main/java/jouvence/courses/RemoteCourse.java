package jouvence.courses;

/**
 * A course a teacher teaches on a course server.
 *
 * @param categoryIdentifier the server's identifier of the course's category, matched on the new platform for
 *                           "original category"; null when the server gives none
 */
public record RemoteCourse(long id, String fullname, String shortname, String categoryIdentifier) {
}
