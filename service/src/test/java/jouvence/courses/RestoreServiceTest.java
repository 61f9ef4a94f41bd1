package jouvence.courses;

import jouvence.TestJouvence;
import jouvence.courses.DuplicateRequestException;
import jouvence.courses.EnrolmentMode;
import jouvence.courses.RestoreRequest;
import jouvence.courses.Status;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The service every way in shares: domain values back, refusals as domain exceptions (no HTTP, no JSON). */
class RestoreServiceTest {

    private final TestJouvence env = TestJouvence.get();
    private RestoreService service;

    @BeforeEach
    void setUp() throws Exception {
        env.reset();
        service = env.camel.getRegistry().lookupByNameAndType("restoreService", RestoreService.class);
    }

    private static NewRestore course(long id, String requester) {
        return new NewRestore("old", id, null, requester, false, EnrolmentMode.WITH_USERS, "default", null);
    }

    @Test
    void a_created_request_is_the_callers_and_a_second_one_is_a_duplicate() {
        RestoreRequest r = service.create(course(2, "teacher1"), Caller.web("teacher1"));
        assertEquals(Status.SCHEDULED, r.status());
        assertEquals(EnrolmentMode.WITH_USERS, r.mode());
        assertEquals("web", r.source());
        assertEquals("teacher1", r.scheduledBy());
        assertThrows(DuplicateRequestException.class,
                () -> service.create(course(2, "teacher1"), Caller.web("teacher1")));
    }

    @Test
    void a_restore_for_nobody_gets_its_course_name_from_the_server_and_a_missing_course_is_refused() {
        RestoreRequest r = service.create(course(5, null), new Caller("admin1", "admin"));
        assertNull(r.requester());
        assertNotNull(r.remoteCourseName(), "looked up on the course server");
        InvalidRequestException gone = assertThrows(InvalidRequestException.class,
                () -> service.create(course(999, null), new Caller("admin1", "admin")));
        assertEquals("field 'remoteCourseId': course 999 does not exist on server old", gone.getMessage());
    }

    @Test
    void actions_answer_the_changed_request_or_say_why_not() {
        long id = service.create(course(2, "teacher1"), Caller.api()).id();
        assertEquals(Status.CANCELLED, service.cancel(id, Caller.api()).status());
        ConflictException again = assertThrows(ConflictException.class, () -> service.cancel(id, Caller.api()));
        assertEquals("only a request not started yet (scheduled or waiting for retry) can be cancelled; request " + id
                + " is cancelled", again.getMessage());
        assertEquals(Status.SCHEDULED, service.retry(id, Caller.web("admin")).status());
        assertEquals("original", service.changeCategory(id, "original", Caller.api()).category());
        assertThrows(InvalidRequestException.class, () -> service.changeCategory(id, "elsewhere", Caller.api()));
        assertThrows(ConflictException.class, () -> service.enrolColleague(id, "teacher2", Caller.api()),
                "nothing restored to enrol in yet");
        NotFoundException missing = assertThrows(NotFoundException.class, () -> service.get(id + 1000));
        assertEquals("no restore request " + (id + 1000), missing.getMessage());
    }
}
