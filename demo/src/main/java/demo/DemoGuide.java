package demo;

import simulator.MoodleSimulator;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a person needs to try the running demo by hand: the real addresses (the ports are picked at random), the
 * logins of the simulated new Moodle (read from the simulator, so they cannot drift from it), the API token and a
 * request that the API will accept as printed (a course still free after the demo's own requests).
 */
final class DemoGuide {

    /** Moodle's role id of an editing teacher: the teachers who may ask for a course. */
    static final int EDITING_TEACHER = 3;

    private final String api;
    private final String pages;
    private final String management;
    private final String token;

    DemoGuide(int apiPort, int managementPort, String token) {
        this.pages = "http://127.0.0.1:" + apiPort;
        this.api = pages + "/api/v1";
        this.management = "http://127.0.0.1:" + managementPort;
        this.token = token;
    }

    /** A course of the old platform that a teacher could ask for now. */
    record FreeCourse(String server, int courseId, String fullname, String requester) {
    }

    /** The addresses, logins and token, one per line. */
    String addresses(List<MoodleSimulator.Account> logins, Path log) {
        StringBuilder b = new StringBuilder();
        b.append("  API              ").append(api).append("   (header Authorization: Bearer ").append(token).append(")\n");
        b.append("  teachers' page   ").append(pages).append("/restore\n");
        b.append("  admins' console  ").append(pages).append("/admin\n");
        b.append("  health           ").append(management).append("/observe/health\n");
        b.append("  metrics          ").append(management).append("/observe/metrics\n");
        b.append("  logins of the pages (accounts of the simulated new Moodle):\n");
        for (MoodleSimulator.Account a : logins) {
            b.append("    ").append(a.username()).append(" / ").append(a.password())
                    .append(a.siteAdmin() ? "   (site admin: the admins' console)" : "").append('\n');
        }
        b.append("  the service's log: ").append(log);
        return b.toString();
    }

    /** A curl command asking for {@code course}; what it prints is the request's id and state. */
    String curlCreate(FreeCourse course) {
        return "curl -sS -H 'Authorization: Bearer " + token + "' -H 'Content-Type: application/json' -d '"
                + createBody(course) + "' " + api + "/restore-requests";
    }

    /** A curl command that runs the queue at once instead of at its next scheduled look. */
    String curlRunQueue() {
        return "curl -sS -X POST -H 'Authorization: Bearer " + token + "' " + api + "/queue/run";
    }

    /** A curl command listing the requests. */
    String curlList() {
        return "curl -sS -H 'Authorization: Bearer " + token + "' " + api + "/restore-requests";
    }

    static String createBody(FreeCourse course) {
        return "{\"server\":\"" + course.server() + "\",\"remoteCourseId\":" + course.courseId() + ",\"requester\":\""
                + course.requester() + "\"}";
    }

    /**
     * The first course of {@code server} that {@code teacher} teaches as an editing teacher and that no request holds
     * ({@code held}: the remote course ids of the requests still active or performed; one in error frees its course).
     */
    static Optional<FreeCourse> freeCourse(String server, MoodleSimulator site, String teacher, Collection<Integer> held) {
        Integer teacherId = site.userId(teacher);
        if (teacherId == null) {
            return Optional.empty();
        }
        Set<Integer> taught = new java.util.TreeSet<>();
        for (MoodleSimulator.Enrolment e : site.enrolments()) {
            if (e.userid() == teacherId && e.roleid() == EDITING_TEACHER) {
                taught.add(e.courseid());
            }
        }
        return taught.stream().filter(id -> !held.contains(id)).findFirst()
                .map(id -> new FreeCourse(server, id, site.course(id).fullname(), teacher));
    }
}
