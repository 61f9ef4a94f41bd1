package jouvence;

import jakarta.mail.internet.MimeMessage;
import jouvence.courses.RestoreRequest;
import jouvence.courses.Status;
import jouvence.courses.bridge.BridgeDatabase;
import jouvence.courses.bridge.BridgeRun;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import routes.courses.BridgeRouteBuilder;
import simulator.MoodleSimulator;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bridge to the Moodle block's queue table: rows inserted exactly as the block's page inserts them, in a
 * {@code mdl_}-prefixed table with the plugin's schema, in a real PostgreSQL database of the new platform; taken,
 * restored through the whole pipeline, and written back exactly as the plugin's scheduled task does.
 */
class BridgeTest {

    /** The plugin's install.xml for {block_external_backuprestore} (401_devel), in PostgreSQL. */
    static final String QUEUE_TABLE = """
            CREATE TABLE IF NOT EXISTS mdl_block_external_backuprestore (
                id serial PRIMARY KEY,
                userid bigint NOT NULL,
                externalcourseid bigint NOT NULL,
                externalcoursename varchar(254) NOT NULL,
                externalmoodleurl varchar(256) NOT NULL,
                internalcategory bigint NOT NULL DEFAULT 0,
                status bigint NOT NULL DEFAULT 0,
                courseid bigint NULL,
                withuserdatas smallint NOT NULL DEFAULT 0,
                enrolmentmode smallint NOT NULL DEFAULT 2,
                timecreated bigint DEFAULT 0,
                timemodified bigint DEFAULT 0,
                timescheduleprocessed bigint DEFAULT 0)""";

    /** The part of Moodle's {user} the bridge reads. */
    static final String USER_TABLE = """
            CREATE TABLE IF NOT EXISTS mdl_user (
                id bigserial PRIMARY KEY,
                username varchar(100) NOT NULL DEFAULT '',
                deleted smallint NOT NULL DEFAULT 0)""";

    /** The users of the new platform (ids as the client simulator has them); 7 was deleted. */
    static final long TEACHER1 = 3;
    static final long TEACHER2 = 6;
    static final long DELETED = 7;

    private final TestJouvence env = TestJouvence.get();

    /** A row of the block's queue, as read back. */
    record BlockRow(long id, long userid, long status, Long courseid, long internalcategory, int withuserdatas,
                    int enrolmentmode, long timecreated, long timemodified, long timescheduleprocessed) {
    }

    @BeforeEach
    void reset() throws Exception {
        env.reset();
        try (Connection c = env.moodleDb().getConnection(); Statement s = c.createStatement()) {
            s.execute(QUEUE_TABLE);
            s.execute(USER_TABLE);
            s.execute("INSERT INTO mdl_user (id, username, deleted) VALUES (1, 'guest', 0), (2, 'admin', 0), "
                    + "(3, 'teacher1', 0), (5, 'student1', 0), (6, 'teacher2', 0), (7, 'gone.teacher', 1)");
        }
    }

