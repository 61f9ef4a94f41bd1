package jouvence.folders;

import jouvence.folders.moodle.CourseGroups;
import jouvence.folders.moodle.CourseGroups.Group;
import jouvence.folders.moodle.CourseGroups.Participant;
import jouvence.folders.reconcile.ShareMode;
import jouvence.folders.store.FolderOptIns.OptIn;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a folder set gives one participant on /folders, from Moodle's word and the records only (no cloud). */
class ParticipantFoldersTest {

    static final Participant TEACHER = person(1, "teacher1", true);
    static final Participant S1 = person(11, "s1", false);
    static final Participant S2 = person(12, "s2", false);
    static final Participant LONER = person(14, "s4", false);
    static final String CLOUD = "https://cloud.univ.example";
    static final String PARENT = "Moodle/Biology 101 (id 10)/Lab reports (id 3)";

    static Participant person(long id, String username, boolean teacher) {
        return new Participant(id, username, username + "@univ.example", Set.of(teacher ? "editingteacher" : "student"),
                teacher);
    }

    static FolderSet set(GroupMode mode, boolean teacherAccess) {
        return new FolderSet(3, 10, null, "Lab reports", mode, null, teacherAccess, "api", "admin", true, "ready",
                null, 0, null, null, 1, null, null, null, null);
    }

    static final CourseGroups MOODLE = new CourseGroups(new CourseGroups.Course(10, "Biology 101", "BIO",
            "Biology 101", 3), List.of(), "moodle", Optional.empty(), List.of(new Group(7, "Team A", List.of(S1, S2))),
            List.of(TEACHER), List.of(S1, S2, LONER), List.of(LONER));

    static final FolderRecord PARENT_FOLDER = new FolderRecord(50, 3, FolderRecord.PARENT, null, null, PARENT, 500L,
            "ready", true, null, null);
    static final FolderRecord TEAM_A = new FolderRecord(51, 3, FolderRecord.GROUP, 7L, "Team A",
            PARENT + "/Team A (id 7)", 501L, "ready", true, null, null);

    static ShareRecord share(FolderRecord f, Participant p, String state, String error) {
        return new ShareRecord(90 + p.id(), f.id(), p.id(), p.username(), p.username(), 900 + p.id(), 31, state, error,
                null);
    }

    private static ParticipantFolder only(List<ParticipantFolder> lines) {
        assertEquals(1, lines.size(), lines.toString());
        return lines.get(0);
    }

    @Test
    void aMemberSeesTheirGroupsFolderSharedWithTheirCloudAccountAndTheLinkToOpenIt() {
        ParticipantFolder l = only(ParticipantFolders.of(set(GroupMode.GROUPS, false), MOODLE, "s1",
                List.of(PARENT_FOLDER, TEAM_A), List.of(share(TEAM_A, S1, "shared", null)), null,
                ShareMode.AUTOMATIC, CLOUD));
        assertEquals(ParticipantFolder.FOLDER, l.situation());
        assertEquals("Team A", l.groupName());
        assertEquals("Team A (id 7)", l.folderName());
        assertEquals("shared", l.state());
        assertEquals("s1", l.cloudUser());
        assertEquals(CLOUD + "/index.php/apps/files/?dir=/Team%20A%20%28id%207%29", l.link());
        assertFalse(l.canAdd());
    }

    @Test
    void aNamedCopyIsLinkedWhereItIsAndAnotherAuthorisingAccountIsWarned() {
        ParticipantFolder named = only(ParticipantFolders.of(set(GroupMode.GROUPS, false), MOODLE, "s1",
                List.of(PARENT_FOLDER, TEAM_A), List.of(share(TEAM_A, S1, "shared", null)),
                new OptIn(3, S1.id(), "s1", "s1", "Shares/My lab"), ShareMode.AUTOMATIC, CLOUD));
        assertEquals(CLOUD + "/index.php/apps/files/?dir=/Shares/My%20lab", named.link());
        assertEquals(911L, named.shareId());
        assertNull(named.authorisedAs());
        ParticipantFolder other = only(ParticipantFolders.of(set(GroupMode.GROUPS, false), MOODLE, "s1",
                List.of(PARENT_FOLDER, TEAM_A), List.of(share(TEAM_A, S1, "shared", null)),
                new OptIn(3, S1.id(), "s1", "someone-else", null), ShareMode.AUTOMATIC, CLOUD));
        assertEquals("someone-else", other.authorisedAs());
    }

