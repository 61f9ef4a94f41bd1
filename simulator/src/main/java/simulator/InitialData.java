package simulator;

import java.nio.charset.StandardCharsets;

import simulator.MoodleSimulator.Enrolment;

/** The data the transcript's two sites held when it was recorded (plus course 6, OLD-BIG401). */
final class InitialData {

    static final String SERVER_WS_USERNAME = "block_my_external_backup_restore_courses_user";
    static final String CLIENT_WS_USERNAME = "ws_integration";

    private InitialData() {
    }

    static void loadServer(SiteState s) {
        s.putUser(1, "guest", "Guest user", " ");
        s.putUser(2, "admin", "Admin", "User");
        s.putUser(3, SERVER_WS_USERNAME, "wsuser", SERVER_WS_USERNAME);
        s.putUser(4, "teacher1", "Tina", "Teacher");
        s.putUser(5, "teacher2", "Theo", "Teacher");
        s.putUser(6, "student1", "Sam", "Student");
        s.nextUserId = 7;
        s.putCategory(1, "Category 1", null, 1, 10000, 1795296961L);
        s.putCategory(2, "Old platform - Sciences 2024", "OLDCAT-2024", 0, 20000, 1795296999L);
        putServerCourse(s, 2, "OLD-BIO101", "Biology 101 (old platform)", 20004, 16, 0);
        putServerCourse(s, 3, "OLD-CHEM201", "Chemistry 201 (old platform)", 20003, 22, 0);
        putServerCourse(s, 4, "OLD-PHYS301", "Physics 301 (old platform)", 20002, 28, 0);
        putServerCourse(s, 5, "OLD-MATH999", "Maths 999 - owned by teacher2 only", 20001, 34, 0);
        // Created after the transcript's S2 was recorded: sorts after the others; ~8 MiB of files.
        putServerCourse(s, 6, "OLD-BIG401", "Big 401 (old platform)", 20005, 40, 8L * 1024 * 1024);
        s.nextCourseId = 7;
        s.nextContextId = 46;
        for (int c : new int[] {2, 3, 4, 6}) {
            s.enrolments.add(new Enrolment(c, 4, SiteState.ROLE_EDITINGTEACHER));
        }
        s.enrolments.add(new Enrolment(5, 5, SiteState.ROLE_EDITINGTEACHER));
        s.enrolments.add(new Enrolment(2, 6, SiteState.ROLE_STUDENT));
        s.enrolments.add(new Enrolment(3, 6, SiteState.ROLE_STUDENT));
        StoredFile resource = new StoredFile();
        resource.id = 8;
        resource.inline = "Test resource resource1.txt file".getBytes(StandardCharsets.UTF_8);
        resource.size = resource.inline.length;
        resource.sha1 = SimulatedArchive.sha1Hex(resource.inline);
        resource.contentType = "text/plain; charset=utf-8";
        resource.filename = "resource1.txt";
        resource.acceptRanges = false;
        resource.lastModified = 1795297150L;
        s.files.put(8, resource);
        s.nextFileId = 22;
    }

    static void loadClient(SiteState s) {
        s.putUser(1, "guest", "Guest user", " ");
        s.putUser(2, "admin", "Admin", "User");
        s.putUser(3, "teacher1", "Tina", "Teacher");
        s.putUser(4, CLIENT_WS_USERNAME, "Integration", "Service");
        s.putUser(5, "student1", "Sam", "Student");
        s.putUser(6, "teacher2", "Theo", "Teacher");
        s.nextUserId = 7;
        s.putCategory(1, "Category 1", null, 1, 10000, 1795296999L);
        s.putCategory(2, "Restored from old platform", "RESTORED", 0, 20000, 1795297153L);
        s.putCategory(3, "Sciences 2024 (new)", "OLDCAT-2024", 0, 30000, 1795297153L);
        s.nextCourseId = 2;
        s.nextContextId = 15;
        s.nextFileId = 22;
    }

    private static void putServerCourse(SiteState s, int id, String shortname, String fullname, int sortorder,
                                        int contextid, long padding) {
        CourseRec c = new CourseRec();
        c.id = id;
        c.shortname = shortname;
        c.fullname = fullname;
        c.idnumber = shortname;
        c.summary = "Summary of " + fullname;
        c.categoryid = 2;
        c.sortorder = sortorder;
        c.contextid = contextid;
        c.timecreated = 1795297149L;
        c.timemodified = 1795297149L;
        c.cacherev = 1795297149L;
        c.defaultPadding = padding;
        s.courses.put(id, c);
    }
}
