package jouvence.folders.moodle;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jouvence.folders.moodle.CollaborativeFolderActivities.Activity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bridge's read of the plugin's activities on a real PostgreSQL holding the lab's Moodle 4.4 tables (the columns
 * the read uses, with the lab's types); RealMoodleFoldersIT reads the real ones.
 */
class CollaborativeFolderActivitiesTest {

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void moodleTables() throws Exception {
        postgres = EmbeddedPostgres.start();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("""
                    CREATE TABLE lab_modules (id bigserial PRIMARY KEY, name varchar(20) NOT NULL);
                    CREATE TABLE lab_course (id bigserial PRIMARY KEY, groupmode smallint NOT NULL DEFAULT 0,
                        groupmodeforce smallint NOT NULL DEFAULT 0);
                    CREATE TABLE lab_course_modules (id bigserial PRIMARY KEY, course bigint NOT NULL, module bigint NOT NULL,
                        instance bigint NOT NULL, groupmode smallint NOT NULL DEFAULT 0, groupingid bigint NOT NULL DEFAULT 0,
                        deletioninprogress smallint NOT NULL DEFAULT 0);
                    CREATE TABLE lab_collaborativefolders (id bigserial PRIMARY KEY, course bigint NOT NULL,
                        name varchar(255) NOT NULL, intro text NOT NULL DEFAULT '', teacher smallint);
                    CREATE TABLE lab_groups (id bigserial PRIMARY KEY, courseid bigint NOT NULL, name varchar(254) NOT NULL);
                    INSERT INTO lab_modules (id, name) VALUES (1, 'forum'), (6, 'collaborativefolders');
                    INSERT INTO lab_course (id, groupmode, groupmodeforce) VALUES (2, 0, 0), (3, 2, 1);
                    INSERT INTO lab_collaborativefolders (id, course, name, teacher) VALUES
                        (1, 2, 'Lab reports & data', 1), (2, 2, 'Shared notes', 0), (3, 2, 'Old one', NULL),
                        (4, 2, 'Being deleted', 1), (5, 3, 'Forced', 0);
                    INSERT INTO lab_course_modules (id, course, module, instance, groupmode, groupingid, deletioninprogress) VALUES
                        (10, 2, 6, 1, 1, 7, 0), (11, 2, 6, 2, 0, 0, 0), (12, 2, 6, 3, 2, 0, 0), (13, 2, 6, 4, 1, 0, 1),
                        (14, 3, 6, 5, 0, 0, 0),
                        (15, 2, 1, 1, 0, 0, 0);
                    INSERT INTO lab_groups (id, courseid, name) VALUES (4, 2, 'R&D <b>team</b>'), (5, 3, 'Other');
                    """);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    private CollaborativeFolderActivities activities() {
        return new CollaborativeFolderActivities(postgres.getPostgresDatabase(), "lab_");
    }

    @Test
    void readsEveryLiveActivityWithItsGroupModeGroupingAndTeacherFlag() throws Exception {
        List<Activity> all = activities().all();
        assertEquals(List.of(
                new Activity(10, 1, 2, "Lab reports & data", 1, 7, true),
                new Activity(11, 2, 2, "Shared notes", 0, 0, false),
                new Activity(12, 3, 2, "Old one", 2, 0, false),
                new Activity(14, 5, 3, "Forced", 2, 0, false)), all,
                "the forum's module with the same instance id is not one; the module being deleted is left out; "
                        + "a null teacher is 0; a course's forced group mode wins");
        assertTrue(all.get(0).grouped());
        assertFalse(all.get(1).grouped());
    }

    @Test
    void readsOneCoursesActivities() throws Exception {
        assertEquals(List.of(14L), activities().ofCourse(3).stream().map(Activity::cmid).toList());
        assertEquals(List.of(), activities().ofCourse(99));
    }

    @Test
    void readsTheGroupsRawNames() throws Exception {
        assertEquals(Map.of(4L, "R&D <b>team</b>"), activities().groupNames(2));
    }

    @Test
    void refusesAPrefixThatIsNotAMoodlePrefix() {
        assertThrows(IllegalArgumentException.class,
                () -> new CollaborativeFolderActivities(postgres.getPostgresDatabase(), "mdl; DROP TABLE x; --"));
    }
}