    @Test
    void theStatesInWordsCreatingSharingErrorLeft() {
        FolderSet s = set(GroupMode.GROUPS, false);
        assertEquals("creating", only(ParticipantFolders.of(s, MOODLE, "s1", List.of(), List.of(), null,
                ShareMode.AUTOMATIC, CLOUD)).state(), "nothing recorded yet");
        assertEquals("sharing", only(ParticipantFolders.of(s, MOODLE, "s1", List.of(PARENT_FOLDER, TEAM_A), List.of(),
                null, ShareMode.AUTOMATIC, CLOUD)).state());
        ParticipantFolder error = only(ParticipantFolders.of(s, MOODLE, "s1", List.of(PARENT_FOLDER, TEAM_A),
                List.of(share(TEAM_A, S1, "error", "no cloud account s1")), null, ShareMode.AUTOMATIC, CLOUD));
        assertEquals("error", error.state());
        assertEquals("no cloud account s1", error.error());
        assertNull(error.link());
        assertEquals("left", only(ParticipantFolders.of(s, MOODLE, "s1", List.of(PARENT_FOLDER, TEAM_A),
                List.of(share(TEAM_A, S1, "kept", null)), null, ShareMode.AUTOMATIC, CLOUD)).state());
    }

    @Test
    void optInOffersAddToMyCloudUntilAsked() {
        FolderSet s = set(GroupMode.GROUPS, false);
        ParticipantFolder before = only(ParticipantFolders.of(s, MOODLE, "s2", List.of(PARENT_FOLDER, TEAM_A),
                List.of(), null, ShareMode.OPT_IN, CLOUD));
        assertEquals("not-added", before.state());
        assertTrue(before.canAdd());
        ParticipantFolder asked = only(ParticipantFolders.of(s, MOODLE, "s2", List.of(PARENT_FOLDER, TEAM_A),
                List.of(), new OptIn(3, S2.id(), "s2", null, null), ShareMode.OPT_IN, CLOUD));
        assertEquals("sharing", asked.state());
        assertFalse(asked.canAdd());
    }

    @Test
    void notInAnyGroupAndTeachersNotAllowedAreSaidPlainly() {
        assertEquals(ParticipantFolder.NO_GROUP, only(ParticipantFolders.of(set(GroupMode.GROUPS, true), MOODLE, "s4",
                List.of(), List.of(), null, ShareMode.AUTOMATIC, CLOUD)).situation());
        assertEquals(ParticipantFolder.TEACHERS_NOT_ALLOWED, only(ParticipantFolders.of(set(GroupMode.GROUPS, false),
                MOODLE, "teacher1", List.of(), List.of(), null, ShareMode.AUTOMATIC, CLOUD)).situation());
        ParticipantFolder teacher = only(ParticipantFolders.of(set(GroupMode.GROUPS, true), MOODLE, "teacher1",
                List.of(PARENT_FOLDER, TEAM_A), List.of(share(PARENT_FOLDER, TEACHER, "shared", null)), null,
                ShareMode.AUTOMATIC, CLOUD));
        assertEquals("Lab reports (id 3)", teacher.folderName(), "a teacher gets the set's parent folder");
        assertEquals("shared", teacher.state());
        assertEquals(List.of(), ParticipantFolders.of(set(GroupMode.GROUPS, true), MOODLE, "stranger", List.of(),
                List.of(), null, ShareMode.AUTOMATIC, CLOUD), "not in the course: nothing");
    }

    @Test
    void withoutGroupsEveryStudentHasTheSetsFolder() {
        ParticipantFolder l = only(ParticipantFolders.of(set(GroupMode.NONE, false), MOODLE, "s4",
                List.of(PARENT_FOLDER), List.of(), null, ShareMode.AUTOMATIC, CLOUD));
        assertEquals("Lab reports (id 3)", l.folderName());
        assertEquals("sharing", l.state());
    }
}
