package jouvence.courses;

import jouvence.JouvenceConfig;
import jouvence.courses.DuplicateRequestException;
import jouvence.courses.RequestEvent;
import jouvence.courses.RestoreRequest;
import jouvence.courses.Status;
import jouvence.courses.bridge.RowIntake;
import jouvence.courses.intake.RequestFields;
import jouvence.courses.queue.RequestRepository;
import jouvence.moodle.MoodleException;
import jouvence.moodle.MoodleSites.ClientUser;
import jouvence.moodle.MoodleSites;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Restore requests, for every way in (REST API, teachers' page, admins' console, CSV import, block bridge): create,
 * find, list, retry, cancel, change the category, enrol a colleague. Returns domain values and refuses with a
 * {@link RefusedException} (or a {@link DuplicateRequestException}) whose message is for the caller.
 */
public class RestoreService {

    private final JouvenceConfig config;
    private final RequestRepository requests;
    private final MoodleSites sites;
    private final LiveChecks live;
    private volatile Runnable queued = () -> { };

    public RestoreService(JouvenceConfig config, RequestRepository requests, MoodleSites sites) {
        this.config = config;
        this.requests = requests;
        this.sites = sites;
        this.live = new LiveChecks(sites);
    }

    /**
     * Told whenever a request was queued (new, or retried by an admin): the claim looks at the queue at once instead
     * of at its next scheduled run. Must not block.
     */
    public void onQueued(Runnable listener) {
        this.queued = listener;
    }

    // --- new requests ---------------------------------------------------------------------------------------------

    /** Applies the user-data policy (whose refusal names the field) without queueing anything. */
    public void check(NewRestore restore, Caller caller) {
        RequestFields.applyUserDataPolicy(restore.toNewRequest(caller), config.parity());
    }

    /**
     * Queues a restore, after the user-data policy and what the Moodles say right now: a remote course its server
     * does not have, or a category id the new platform does not have, is refused naming the field. A Moodle that cannot
     * answer now refuses nothing: the backup then finds the missing course (and says so), the restore the missing
     * category (restored in the default one, with a warning). The block's rows keep the plugin's rule for their
     * category (a missing one falls back to the default category at the restore).
     *
     * @throws DuplicateRequestException an active request, or a restored copy, already holds the course
     */
    public RestoreRequest create(NewRestore restore, Caller caller) {
        check(restore, caller);
        if (restore.remoteCourseName() == null) {
            LiveChecks.Answer<String> name = live.remoteCourseName(restore.server(), restore.remoteCourseId());
            if (name.known()) {
                restore = restore.withRemoteCourseName(name.value());
            }
        }
        if (!RowIntake.SOURCE.equals(caller.source())) {
            live.category(restore.category());
        }
        RestoreRequest created = requests.insert(RequestFields.applyUserDataPolicy(restore.toNewRequest(caller),
                config.parity()));
        queued.run();
        return created;
    }

    // --- existing requests ----------------------------------------------------------------------------------------

    public Optional<RestoreRequest> find(long id) {
        return requests.find(id);
    }

    /** @throws NotFoundException there is no such request */
    public RestoreRequest get(long id) {
        return find(id).orElseThrow(() -> new NotFoundException("no restore request " + id));
    }

    public List<RequestEvent> events(long id) {
        return requests.events(id);
    }

    /** Newest first. */
    public List<RestoreRequest> list(RequestQuery q, int limit, int offset) {
        return requests.list(q.status(), q.requester(), q.server(), q.from(), q.to(), limit, offset);
    }

    /** @param sort a key of {@link #sortable} (anything else sorts by id) */
    public List<RestoreRequest> search(RequestQuery q, String sort, boolean ascending, int limit, int offset) {
        return requests.search(q.status(), q.requester(), q.server(), q.from(), q.to(), sort, ascending, limit, offset);
    }

    public long count(RequestQuery q) {
        return requests.count(q.status(), q.requester(), q.server(), q.from(), q.to());
    }

