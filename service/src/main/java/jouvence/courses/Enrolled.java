package jouvence.courses;

/** A colleague enrolled into a restored course, with the role the configuration gives colleagues. */
public record Enrolled(String username, long courseId, String courseUrl, long roleId) {
}