    @Test
    void a_row_from_the_block_page_is_restored_and_written_back_as_the_plugins_task_does() throws Exception {
        long before = now();
        long row = insertAsTheBlockPage(TEACHER1, 2, "Biology 101 (old platform)", env.old.url() + "/", before - 60);

        BridgeRun run = takeRows();
        assertEquals(1, run.taken());
        assertEquals(1, run.queued());
        BlockRow taken = row(row);
        assertEquals(1, taken.status(), "taken as the task takes it: in progress");
        assertTrue(taken.timemodified() >= before && taken.timescheduleprocessed() >= before, taken.toString());

        long id = requestFor(row).orElseThrow();
        RestoreRequest r = env.request(id);
        assertEquals("old", r.serverId());
        assertEquals(2, r.remoteCourseId());
        assertEquals("teacher1", r.requester());
        assertEquals("Biology 101 (old platform)", r.remoteCourseName());
        assertEquals("default", r.category(), "internalcategory 0 = the default category");
        assertFalse(r.withUserData());
        assertEquals(2, r.enrolmentMode());

        assertEquals(0, writeBack(), "nothing to write back while the request runs");
        assertEquals(1, row(row).status());

        env.claimNow();
        r = env.awaitStatus(id, Status.PERFORMED);
        assertEquals(1, writeBack());
        BlockRow done = row(row);
        assertEquals(2, done.status());
        assertEquals(r.restoredCourseId(), done.courseid());
        assertTrue(done.timescheduleprocessed() >= taken.timescheduleprocessed() && done.timescheduleprocessed() > 0);
        assertTrue(done.timemodified() >= taken.timemodified());
        assertEquals(before - 60, done.timecreated(), "timecreated is never changed");
        assertNotNull(writtenBackAt(id));
        assertEquals(2, env.client.course(r.restoredCourseId().intValue()).categoryid(), "the default category");
        assertTrue(env.requests.events(id).stream().anyMatch(e -> e.step().equals("write-back")
                && e.message().contains("set to 2")), env.requests.events(id).toString());

        assertEquals(0, writeBack(), "written back once");
        assertEquals(0, takeRows().taken(), "a row is taken once");
    }

    @Test
    void a_row_of_a_course_the_teacher_does_not_own_ends_at_error_instead_of_staying_in_progress() throws Exception {
        long row = insertAsTheBlockPage(TEACHER1, 5, "Maths 999 - owned by teacher2 only", env.old.url(), now());
        assertEquals(1, takeRows().queued());
        long id = requestFor(row).orElseThrow();
        env.claimNow();
        RestoreRequest r = env.awaitStatus(id, Status.ERROR);
        assertEquals("notcourseowner", r.lastErrorCode());
        assertEquals(1, row(row).status(), "in progress until written back");

        assertEquals(1, writeBack());
        BlockRow failed = row(row);
        assertEquals(-1, failed.status(), "the plugin's task would have left it at 1 forever");
        assertNull(failed.courseid());
        assertTrue(failed.timescheduleprocessed() > 0);
    }

    @Test
    void a_row_naming_a_server_jouvence_does_not_know_is_set_to_error_and_the_admins_are_mailed() throws Exception {
        long row = insertAsTheBlockPage(TEACHER1, 2, "Biology 101", "https://moodle.elsewhere.example/", now());
        BridgeRun run = takeRows();
        assertEquals(1, run.taken());
        assertEquals(0, run.queued());
        assertEquals(1, run.refused());
        BlockRow refused = row(row);
        assertEquals(-1, refused.status());
        assertTrue(refused.timescheduleprocessed() > 0 && refused.timemodified() > 0);
        assertTrue(requestFor(row).isEmpty(), "no request is queued");

        String body = bridgeMail(1).getContent().toString();
        assertTrue(body.contains("row " + row) && body.contains("https://moodle.elsewhere.example")
                && body.contains("teacher1") && body.contains("jouvence.server.<id>.url"), body);
        assertEquals(0, writeBack());
        assertEquals(-1, row(row).status());
    }

    @Test
    void rows_of_nobody_of_a_deleted_user_or_of_an_unknown_user_are_set_to_error() throws Exception {
        long nobody = insertAsTheBlockPage(0, 2, "Biology 101", env.old.url(), now() - 3);
        long deleted = insertAsTheBlockPage(DELETED, 3, "Chemistry 201", env.old.url(), now() - 2);
        long unknown = insertAsTheBlockPage(99, 4, "Physics 301", env.old.url(), now() - 1);
        BridgeRun run = takeRows();
        assertEquals(3, run.taken());
        assertEquals(3, run.refused());
        for (long row : new long[]{nobody, deleted, unknown}) {
            assertEquals(-1, row(row).status(), "row " + row);
            assertTrue(requestFor(row).isEmpty(), "row " + row);
        }
        String body = bridgeMail(1).getContent().toString();
        assertTrue(body.contains("userid 0") && body.contains("only administrators"), body);
        assertTrue(body.contains("user " + DELETED + " does not exist") && body.contains("user 99 does not exist"), body);
        assertTrue(bridgeMail(1).getSubject().contains("3 request(s)"), bridgeMail(1).getSubject());
    }

