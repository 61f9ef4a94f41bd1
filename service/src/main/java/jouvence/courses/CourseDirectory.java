package jouvence.courses;

import jouvence.JouvenceConfig;
import jouvence.moodle.MoodleException;
import jouvence.moodle.MoodleSites;
import jouvence.moodle.SiteHealth;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the pages and the console read from the Moodles, live: a server's name, a teacher's courses on it, whether a
 * course or a category exists, and the Moodles' health. A Moodle that cannot answer is an {@link UnavailableException}.
 */
public class CourseDirectory {

    private final JouvenceConfig config;
    private final MoodleSites sites;
    private final SiteHealth health;

    public CourseDirectory(JouvenceConfig config, MoodleSites sites, SiteHealth health) {
        this.config = config;
        this.sites = sites;
        this.health = health;
    }

    /** The configured course servers, in a stable order. */
    public List<String> servers() {
        return config.servers().keySet().stream().sorted().toList();
    }

    public boolean isServer(String id) {
        return id != null && config.servers().containsKey(id);
    }

    /** The server's site name, or its id when it has none. */
    public String siteName(String server) {
        try {
            String name = sites.siteInfo(server).siteName();
            return name == null || name.isBlank() ? server : name;
        } catch (MoodleException e) {
            throw new UnavailableException(e.getMessage());
        }
    }

    /**
     * The courses {@code username} teaches on {@code server}.
     *
     * @throws NotFoundException    the user has no account on the server
     * @throws UnavailableException the server cannot be asked
     */
    public List<RemoteCourse> teacherCourses(String server, String username) {
        try {
            return sites.teacherCourses(server, username).stream()
                    .map(c -> new RemoteCourse(c.id(), c.fullname(), c.shortname(), c.categoryIdentifier())).toList();
        } catch (MoodleException e) {
            if ("invalidusername".equals(e.code())) {
                throw new NotFoundException(username + " has no account on " + server);
            }
            throw new UnavailableException(e.getMessage());
        }
    }

    /** The name of a course of {@code server}, or empty when there is no such course. */
    public Optional<String> remoteCourseName(String server, long courseId) {
        try {
            return sites.courseBy(server, "id", Long.toString(courseId)).map(MoodleSites.Course::fullname);
        } catch (MoodleException e) {
            throw new UnavailableException(e.getMessage());
        }
    }

    /** The new platform has the category a course server names (through the category map, else by idnumber). */
    public boolean originalCategoryExists(String identifier) {
        try {
            Long mapped = config.parity().categoryMap().get(identifier);
            return mapped != null ? sites.clientCategory("id", Long.toString(mapped)).isPresent()
                    : sites.clientCategory("idnumber", identifier).isPresent();
        } catch (MoodleException e) {
            throw new UnavailableException(e.getMessage());
        }
    }

    /** The address of a course of the new platform. */
    public String courseUrl(long courseId) {
        return sites.courseUrl(courseId);
    }

    /** The last probe of every Moodle probed yet, by site id. */
    public Map<String, SiteState> siteStates() {
        Map<String, SiteState> states = new LinkedHashMap<>();
        health.lastProbes().forEach((id, p) -> states.put(id, new SiteState(p.ok(), health.isDown(id), p.siteName(),
                p.release(), p.problem(), p.at())));
        return states;
    }
}
