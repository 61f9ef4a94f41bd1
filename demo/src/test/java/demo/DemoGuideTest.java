package demo;

import org.junit.jupiter.api.Test;
import simulator.MoodleSimulator;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the demo prints for trying it by hand, from the simulators' own data. */
class DemoGuideTest {

    @Test
    void the_suggested_course_is_one_the_teacher_teaches_that_no_active_or_performed_request_holds() {
        try (MoodleSimulator old = MoodleSimulator.courseServer("T0000000000000000000000000000001")) {
            // teacher1 teaches 2, 3, 4 and 6 on the simulated old platform; 5 is teacher2's
            assertEquals(Optional.of(new DemoGuide.FreeCourse("old", 6, "Big 401 (old platform)", "teacher1")),
                    DemoGuide.freeCourse("old", old, "teacher1", Set.of(2, 3, 4)));
            assertEquals(2, DemoGuide.freeCourse("old", old, "teacher1", Set.of()).orElseThrow().courseId());
            assertEquals(Optional.empty(), DemoGuide.freeCourse("old", old, "teacher1", Set.of(2, 3, 4, 6)));
            assertEquals(5, DemoGuide.freeCourse("old", old, "teacher2", Set.of(2, 3, 4, 6)).orElseThrow().courseId());
            assertEquals(Optional.empty(), DemoGuide.freeCourse("old", old, "nosuchuser", Set.of()));
            old.addCourse(9, "NEW9", "New 9", 2, "teacher1");
            assertEquals(9, DemoGuide.freeCourse("old", old, "teacher1", Set.of(2, 3, 4, 6)).orElseThrow().courseId());
        }
    }

    @Test
    void the_addresses_carry_both_real_ports_and_every_login_of_the_new_platform_with_its_password() {
        try (MoodleSimulator client = MoodleSimulator.courseClient("T0000000000000000000000000000002")) {
            client.password("teacher2", "Changed2!");
            DemoGuide guide = new DemoGuide(41001, 41002, "tok");
            String text = guide.addresses(client.accounts(), Path.of("/x/demo.log"));
            for (String expected : List.of("http://127.0.0.1:41001/api/v1", "Bearer tok", "http://127.0.0.1:41001/restore",
                    "http://127.0.0.1:41001/admin", "http://127.0.0.1:41002/observe/health",
                    "http://127.0.0.1:41002/observe/metrics", "admin / Admin1!   (site admin", "teacher1 / Teacher1!\n",
                    "teacher2 / Changed2!\n", "/x/demo.log")) {
                assertTrue(text.contains(expected), expected + " in\n" + text);
            }
            assertEquals("curl -sS -H 'Authorization: Bearer tok' -H 'Content-Type: application/json' -d "
                            + "'{\"server\":\"old\",\"remoteCourseId\":6,\"requester\":\"teacher1\"}' "
                            + "http://127.0.0.1:41001/api/v1/restore-requests",
                    guide.curlCreate(new DemoGuide.FreeCourse("old", 6, "Big", "teacher1")));
        }
    }
}