    @Test
    void a_row_already_taken_by_the_plugins_task_is_not_taken_again() throws Exception {
        long row;
        try (Connection c = env.moodleDb().getConnection(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO mdl_block_external_backuprestore (userid, externalcourseid, externalcoursename,
                       externalmoodleurl, status, timecreated, timemodified, timescheduleprocessed)
                VALUES (?, 2, 'Biology 101', ?, 1, 1700000000, 1700000100, 1700000100) RETURNING id""")) {
            ps.setLong(1, TEACHER1);
            ps.setString(2, env.old.url());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                row = rs.getLong(1);
            }
        }
        assertEquals(0, takeRows().taken());
        BlockRow untouched = row(row);
        assertEquals(1, untouched.status());
        assertEquals(1700000100, untouched.timemodified());
        assertEquals(1700000100, untouched.timescheduleprocessed());
        assertTrue(requestFor(row).isEmpty());
        assertEquals(0, writeBack());
    }

    @Test
    void user_data_category_and_enrolment_mode_are_carried_over_and_the_url_matched_whatever_its_case() throws Exception {
        String keyed = env.other.url().replace("http://", "HTTP://") + "//"; // as an admin may have typed it
        long row = insert(TEACHER1, 3, "Chemistry 201 (old platform)", keyed, now(), 3, 1, 1);
        assertEquals(1, takeRows().queued());
        long id = requestFor(row).orElseThrow();
        RestoreRequest r = env.request(id);
        assertEquals("other", r.serverId());
        assertEquals("3", r.category());
        assertTrue(r.withUserData());
        assertEquals(1, r.enrolmentMode());

        env.claimNow();
        r = env.awaitStatus(id, Status.PERFORMED);
        assertEquals("1", env.other.calls(MoodleSimulator.FN_GET_COURSES_ZIP).get(0).get("withuserdatas"));
        assertEquals(Boolean.TRUE, r.archiveIncludesUsers());
        assertEquals(3, env.client.course(r.restoredCourseId().intValue()).categoryid());
        assertEquals(1, writeBack());
        BlockRow done = row(row);
        assertEquals(2, done.status());
        assertEquals(r.restoredCourseId(), done.courseid());
        assertEquals(3, done.internalcategory());
        assertEquals(1, done.withuserdatas());
        assertEquals(1, done.enrolmentmode());
    }

    @Test
    void rows_are_taken_oldest_first_and_a_duplicate_ends_at_error_with_its_reason() throws Exception {
        long newer = insertAsTheBlockPage(TEACHER2, 4, "Physics 301 (old platform)", env.old.url(), now() - 10);
        long older = insertAsTheBlockPage(TEACHER1, 4, "Physics 301 (old platform)", env.old.url(), now() - 100);
        BridgeRun run = takeRows();
        assertEquals(2, run.taken());
        assertEquals(1, run.queued());
        assertEquals("teacher1", env.request(requestFor(older).orElseThrow()).requester(), "oldest timecreated first");
        assertTrue(requestFor(newer).isEmpty());
        assertEquals(-1, row(newer).status(), "a refused duplicate never stays at 1");
        String body = bridgeMail(1).getContent().toString();
        assertTrue(body.contains("row " + newer) && body.contains("duplicate") && body.contains("already"), body);

        env.claimNow();
        env.awaitStatus(requestFor(older).orElseThrow(), Status.PERFORMED);
        assertEquals(1, writeBack());
        assertEquals(2, row(older).status());
        assertEquals(-1, row(newer).status());
    }

    @Test
    void an_admin_cancelled_request_of_the_block_is_written_back_as_an_error() throws Exception {
        long row = insertAsTheBlockPage(TEACHER1, 6, "Big 401 (old platform)", env.old.url(), now());
        assertEquals(1, takeRows().queued());
        long id = requestFor(row).orElseThrow();
        assertTrue(env.requests.cancel(id, "admin").isPresent());
        assertEquals(1, writeBack());
        assertEquals(-1, row(row).status());
        assertNull(row(row).courseid());
    }

    @Test
    void an_error_retried_by_an_admin_in_jouvence_is_written_back_again_when_performed() throws Exception {
        long row = insertAsTheBlockPage(TEACHER1, 5, "Maths 999 - owned by teacher2 only", env.old.url(), now());
        assertEquals(1, takeRows().queued());
        long id = requestFor(row).orElseThrow();
        env.claimNow();
        env.awaitStatus(id, Status.ERROR);
        assertEquals(1, writeBack());
        assertEquals(-1, row(row).status());

        env.old.addTeacher(5, "teacher1"); // the admin fixed the cause on the old platform
        assertTrue(env.requests.retry(id, "admin").isPresent());
        env.claimNow();
        RestoreRequest r = env.awaitStatus(id, Status.PERFORMED);
        assertEquals(1, writeBack());
        BlockRow done = row(row);
        assertEquals(2, done.status());
        assertEquals(r.restoredCourseId(), done.courseid());
    }

    @Test
    void a_row_jouvence_cannot_queue_is_given_back_to_the_blocks_queue_and_the_run_stops() throws Exception {
        long older = insertAsTheBlockPage(TEACHER1, 2, "Biology 101 (old platform)", env.old.url(), now() - 100);
        long newer = insertAsTheBlockPage(TEACHER2, 3, "Chemistry 201 (old platform)", env.old.url(), now() - 10);
        try (Connection c = env.requests.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE FUNCTION test_queue_down() RETURNS trigger LANGUAGE plpgsql AS "
                    + "$$ BEGIN RAISE EXCEPTION 'the queue is down (test)'; END $$");
            s.execute("CREATE TRIGGER test_queue_down BEFORE INSERT ON restore_request FOR EACH ROW "
                    + "EXECUTE FUNCTION test_queue_down()");
        }
        BridgeRun run;
        int logged = env.logs.size();
        try {
            run = takeRows();
        } finally {
            try (Connection c = env.requests.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("DROP TRIGGER test_queue_down ON restore_request");
                s.execute("DROP FUNCTION test_queue_down()");
            }
        }
        assertEquals(1, run.taken(), "taken, then given back; the run stops there");
        assertEquals(0, run.queued());
        assertEquals(0, run.refused());
        BlockRow released = row(older);
        assertEquals(0, released.status(), "scheduled again, never left in progress");
        assertTrue(released.timemodified() > 0, released.toString());
        assertEquals(0, row(newer).timemodified(), "the rest waits for the next run, untouched");
        assertTrue(requestFor(older).isEmpty());
        assertEquals(1, env.logs.linesSince(logged, "cannot queue row " + older).size());
        assertEquals(List.of(), env.logs.linesSince(logged, "the Moodle database failed"), "Moodle did not fail");

        run = takeRows();
        assertEquals(2, run.taken());
        assertEquals(2, run.queued());
        assertEquals(1, row(older).status());
        assertEquals(1, row(newer).status());
    }

    @Test
    void a_failing_moodle_database_stops_the_run_and_the_rest_waits_for_the_next_one() throws Exception {
        long older = insertAsTheBlockPage(TEACHER1, 2, "Biology 101 (old platform)", env.old.url(), now() - 100);
        long newer = insertAsTheBlockPage(TEACHER2, 3, "Chemistry 201 (old platform)", env.old.url(), now() - 10);
        BridgeRun run;
        int logged = env.logs.size();
        moodleSql("ALTER TABLE mdl_user RENAME TO mdl_user_away");
        try {
            run = takeRows(); // the user of the first row cannot be read
        } finally {
            moodleSql("ALTER TABLE mdl_user_away RENAME TO mdl_user");
        }
        assertEquals(1, run.taken());
        assertEquals(0, run.queued());
        assertTrue(requestFor(older).isEmpty());
        assertEquals(1, env.logs.linesSince(logged, "the Moodle database failed").size());
        assertEquals(0, row(newer).status(), "not taken: it waits for the next run");
        assertEquals(0, row(newer).timemodified());

        assertEquals(1, takeRows().queued(), "the next run takes the rest");
        assertEquals(1, row(newer).status());
        assertEquals("teacher2", env.request(requestFor(newer).orElseThrow()).requester());
    }

    @Test
    void a_write_back_that_fails_in_moodle_is_not_marked_and_is_written_on_the_next_run() throws Exception {
        long row = insertAsTheBlockPage(TEACHER1, 6, "Big 401 (old platform)", env.old.url(), now());
        assertEquals(1, takeRows().queued());
        long id = requestFor(row).orElseThrow();
        assertTrue(env.requests.cancel(id, "admin").isPresent());

        moodleSql("ALTER TABLE mdl_block_external_backuprestore RENAME TO mdl_block_away");
        try {
            assertEquals(0, writeBack());
        } finally {
            moodleSql("ALTER TABLE mdl_block_away RENAME TO mdl_block_external_backuprestore");
        }
        assertNull(writtenBackAt(id), "rolled back: not marked written back");
        assertEquals(1, row(row).status());

        assertEquals(1, writeBack());
        assertEquals(-1, row(row).status());
        assertNotNull(writtenBackAt(id));
        assertEquals(0, writeBack(), "written back once");
    }

    @Test
    void a_request_another_replica_is_writing_back_is_skipped_not_written_twice() throws Exception {
        long row = insertAsTheBlockPage(TEACHER1, 6, "Big 401 (old platform)", env.old.url(), now());
        assertEquals(1, takeRows().queued());
        long id = requestFor(row).orElseThrow();
        assertTrue(env.requests.cancel(id, "admin").isPresent());

        try (Connection other = env.requests.dataSource().getConnection()) { // as another replica holds it
            other.setAutoCommit(false);
            try (PreparedStatement ps = other.prepareStatement("SELECT id FROM restore_request WHERE id = ? FOR UPDATE")) {
                ps.setLong(1, id);
                ps.executeQuery().close();
            }
            assertEquals(0, writeBack(), "skipped while held elsewhere");
            assertEquals(1, row(row).status());
            other.rollback();
        }
        assertEquals(1, writeBack());
        assertEquals(-1, row(row).status());
    }

    // --- configuration -------------------------------------------------------------------------------------------

    @Test
    void the_bridge_is_off_by_default_and_its_table_prefix_is_checked_at_start_up() throws Exception {
        Map<String, String> m = shipped();
        JouvenceConfig c = JouvenceConfig.from(k -> Optional.ofNullable(m.get(k)));
        assertFalse(c.bridge().enabled());
        assertEquals("mdl_", c.bridge().tablePrefix());
        assertEquals(60000, c.bridge().pollIntervalMs());
        assertTrue(BridgeDatabase.open(c.bridge()).isEmpty(), "no pool on a Moodle database when the bridge is off");
        try (DefaultCamelContext off = new DefaultCamelContext()) { // no moodleDb nor bridge beans bound: none needed
            Properties p = new Properties();
            p.putAll(m);
            off.getPropertiesComponent().setInitialProperties(p);
            off.addRoutes(new BridgeRouteBuilder());
            off.start();
            assertTrue(off.getRoutes().isEmpty(), "no bridge route is built, so none takes rows or writes back: "
                    + off.getRoutes());
            assertTrue(off.getEndpoints().stream().noneMatch(e -> e.getEndpointUri().startsWith("sql:")),
                    off.getEndpoints().toString());
        }
        for (String bad : List.of("mdl-", "MDL_", "mdl_; DROP TABLE x", "a".repeat(21))) {
            m.put("jouvence.bridge.table-prefix", bad);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> JouvenceConfig.from(k -> Optional.ofNullable(m.get(k))));
            assertTrue(e.getMessage().startsWith("jouvence.bridge.table-prefix"), e.getMessage());
        }
        m.put("jouvence.bridge.table-prefix", "");
        assertEquals("", JouvenceConfig.from(k -> Optional.ofNullable(m.get(k))).bridge().tablePrefix());
        m.put("jouvence.bridge.enabled", "true");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JouvenceConfig.from(k -> Optional.ofNullable(m.get(k))));
        assertTrue(e.getMessage().startsWith("jouvence.bridge.db.url"), e.getMessage());
        m.put("jouvence.bridge.db.url", "jdbc:postgresql://moodle-db/moodle?password=secret");
        m.put("jouvence.bridge.db.password", "secret");
        assertFalse(JouvenceConfig.from(k -> Optional.ofNullable(m.get(k))).bridge().toString().contains("secret"));
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    private static Map<String, String> shipped() throws Exception {
        return JouvenceConfigTest.shipped();
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }

    /** As the block's page inserts a ticked course (§6): defaults for category, user data and enrolment mode. */
    private long insertAsTheBlockPage(long userid, long course, String name, String url, long timecreated)
            throws Exception {
        return insert(userid, course, name, url, timecreated, 0, 0, 2);
    }

    private long insert(long userid, long course, String name, String url, long timecreated, long category,
                        int withUserData, int enrolmentMode) throws Exception {
        try (Connection c = env.moodleDb().getConnection(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO mdl_block_external_backuprestore (userid, externalcourseid, externalmoodleurl,
                       internalcategory, withuserdatas, enrolmentmode, externalcoursename, status, timecreated)
                VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?) RETURNING id""")) {
            ps.setLong(1, userid);
            ps.setLong(2, course);
            ps.setString(3, url);
            ps.setLong(4, category);
            ps.setInt(5, withUserData);
            ps.setInt(6, enrolmentMode);
            ps.setString(7, name);
            ps.setLong(8, timecreated);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private BlockRow row(long id) throws Exception {
        try (Connection c = env.moodleDb().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT * FROM mdl_block_external_backuprestore WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "row " + id + " exists");
                long course = rs.getLong("courseid");
                Long courseid = rs.wasNull() ? null : course;
                return new BlockRow(rs.getLong("id"), rs.getLong("userid"), rs.getLong("status"), courseid,
                        rs.getLong("internalcategory"), rs.getInt("withuserdatas"), rs.getInt("enrolmentmode"),
                        rs.getLong("timecreated"), rs.getLong("timemodified"), rs.getLong("timescheduleprocessed"));
            }
        }
    }

