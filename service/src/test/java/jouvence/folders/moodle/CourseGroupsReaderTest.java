package jouvence.folders.moodle;

import jouvence.JouvenceConfig;
import jouvence.JouvenceConfig.MoodleSite;
import jouvence.folders.moodle.CourseGroups.Group;
import jouvence.folders.moodle.CourseGroups.Participant;
import jouvence.moodle.MoodleClient;
import jouvence.moodle.MoodleException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import simulator.MoodleSimulator;
import simulator.SimulatedGroups;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reader against the simulated new platform over a real socket: what it reads, in how many calls, its errors. */
class CourseGroupsReaderTest {

    private static final String TOKEN = "folders-reader-token";
    private static final int COURSE = 10;
    private static final int OTHER_COURSE = 11;

    private static MoodleSimulator moodle;
    private CourseGroupsReader reader;
    private int teamA;
    private int equipeB;
    private int teamC;
    private int pairs;
    private int otherGrouping;

    @BeforeAll
    static void start() {
        moodle = MoodleSimulator.courseClient(TOKEN).start();
    }

    @AfterAll
    static void stop() {
        moodle.close();
    }

    @BeforeEach
    void course() {
        moodle.reset();
        MoodleSimulator.FOLDER_FUNCTIONS.forEach(moodle::addFunction);
        moodle.addCourse(COURSE, "FOLD", "Biology 101", 3, "teacher1");
        moodle.addCourse(OTHER_COURSE, "OTHER", "Other", 3);
        SimulatedGroups g = moodle.groups();
        moodle.addUser("assistant", "Ann", "Assistant");
        g.enrol("assistant", COURSE, "teacher");
        for (String s : List.of("s1", "s2", "s3", "s4", "s5")) {
            moodle.addUser(s, s.toUpperCase(), "Student");
            g.enrol(s, COURSE, "student");
        }
        teamA = g.addGroup(COURSE, "Team A");
        equipeB = g.addGroup(COURSE, "Équipe B & co");
        teamC = g.addGroup(COURSE, "Team/C");
        g.addMember(teamA, "s1");
        g.addMember(teamA, "s2");
        g.addMember(teamA, "teacher1");
        g.addMember(equipeB, "s3");
        g.addMember(teamC, "s4");
        g.addMember(teamC, "s1");
        pairs = g.addGrouping(COURSE, "Pairs", teamA, equipeB);
        otherGrouping = g.addGrouping(OTHER_COURSE, "Elsewhere");
        MoodleSite site = new MoodleSite(JouvenceConfig.CLIENT_ID, moodle.url(), TOKEN, 1, true);
        reader = new CourseGroupsReader(new MoodleClient(site, new JdkTransport(), Duration.ofSeconds(10)),
                List.of("editingteacher", "manager", "teacher"));
    }

    private static List<String> usernames(List<Participant> people) {
        return people.stream().map(Participant::username).toList();
    }

    @Test
    void readsTheGroupingsGroupsTheirStudentsTheTeachersAndWhoIsInNone() throws Exception {
        CourseGroups read = reader.read(COURSE, (long) pairs);
        assertEquals("Biology 101", read.course().fullname());
        assertEquals("FOLD", read.course().shortname());
        assertEquals("client", read.siteShortname(), "the front page's short name, for the plugin's root folder");
        assertEquals(List.of(3L), read.categories().stream().map(CourseGroups.Category::id).toList());
        assertEquals(pairs, read.grouping().orElseThrow().id());
        assertEquals(List.of((long) teamA, (long) equipeB), read.grouping().orElseThrow().groupIds());
        assertEquals(List.of((long) teamA, (long) equipeB), read.groups().stream().map(Group::id).toList());
        Group a = read.groups().get(0);
        assertEquals("Team A", a.name());
        assertEquals(List.of("teacher1", "s1", "s2"), usernames(a.members()));
        assertEquals(List.of("s1", "s2"), usernames(a.students()), "a teacher in a group gets no group folder");
        assertEquals("Équipe B & co", read.groups().get(1).name(), "the raw name, as the plugin names folders");
        assertEquals(List.of("s3"), usernames(read.groups().get(1).members()));
        assertEquals(List.of("teacher1", "assistant"), usernames(read.teachers()));
        assertEquals(Set.of("teacher"), read.teachers().get(1).roles());
        assertEquals(List.of("s1", "s2", "s3", "s4", "s5"), usernames(read.students()));
        assertEquals(List.of("s4", "s5"), usernames(read.studentsWithoutGroup()), "s4 is only in a group outside the grouping");
        assertEquals("s3@example.invalid", read.groups().get(1).members().get(0).email());
    }

    @Test
    void withoutAGroupingEveryGroupOfTheCourseCounts() throws Exception {
        CourseGroups read = reader.read(COURSE, null);
        assertTrue(read.grouping().isEmpty());
        assertEquals(List.of("Team A", "Team/C", "Équipe B & co"), read.groups().stream().map(Group::name).toList(),
                "Moodle's order: by name");
        assertEquals(List.of("s5"), usernames(read.studentsWithoutGroup()));
        assertEquals(List.of("s1", "s4"), usernames(read.groups().get(1).members()));
    }