    /** The keys {@link #search} sorts by: id, created, status. */
    public static boolean sortable(String key) {
        return key != null && RequestRepository.SORT_COLUMNS.containsKey(key);
    }

    /** Every request for these remote courses of one server, whoever asked, newest first. */
    public List<RestoreRequest> forCourses(String server, java.util.Collection<Long> courseIds) {
        return requests.forCourses(server, courseIds);
    }

    /** An error (or cancelled) request back to the queue, attempts reset. */
    public RestoreRequest retry(long id, Caller caller) {
        RestoreRequest retried = change(id, () -> requests.retry(id, caller.trail()),
                "only a request in error or cancelled can be retried");
        queued.run();
        return retried;
    }

    /** A request not started yet (scheduled or waiting for retry) becomes cancelled. */
    public RestoreRequest cancel(long id, Caller caller) {
        return change(id, () -> requests.cancel(id, caller.trail()),
                "only a request not started yet (scheduled or waiting for retry) can be cancelled");
    }

    /**
     * @param category "default", "original" or the id of a category of the new platform (checked there), while the
     *                 request has not started or ended in error
     */
    public RestoreRequest changeCategory(long id, String category, Caller caller) {
        if (category == null || !category.matches("default|original|[1-9]\\d{0,17}")) {
            throw new InvalidRequestException("field 'category' must be \"default\", \"original\" or a category id of "
                    + "the new platform");
        }
        LiveChecks.Answer<Void> exists = live.category(category);
        if (!exists.known()) {
            throw new UnavailableException("cannot check the category on the new platform: " + exists.unavailable());
        }
        return change(id, () -> requests.changeCategory(id, category, caller.trail()),
                "the category can only change before the restore starts (scheduled, waiting or error)");
    }

    private RestoreRequest change(long id, Supplier<Optional<RestoreRequest>> action, String wrongState) {
        RestoreRequest found = get(id);
        return action.get().orElseThrow(() -> new ConflictException(wrongState + "; request " + id + " is "
                + found.status().label()));
    }

    /**
     * Enrols {@code username} into the course another teacher already restored, with the colleagues' role, when they
     * teach the remote course too: checked live on the course server (the plugin never checked it).
     */
    public Enrolled enrolColleague(long id, String username, Caller caller) {
        if (!config.parity().colleaguesMayEnrol()) {
            throw new ForbiddenException("enrolling colleagues is switched off (jouvence.colleagues.enrol-enabled)");
        }
        if (username == null || username.isBlank()) {
            throw new InvalidRequestException("field 'username' is required: the colleague to enrol");
        }
        RestoreRequest r = get(id);
        if (r.status() != Status.PERFORMED || r.restoredCourseId() == null) {
            throw new ConflictException("request " + r.id()
                    + " is not performed: there is no restored course to enrol in");
        }
        long role = config.parity().colleagueRoleId();
        try {
            boolean teaches = sites.teacherCourses(r.serverId(), username).stream()
                    .anyMatch(c -> c.id() == r.remoteCourseId());
            if (!teaches) {
                throw new ForbiddenException(username + " does not teach course " + r.remoteCourseId() + " on "
                        + r.serverId() + ": only its teachers may be enrolled into its restored copy");
            }
            ClientUser user = sites.clientUser(username)
                    .orElseThrow(() -> new NotFoundException(username + " has no account on the new platform"));
            sites.enrol(user.id(), r.restoredCourseId(), role);
        } catch (MoodleException e) {
            if ("invalidusername".equals(e.code())) {
                throw new ForbiddenException(username + " has no account on " + r.serverId()
                        + ": only the course's teachers may be enrolled");
            }
            throw new UpstreamException(e.getMessage());
        }
        requests.event(r.id(), "colleague", "ok", null, username + " enrolled with role " + role + " (asked by "
                + caller.trail() + ")");
        return new Enrolled(username, r.restoredCourseId(), sites.courseUrl(r.restoredCourseId()), role);
    }
}
