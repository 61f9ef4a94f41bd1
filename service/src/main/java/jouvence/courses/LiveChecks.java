package jouvence.courses;

import jouvence.JouvenceConfig;
import jouvence.moodle.MoodleException;
import jouvence.moodle.MoodleSites;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a new request, or a change of category, is checked against on the Moodles themselves, so that what would
 * fail later is refused at once: the remote course exists on its course server, the category on the new platform.
 * A Moodle that cannot answer now does not refuse anything (the pipeline's own steps look again later and say what
 * they find); one that let a call run into its time limit is not asked again for {@link #QUIET}, so that a CSV import
 * of a thousand lines does not wait a thousand time-outs of one hung server.
 */
final class LiveChecks {

    static final Duration QUIET = Duration.ofSeconds(30);

    /** Why a site could not be asked, and until when (System.nanoTime) it is not asked again. */
    private record Silence(long until, String why) {
    }

    private final MoodleSites sites;
    private final Map<String, Silence> silent = new ConcurrentHashMap<>();

    LiveChecks(MoodleSites sites) {
        this.sites = sites;
    }

    /** The Moodle's answer, or why there is none now. */
    record Answer<T>(T value, String unavailable) {

        boolean known() {
            return unavailable == null;
        }
    }

    /**
     * The course's full name on its server.
     *
     * @throws InvalidRequestException the server answers that there is no such course
     */
    Answer<String> remoteCourseName(String server, long courseId) {
        Answer<Optional<MoodleSites.Course>> found = ask(server,
                () -> sites.courseBy(server, "id", Long.toString(courseId)));
        if (!found.known()) {
            return new Answer<>(null, found.unavailable());
        }
        return new Answer<>(found.value().map(MoodleSites.Course::fullname).orElseThrow(() ->
                new InvalidRequestException("field 'remoteCourseId': course " + courseId + " does not exist on server "
                        + server)), null);
    }

    /**
     * Nothing when {@code category} ("default", "original" or an id) may be used.
     *
     * @throws InvalidRequestException the new platform answers that there is no category with that id
     */
    Answer<Void> category(String category) {
        if (category == null || !category.matches("\\d+")) {
            return new Answer<>(null, null);
        }
        Answer<Optional<MoodleSites.Category>> found = ask(JouvenceConfig.CLIENT_ID,
                () -> sites.clientCategory("id", category));
        if (found.known() && found.value().isEmpty()) {
            throw new InvalidRequestException("field 'category': category " + category
                    + " does not exist on the new platform");
        }
        return new Answer<>(null, found.unavailable());
    }

    private interface Call<T> {
        T call() throws MoodleException;
    }

    private <T> Answer<T> ask(String site, Call<T> call) {
        Silence silence = silent.get(site);
        if (silence != null && System.nanoTime() - silence.until() < 0) {
            return new Answer<>(null, silence.why());
        }
        try {
            T value = call.call();
            silent.remove(site);
            return new Answer<>(value, null);
        } catch (MoodleException e) {
            if ("timeout".equals(e.code())) {
                silent.put(site, new Silence(System.nanoTime() + QUIET.toNanos(), e.getMessage()));
            }
            return new Answer<>(null, e.getMessage());
        }
    }
}
