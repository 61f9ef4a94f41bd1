package jouvence.courses.pipeline;

import jouvence.JouvenceConfig;
import jouvence.courses.EnrolmentMode;
import jouvence.courses.RestoreRequest;
import jouvence.courses.queue.Claim;
import jouvence.courses.queue.RequestClaims;
import jouvence.courses.restore.RestoreDriver;
import jouvence.courses.restore.RestoreFailedException;
import jouvence.courses.restore.RunnerReport;
import jouvence.courses.staging.Staging;
import jouvence.moodle.MoodleException;
import jouvence.moodle.MoodleSites.ClientUser;
import jouvence.moodle.MoodleSites.Warning;
import jouvence.moodle.MoodleSites;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** On the new platform: restore the archive with the restore driver, give the course its names back, enrol. */
public class ClientSteps {

    /** The default category is looked up at most this often, not once per request. */
    static final Duration DEFAULT_CATEGORY_RECHECK = Duration.ofMinutes(1);

    private final JouvenceConfig config;
    private final RequestClaims requests;
    private final MoodleSites sites;
    private final Staging staging;
    private final SameCourseRestores sameCourse = new SameCourseRestores(); // one course's restores take turns
    private final RestoreDriver driver;
    /** When the default category was last seen on the new platform (System.nanoTime). */
    private volatile long defaultCategorySeenAt = System.nanoTime() - DEFAULT_CATEGORY_RECHECK.toNanos();

    public ClientSteps(JouvenceConfig config, RequestClaims requests, MoodleSites sites, Staging staging,
                       RestoreDriver driver) {
        this.config = config;
        this.requests = requests;
        this.sites = sites;
        this.staging = staging;
        this.driver = driver;
    }

    /** Runs the restore driver; once it has started, a failure is never retried (a course may half exist). */
    public void restore(Work work) throws MoodleException, RestoreFailedException {
        RestoreRequest r = work.request();
        Claim claim = work.claim();
        long category = targetCategory(claim, r);
        work.begin("restore");
        requests.saveTarget(claim, category);
        Map<String, String> placeholders = new HashMap<>();
        placeholders.put("file", work.archive() != null ? work.archive().toString() : r.archivePath());
        placeholders.put("categoryid", Long.toString(category));
        placeholders.put("withuserdata", r.withUserData() ? "1" : "0");
        placeholders.put("enrolmentmode", Integer.toString(r.enrolmentMode()));
        placeholders.put("requester", r.requester() == null ? "" : r.requester());
        placeholders.put("enrolrequester", r.requester() == null || !config.parity().enrolRequester() ? ""
                : r.requester());
        placeholders.put("requestid", Long.toString(r.id()));
        Path log = RestoreRecovery.outputLog(staging, r.id());
        RestoreDriver.Result result = sameCourse.oneAtATime(r.serverId(), r.remoteCourseId(),
                () -> driver.run(placeholders, log));
        RestoreRequest restored = requests.saveRestored(claim, result.courseId());
        work.runner(result.runner());
        unhonoured(r).forEach(w -> requests.addWarning(claim, w));
        result.warnings().forEach(w -> requests.addWarning(claim, "restore: " + w));
        requests.event(claim, "restore", "ok", work.elapsed(), "course " + result.courseId() + " created in category "
                + category);
        work.update(restored);
    }

    /** What the request asked that the configured restore command does not pass to Moodle: said, not pretended. */
    List<String> unhonoured(RestoreRequest r) {
        List<String> warnings = new java.util.ArrayList<>();
        if (r.mode() != EnrolmentMode.ALWAYS && !driver.passes("enrolmentmode")) {
            warnings.add("the restore command does not pass the enrolment mode (" + r.mode().label()
                    + "): the new platform's restore defaults were applied");
        }
        if (r.withUserData() && !driver.passes("withuserdata")) {
            warnings.add("the restore command does not pass 'with user data': the new platform's restore defaults "
                    + "decided whether users were restored");
        }
        return warnings;
    }

    /**
     * The category asked for, checked to exist on the new platform: an id, "original" (the old platform's category
     * identifier, mapped or found by idnumber), or "default". Whatever cannot be found falls back to the default
     * category with a warning kept on the request.
     */
    long targetCategory(Claim claim, RestoreRequest r) throws MoodleException {
        String asked = r.category();
        if (asked.matches("\\d+")) {
            if (sites.clientCategory("id", asked).isPresent()) {
                return Long.parseLong(asked);
            }
            requests.addWarning(claim, "category " + asked + " does not exist on the new platform (any more): "
                    + "restored in the default category");
        } else if (asked.equals("original")) {
            Optional<Long> original = originalCategory(claim, r);
            if (original.isPresent()) {
                return original.get();
            }
        }
        return defaultCategory();
    }