    @Test
    void batchesTheCallsWhateverTheNumberOfGroups() throws Exception {
        for (int i = 0; i < 20; i++) {
            moodle.groups().addGroup(COURSE, "Extra " + i);
        }
        reader.read(COURSE, null);
        assertEquals(1, moodle.calls("core_group_get_group_members").size(), "one call for every group's members");
        assertEquals(23, moodle.calls("core_group_get_group_members").get(0).keySet().stream()
                .filter(k -> k.startsWith("groupids[")).count());
        assertEquals(1, moodle.calls("core_enrol_get_enrolled_users").size());
        assertEquals(1, moodle.calls("core_group_get_course_groups").size());
        assertEquals(2, moodle.calls("core_course_get_courses_by_field").size(), "the course, the front page");
        assertEquals(1, moodle.calls("core_course_get_categories").size(), "a top category needs no second call");
        assertEquals(0, moodle.calls("core_group_get_groupings").size());
    }

    @Test
    void anUnenrolledMemberIsNobodysAnyMore() throws Exception {
        moodle.groups().unenrol("s2", COURSE);
        CourseGroups read = reader.read(COURSE, (long) pairs);
        assertEquals(List.of("teacher1", "s1"), usernames(read.groups().get(0).members()));
    }

    @Test
    void anUnknownCourseNamesTheField() {
        FolderSetInputException e = assertThrows(FolderSetInputException.class, () -> reader.read(999, null));
        assertEquals("courseId", e.field());
        assertEquals("courseId: there is no course 999 on the new platform", e.getMessage());
        FolderSetInputException front = assertThrows(FolderSetInputException.class, () -> reader.read(1, null));
        assertEquals("courseId", front.field());
    }

    @Test
    void anUnknownGroupingNamesTheField() {
        FolderSetInputException e = assertThrows(FolderSetInputException.class, () -> reader.read(COURSE, 999L));
        assertEquals("groupingId", e.field());
        assertEquals("groupingId: there is no grouping 999 on the new platform", e.getMessage());
    }

    @Test
    void aGroupingOfAnotherCourseNamesTheField() {
        FolderSetInputException e = assertThrows(FolderSetInputException.class,
                () -> reader.read(COURSE, (long) otherGrouping));
        assertEquals("groupingId", e.field());
        assertEquals("groupingId: grouping " + otherGrouping + " belongs to course " + OTHER_COURSE + ", not to course "
                + COURSE, e.getMessage());
    }

    @Test
    void aFunctionMissingFromTheServiceIsTheSitesFault() {
        moodle.removeFunction("core_group_get_course_groups");
        MoodleException e = assertThrows(MoodleException.class, () -> reader.read(COURSE, null));
        assertEquals(MoodleException.Kind.SITE_FAULT, e.kind());
        assertEquals("accessexception", e.code());
    }

    @Test
    void aTokenUserWhoMayNotManageGroupsIsTheSitesFault() {
        moodle.groups().denyCapability(SimulatedGroups.MANAGE_GROUPS);
        MoodleException e = assertThrows(MoodleException.class, () -> reader.read(COURSE, null));
        assertEquals(MoodleException.Kind.SITE_FAULT, e.kind());
        assertEquals("nopermissions", e.code());
    }

    @Test
    void aTokenUserWhoMayNotSeeUsernamesIsTheSitesFaultNotAnEmptyName() {
        moodle.groups().denyCapability(SimulatedGroups.VIEW_ALL_DETAILS);
        MoodleException e = assertThrows(MoodleException.class, () -> reader.read(COURSE, null));
        assertEquals(MoodleException.Kind.SITE_FAULT, e.kind());
        assertEquals("nousernames", e.code());
        assertTrue(e.getMessage().contains("moodle/user:viewalldetails"), e.getMessage());
    }

    @Test
    void theSimulatorAnswersMissingRecordsAsMoodleDoes() throws Exception {
        MoodleSite site = new MoodleSite(JouvenceConfig.CLIENT_ID, moodle.url(), TOKEN, 1, true);
        MoodleClient client = new MoodleClient(site, new JdkTransport(), Duration.ofSeconds(10));
        MoodleException members = assertThrows(MoodleException.class,
                () -> client.call("core_group_get_group_members", Map.of("groupids[0]", "999")));
        assertEquals("invalidrecord", members.code());
        assertEquals(MoodleException.Kind.PERMANENT, members.kind(), "a missing group is the call's fault, not the site's");
        MoodleException groups = assertThrows(MoodleException.class,
                () -> client.call("core_group_get_course_groups", Map.of("courseid", "999")));
        assertEquals("errorcoursecontextnotvalid", groups.code());
    }
}
