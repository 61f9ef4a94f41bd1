package jouvence.courses.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import jouvence.courses.Enrolled;
import jouvence.courses.RequestEvent;
import jouvence.courses.RestoreRequest;
import jouvence.courses.SiteState;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The REST API's JSON bodies, as records Jackson writes in the order of their components. */
public final class ApiViews {

    private ApiViews() {
    }

    public record Error(String error, int status) {
    }

    public record Message(String message) {
    }

    /** A request; {@code archive} once downloaded, {@code events} only for the request alone. */
    public record Request(long id, String status, int statusCode, String server, long remoteCourseId,
                          String remoteCourseName, String requester, String scheduledBy, boolean withUserData,
                          String enrolmentMode, String category, Long targetCategoryId, Long restoredCourseId,
                          String restoredCourseUrl, String step, int attempts, String nextAttemptAt, LastError lastError,
                          List<String> warnings, @JsonInclude(JsonInclude.Include.NON_NULL) Archive archive,
                          String createdAt, String modifiedAt, String processedAt,
                          @JsonInclude(JsonInclude.Include.NON_NULL) List<Event> events) {

        /**
         * @param courseUrl the restored course's address, or null
         * @param events    the trail, or null to leave it out
         */
        public static Request of(RestoreRequest r, String courseUrl, List<RequestEvent> events) {
            return new Request(r.id(), r.status().label(), r.status().code, r.serverId(), r.remoteCourseId(),
                    r.remoteCourseName(), r.requester(), r.scheduledBy(), r.withUserData(), r.mode().label(),
                    r.category(), r.targetCategoryId(), r.restoredCourseId(), courseUrl, r.step(), r.attempts(),
                    r.status().active() ? ts(r.nextAttemptAt()) : null,
                    r.lastErrorCode() == null ? null : new LastError(r.lastErrorStep(), r.lastErrorCode(),
                            r.lastErrorMessage()),
                    r.warnings(),
                    r.archiveBytes() == null ? null : new Archive(r.archiveBytes(), r.archiveFullname(),
                            r.archiveShortname(), r.archiveRelease(), r.archiveIncludesUsers()),
                    ts(r.createdAt()), ts(r.modifiedAt()), ts(r.processedAt()),
                    events == null ? null : events.stream().map(Event::of).toList());
        }
    }

    public record LastError(String step, String code, String message) {
    }

    public record Archive(long bytes, String fullname, String shortname, String moodleRelease, Boolean includesUsers) {
    }

    public record Event(String at, String step, String outcome, Long durationMs, String message, String instance) {

        static Event of(RequestEvent e) {
            return new Event(ts(e.at()), e.step(), e.outcome(), e.durationMs(), e.message(), e.instance());
        }
    }

    public record Page(int limit, int offset, List<Request> requests) {
    }

    public record Site(boolean ok, boolean down, String sitename, String release, String problem, String checkedAt) {

        static Site of(SiteState s) {
            return new Site(s.ok(), s.down(), s.siteName(), s.release(), s.problem(), ts(s.checkedAt()));
        }
    }

    /** The sites by id, in the order of the probes. */
    static Map<String, Site> sites(Map<String, SiteState> states) {
        Map<String, Site> out = new java.util.LinkedHashMap<>();
        states.forEach((id, s) -> out.put(id, Site.of(s)));
        return out;
    }

    public record Enrolment(String enrolled, long courseId, String courseUrl, long roleId) {

        static Enrolment of(Enrolled e) {
            return new Enrolment(e.username(), e.courseId(), e.courseUrl(), e.roleId());
        }
    }

    static String ts(Instant t) {
        return t == null ? null : t.toString();
    }
}