    private Optional<Long> originalCategory(Claim claim, RestoreRequest r) throws MoodleException {
        if (r.requester() == null) {
            requests.addWarning(claim, "the original category cannot be looked up for a restore for nobody: "
                    + "restored in the default category");
            return Optional.empty();
        }
        String identifier = sites.teacherCourses(r.serverId(), r.requester()).stream()
                .filter(c -> c.id() == r.remoteCourseId()).map(MoodleSites.RemoteCourse::categoryIdentifier)
                .filter(java.util.Objects::nonNull).findFirst().orElse(null);
        if (identifier == null) {
            requests.addWarning(claim, "the old platform gives no category identifier for this course (is "
                    + "restorecourseinoriginalcategory on there?): restored in the default category");
            return Optional.empty();
        }
        Long mapped = config.parity().categoryMap().get(identifier);
        Optional<MoodleSites.Category> found = mapped != null ? sites.clientCategory("id", mapped.toString())
                : sites.clientCategory("idnumber", identifier);
        if (found.isEmpty()) {
            requests.addWarning(claim, "no category of the new platform matches the original category '" + identifier
                    + "'" + (mapped != null ? " (mapped to " + mapped + ", which does not exist)" : "")
                    + ": restored in the default category");
            return Optional.empty();
        }
        return Optional.of(found.get().id());
    }

    private long defaultCategory() throws MoodleException {
        long fallback = config.defaultCategoryId();
        if (System.nanoTime() - defaultCategorySeenAt < DEFAULT_CATEGORY_RECHECK.toNanos()) {
            return fallback; // seen a moment ago: no call per request (a category that vanished since fails the restore)
        }
        if (sites.clientCategory("id", Long.toString(fallback)).isEmpty()) {
            throw new MoodleException(JouvenceConfig.CLIENT_ID, "no-default-category", MoodleException.Kind.SITE_FAULT,
                    "the default category " + fallback + " (jouvence.client.default-category-id) does not exist on the "
                            + "new platform");
        }
        defaultCategorySeenAt = System.nanoTime();
        return fallback;
    }

    /**
     * Gives the course back its original names (Moodle's CLI names it "Restore as a new course"; a taken short name
     * becomes name_1, name_2…), enrols the requester, and marks the request performed. After Jouvence's restore runner
     * both are done already (its report says so): no call is made for them.
     */
    public void finish(Work work) throws MoodleException {
        RestoreRequest r = work.request();
        Claim claim = work.claim();
        work.begin("finish");
        long courseId = r.restoredCourseId();
        // A request resumed at the finish (after a crash, or a failed finish) reads what the runner did from its output.
        RunnerReport runner = work.runner() != null ? work.runner()
                : driver.runnerReport(RestoreRecovery.outputLog(staging, r.id())).orElse(null);
        String fullname = r.archiveFullname() != null ? r.archiveFullname() : r.courseName();
        String shortname = r.archiveShortname();
        if (shortname != null) {
            String used = runner != null && runner.shortname() != null ? runner.shortname()
                    : rename(courseId, fullname, shortname);
            if (!used.equals(shortname)) {
                requests.addWarning(claim, "the short name " + shortname + " was taken on the new platform: the course is "
                        + used);
            }
        }
        Long userId = null;
        if (runner != null && runner.enrolled()) {
            userId = runner.userId();
            requests.event(claim, "enrol", "ok", null, r.requester() + " enrolled with role " + config.enrolRoleId()
                    + " by the restore runner");
        } else if (r.requester() != null && config.parity().enrolRequester()) {
            Optional<ClientUser> user = sites.clientUser(r.requester());
            if (user.isPresent()) {
                sites.enrol(user.get().id(), courseId, config.enrolRoleId());
                userId = user.get().id();
                requests.event(claim, "enrol", "ok", null, r.requester() + " enrolled with role " + config.enrolRoleId());
            } else {
                requests.addWarning(claim, "the requester " + r.requester()
                        + " has no account on the new platform: nobody was enrolled");
            }
        }
        RestoreRequest done = requests.performed(claim, userId);
        requests.event(claim, "finish", "ok", work.elapsed(), "performed: " + sites.courseUrl(courseId));
        // Only once performed: a worker that lost its claim deletes nothing the request's new owner may be using.
        staging.delete(r.id());
        work.update(done);
    }

    private String rename(long courseId, String fullname, String shortname) throws MoodleException {
        for (int n = 0; n <= 50; n++) {
            String candidate = n == 0 ? shortname : shortname + "_" + n;
            List<Warning> warnings = sites.updateCourse(courseId, fullname, candidate);
            if (warnings.stream().noneMatch(w -> "shortnametaken".equals(w.code()))) {
                if (!warnings.isEmpty()) {
                    throw new MoodleException(JouvenceConfig.CLIENT_ID, warnings.get(0).code(),
                            MoodleException.Kind.PERMANENT, "renaming course " + courseId + " failed: "
                            + warnings.get(0).message());
                }
                return candidate;
            }
        }
        throw new MoodleException(JouvenceConfig.CLIENT_ID, "shortnametaken", MoodleException.Kind.PERMANENT,
                "no free short name for " + shortname + " after 50 tries");
    }
}