    private void moodleSql(String statement) throws Exception {
        try (Connection c = env.moodleDb().getConnection(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    /** The Jouvence request made from a block row. */
    private Optional<Long> requestFor(long row) throws Exception {
        try (Connection c = env.requests.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT id FROM restore_request WHERE source = 'block' AND external_ref = ?")) {
            ps.setString(1, Long.toString(row));
            try (ResultSet rs = ps.executeQuery()) {
                Optional<Long> id = rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
                assertFalse(rs.next(), "one request per taken row");
                return id;
            }
        }
    }

    private Instant writtenBackAt(long id) throws Exception {
        try (Connection c = env.requests.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT written_back_at FROM restore_request WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                var t = rs.getTimestamp(1);
                return t == null ? null : t.toInstant();
            }
        }
    }

    private BridgeRun takeRows() throws Exception {
        try (ProducerTemplate t = env.template()) {
            return t.requestBody("direct:bridgeTakeRows", null, BridgeRun.class);
        }
    }

    private int writeBack() throws Exception {
        try (ProducerTemplate t = env.template()) {
            return t.requestBody("direct:bridgeWriteBack", null, Integer.class);
        }
    }

    /** The admins' mail about refused rows of the block (pipeline failure mails are ignored). */
    private MimeMessage bridgeMail(int count) throws Exception {
        List<MimeMessage> found = TestJouvence.poll(Duration.ofSeconds(20), () -> env.mailsTo(TestJouvence.ADMIN_MAIL)
                .stream().filter(m -> subject(m).contains("Moodle block")).toList(), l -> l.size() >= count);
        assertEquals(count, found.size(), "admin mails about the block's rows");
        return found.get(0);
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
