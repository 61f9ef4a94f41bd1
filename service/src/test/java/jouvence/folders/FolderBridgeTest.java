package jouvence.folders;

import com.fasterxml.jackson.databind.JsonNode;
import jouvence.TestJouvence;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import routes.folders.FolderBridgeRouteBuilder;
import simulator.SimulatedGroups;
import simulator.cloud.CloudSimulator;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The plugin's existing activities taken in as folder sets (jouvence.folders.bridge.enabled): a real Jouvence on the
 * embedded PostgreSQL, the plugin's tables in a database of their own there (the lab's columns, as
 * CollaborativeFolderActivitiesTest makes them), the simulated new platform and Nextcloud over sockets. The poll is
 * stepped through {@link FolderBridgeRouteBuilder#RUN}.
 */
class FolderBridgeTest {

    private static final String MOODLE_DB = "moodle_folders";
    private static final int COURSE = 20;
    private static final String SYS = "jouvence";
    private static CloudSimulator cloud;
    private static FoldersJouvence jouvence;

    @BeforeAll
    static void start() throws Exception {
        TestJouvence env = TestJouvence.get();
        try (Connection c = env.postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + MOODLE_DB);
            s.execute("CREATE DATABASE " + MOODLE_DB);
        }
        cloud = CloudSimulator.nextcloud().start();
        cloud.addUser(SYS, "Jouvence", "jouvence@univ.example").appPassword(SYS, "sys-app-password");
        cloud.addUser("s1", "S1", "s1@univ.example").addUser("teacher1", "T1", "teacher1@univ.example");
        jouvence = new FoldersJouvence(Map.of("jouvence.folders.cloud.url", cloud.url(),
                "jouvence.folders.cloud.user", SYS, "jouvence.folders.cloud.app-password", "sys-app-password",
                "jouvence.folders.bridge.enabled", "true", "jouvence.folders.bridge.poll-interval", "86400000",
                "jouvence.bridge.db.url", env.postgres.getJdbcUrl("postgres", MOODLE_DB),
                "jouvence.bridge.db.username", "postgres", "jouvence.bridge.table-prefix", "mdl_"));
    }

    @AfterAll
    static void stop() throws Exception {
        jouvence.close();
        cloud.close();
    }

    @BeforeEach
    void activities() throws Exception {
        jouvence.reset();
        moodle("""
                DROP TABLE IF EXISTS mdl_modules, mdl_course, mdl_course_modules, mdl_collaborativefolders, mdl_groups;
                CREATE TABLE mdl_modules (id bigserial PRIMARY KEY, name varchar(20) NOT NULL);
                CREATE TABLE mdl_course (id bigserial PRIMARY KEY, groupmode smallint NOT NULL DEFAULT 0,
                    groupmodeforce smallint NOT NULL DEFAULT 0);
                CREATE TABLE mdl_course_modules (id bigserial PRIMARY KEY, course bigint NOT NULL, module bigint NOT NULL,
                    instance bigint NOT NULL, groupmode smallint NOT NULL DEFAULT 0, groupingid bigint NOT NULL DEFAULT 0,
                    deletioninprogress smallint NOT NULL DEFAULT 0);
                CREATE TABLE mdl_collaborativefolders (id bigserial PRIMARY KEY, course bigint NOT NULL,
                    name varchar(255) NOT NULL, intro text NOT NULL DEFAULT '', teacher smallint);
                CREATE TABLE mdl_groups (id bigserial PRIMARY KEY, courseid bigint NOT NULL, name varchar(254) NOT NULL);
                INSERT INTO mdl_modules (id, name) VALUES (1, 'forum'), (6, 'collaborativefolders');
                INSERT INTO mdl_course (id) VALUES (20);
                INSERT INTO mdl_collaborativefolders (id, course, name, teacher) VALUES
                    (1, 20, 'Lab reports: week 1', 1), (2, 20, 'Shared notes', 0);
                INSERT INTO mdl_course_modules (id, course, module, instance, groupmode, groupingid) VALUES
                    (310, 20, 6, 1, 1, 0), (311, 20, 6, 2, 0, 0), (312, 20, 1, 1, 0, 0);
                """);
        jouvence.client.addCourse(COURSE, "CHEM", "Chemistry", 3, "teacher1");
        SimulatedGroups g = jouvence.client.groups();
        jouvence.client.addUser("s1", "S1", "Student");
        g.enrol("s1", COURSE, "student");
        g.addMember(g.addGroup(COURSE, "Team A"), "s1");
    }

    private static void moodle(String sql) throws Exception {
        try (Connection c = TestJouvence.get().postgres.getDatabase("postgres", MOODLE_DB).getConnection();
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static FolderBridge.Run step() {
        try (ProducerTemplate t = jouvence.camel.createProducerTemplate()) {
            return t.requestBody(FolderBridgeRouteBuilder.RUN, null, FolderBridge.Run.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode byCmid(long cmid) throws Exception {
        JsonNode page = jouvence.api("GET", "/api/v1/folder-sets?course=" + COURSE, null).json();
        for (JsonNode s : page.get("folderSets")) {
            if (s.get("cmid").asLong() == cmid) {
                return jouvence.api("GET", "/api/v1/folder-sets/" + s.get("id").asLong(), null).json();
            }
        }
        throw new AssertionError("no folder set for activity " + cmid + ": " + page.toPrettyString());
    }

    private static JsonNode settled(long cmid) throws Exception {
        return FoldersJouvence.poll(Duration.ofSeconds(30), () -> byCmid(cmid),
                n -> Set.of("ready", "partial", "failed").contains(n.get("state").asText()));
    }

    @Test
    void eachActivityBecomesASetNamedAsThePluginNamesItsFolders() throws Exception {
        FolderBridge.Run run = step();
        assertEquals(List.of(310L, 311L), run.created(), "the forum with the same instance id is not an activity");

        JsonNode lab = settled(310);
        assertEquals("ready", lab.get("state").asText(), lab.toPrettyString());
        assertEquals("Lab reports: week 1", lab.get("name").asText(), "the activity's name, as Moodle stores it");
        assertEquals("bridge", lab.get("origin").asText());
        assertEquals("groups", lab.get("groupMode").asText());
        assertTrue(lab.get("teacherAccess").asBoolean());
        assertEquals("none", settled(311).get("groupMode").asText());

        // The plugin's own tree (toolbox::get_base_path / get_group_folder), not Jouvence's root: the plugin finds it.
        List<String> paths = StreamSupport.stream(lab.get("folders").spliterator(), false)
                .map(f -> f.get("path").asText()).toList();
        assertTrue(paths.get(0).startsWith("System ("), paths.toString());
        assertTrue(paths.get(0).endsWith("/Course Chemistry (id 20)/Collaborative folder Lab reports week 1 (id 310)"
                + "/mod_collaborativefolders"), paths.toString());
        assertTrue(paths.get(1).matches(".*/mod_collaborativefolders/Team\\+A_id_\\d+"), paths.toString());
        paths.forEach(p -> assertTrue(cloud.fileId(SYS, p) != null, p + " made in the cloud"));

        assertEquals(List.of(), step().created(), "a second run makes nothing twice");
        assertEquals(2, jouvence.count("SELECT count(*) FROM folder_set WHERE origin = 'bridge'"));
    }

    @Test
    void anEditedActivityUpdatesItsSetAndADeletedOneIsNoLongerManaged() throws Exception {
        step();
        settled(310);
        moodle("UPDATE mdl_collaborativefolders SET name = 'Lab reports', teacher = 0 WHERE id = 1;"
                + "UPDATE mdl_course_modules SET deletioninprogress = 1 WHERE id = 311");
        FolderBridge.Run run = step();
        assertEquals(List.of(310L), run.updated());
        assertEquals(List.of(311L), run.stopped());

        JsonNode lab = settled(310);
        assertEquals("Lab reports", lab.get("name").asText());
        assertFalse(lab.get("teacherAccess").asBoolean());
        assertTrue(lab.get("events").toString().contains("the activity changed in Moodle: name 'Lab reports: week 1'"
                + " → 'Lab reports', teachers' access true → false"), lab.get("events").toString());
        JsonNode notes = byCmid(311);
        assertFalse(notes.get("managed").asBoolean());
        assertEquals("stopped", notes.get("state").asText());

        // A set no longer managed is never taken back, even when its activity is there again.
        moodle("UPDATE mdl_course_modules SET deletioninprogress = 0 WHERE id = 311");
        assertEquals(List.of(), step().created());
        assertFalse(byCmid(311).get("managed").asBoolean());
    }

    @Test
    void aFailedReadChangesNothing() throws Exception {
        step();
        moodle("ALTER TABLE mdl_collaborativefolders RENAME TO mdl_collaborativefolders_gone");
        assertThrows(Exception.class, FolderBridgeTest::step);
        assertEquals(2, jouvence.count("SELECT count(*) FROM folder_set WHERE origin = 'bridge' AND managed"),
                "nothing stopped because the activities could not be read");
    }
}
