package jouvence;

import jouvence.check.CheckCommand;
import jouvence.moodle.MoodleSites;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code jouvence check} against the real parts of {@link TestJouvence}: the embedded PostgreSQL, the Moodle simulators
 * over sockets, GreenMail, the bridge's tables in a Moodle database of their own. Each wrong setting is one FAILED line
 * with what to fix, the others are still listed, and nothing is changed anywhere.
 */
class CheckCommandTest {

    private static final String MOODLE_DB = "checkmoodle";

    private final TestJouvence env = TestJouvence.get();

    record Run(int exit, List<String> lines, String output) {
        String line(String subject) {
            return lines.stream().filter(l -> l.substring(8).startsWith(subject)).findFirst()
                    .orElseThrow(() -> new AssertionError("no line for " + subject + " in\n" + output));
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        env.reset();
        try (Connection c = env.postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + MOODLE_DB + "'")) {
            if (!rs.next()) {
                s.execute("CREATE DATABASE " + MOODLE_DB);
                try (Connection m = env.postgres.getDatabase("postgres", MOODLE_DB).getConnection();
                     Statement ms = m.createStatement()) {
                    ms.execute(BridgeTest.QUEUE_TABLE);
                    ms.execute(BridgeTest.USER_TABLE);
                    ms.execute("CREATE TABLE mdl_role (id bigserial PRIMARY KEY, shortname varchar(100) NOT NULL)");
                    ms.execute("INSERT INTO mdl_role (id, shortname) VALUES (1, 'manager'), (3, 'editingteacher')");
                }
            }
        }
    }

    @AfterEach
    void tearDown() {
        env.client.reset(); // its functions back
    }

    /** The versions of the migrations shipped (V1, V2, …), in order. */
    private static List<String> migrationVersions() throws java.io.IOException {
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of("src/main/resources/db/migration"))) {
            return files.map(f -> f.getFileName().toString().replaceAll("__.*", ""))
                    .sorted(java.util.Comparator.comparingInt(v -> Integer.parseInt(v.substring(1)))).toList();
        }
    }

    private Run check(Map<String, String> changes) {
        Map<String, String> p = new java.util.HashMap<>(env.properties());
        p.put("jouvence.bridge.db.url", env.postgres.getJdbcUrl("postgres", MOODLE_DB));
        p.putAll(changes);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = CheckCommand.run(null, p, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String output = bytes.toString(StandardCharsets.UTF_8);
        for (String secret : List.of(TestJouvence.OLD_TOKEN, TestJouvence.OTHER_TOKEN, TestJouvence.CLIENT_TOKEN,
                TestJouvence.API_TOKEN, "WRONGTOKEN00000000000000000000")) {
            assertFalse(output.contains(secret), "a secret in\n" + output);
        }
        List<String> lines = output.lines().filter(l -> !l.startsWith("jouvence check:")).toList();
        return new Run(exit, lines, output);
    }

    @Test
    void a_good_configuration_is_all_ok_exits_0_and_changes_nothing() throws Exception {
        List<String> stagingBefore = list(env.staging);
        long requestsBefore = count(env.postgres.getPostgresDatabase(), "restore_request");
        Run run = check(Map.of());
        System.out.println(run.output()); // the README's sample comes from here
        assertEquals(0, run.exit(), run.output());
        for (String subject : List.of("database", "database schema", "server old: token", "server old: functions",
                "server old: can download files", "server other: token", "client: token", "client: functions",
                "client: category 2 (jouvence.client.default-category-id)", "restore: command", "staging: writable",
                "staging: readable by the restore", "mail: SMTP", "bridge: table mdl_block_external_backuprestore",
                "client: role 3 (jouvence.client.enrol-role-id)")) {
            assertTrue(run.line(subject).startsWith("ok      "), run.output());
        }
        assertTrue(run.line("client: role 3").contains("editingteacher"), run.output());
        assertTrue(run.output().contains("jouvence check: this configuration should work"), run.output());
        // nothing written anywhere
        for (var moodle : List.of(env.old, env.other, env.client)) {
            for (String write : List.of(MoodleSites.GET_COURSES_ZIP, MoodleSites.UPDATE_COURSES, MoodleSites.ENROL)) {
                assertEquals(0, moodle.calls(write).size(), write);
            }
        }
        assertTrue(env.old.calls(MoodleSites.SITE_INFO).size() >= 1, "the server was asked, not guessed");
        assertEquals(0, env.mail.getReceivedMessages().length, "no mail sent");
        assertEquals(requestsBefore, count(env.postgres.getPostgresDatabase(), "restore_request"));
        assertEquals(stagingBefore, list(env.staging), "no file left in the staging folder");
    }

    @Test
    void a_wrong_server_token_fails_its_lines_and_the_others_are_still_checked() {
        Run run = check(Map.of("jouvence.server.old.token", "WRONGTOKEN00000000000000000000"));
        assertEquals(1, run.exit(), run.output());
        String token = run.line("server old: token");
        assertTrue(token.startsWith("FAILED  ") && token.contains("not valid")
                && token.contains("set jouvence.server.old.token"), token);
        assertEquals("skipped server old: functions: needs server old: token", run.line("server old: functions"));
        assertTrue(run.line("server other: token").startsWith("ok"), run.output());
        assertTrue(run.line("mail: SMTP").startsWith("ok"), run.output());
        assertTrue(run.output().contains("jouvence check: 1 of "), run.output());
    }

    @Test
    void the_private_files_token_of_each_server_is_checked_when_they_are_on() {
        assertTrue(check(Map.of()).line("private files").startsWith("skipped"), "off by default");
        env.old.privateFilesToken("PFCHECKTOKEN0000000000000000004");
        Run run = check(Map.of("jouvence.private-files.enabled", "true",
                "jouvence.server.old.private-files-token", "PFCHECKTOKEN0000000000000000004",
                "jouvence.server.other.private-files-token", "WRONGTOKEN00000000000000000000"));
        assertTrue(run.line("server old: private files").startsWith("ok      "), run.output());
        String other = run.line("server other: private files");
        assertTrue(other.startsWith("FAILED  ") && other.contains("jouvence.server.other.private-files-token"), other);
        assertFalse(run.output().contains("PFCHECKTOKEN0000000000000000004"), "the token is masked");
        assertEquals(1, run.exit());
    }

    @Test
    void a_function_missing_on_the_client_is_named() {
        env.client.removeFunction(MoodleSites.ENROL);
        Run run = check(Map.of());
        assertEquals(1, run.exit(), run.output());
        String functions = run.line("client: functions");
        assertTrue(functions.startsWith("FAILED") && functions.contains("lacks " + MoodleSites.ENROL), functions);
        assertTrue(run.line("client: category 2").startsWith("ok"), "categories are still readable: " + run.output());
    }

    @Test
    void an_unknown_category_is_named_with_its_property() {
        Run run = check(Map.of("jouvence.client.default-category-id", "999"));
        assertEquals(1, run.exit(), run.output());
        String category = run.line("client: category 999 (jouvence.client.default-category-id)");
        assertTrue(category.startsWith("FAILED") && category.contains("does not exist on the new platform"), category);
    }

    @Test
    void a_new_database_is_fine_when_the_user_may_create_tables_and_is_left_empty() throws Exception {
        try (Connection c = env.postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS checkempty");
            s.execute("CREATE DATABASE checkempty");
        }
        Run run = check(Map.of("jouvence.db.url", env.postgres.getJdbcUrl("postgres", "checkempty")));
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.line("database").startsWith("ok"), run.output());
        String schema = run.line("database schema");
        assertTrue(schema.startsWith("ok") && schema.contains("to apply when the service starts") && schema.contains("V1")
                && schema.contains("may create tables in schema public"), schema);
        try (Connection c = env.postgres.getDatabase("postgres", "checkempty").getConnection();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")) {
            rs.next();
            assertEquals(0, rs.getInt(1), "no table created, not even Flyway's history");
        }
    }

    @Test
    void a_new_database_where_the_user_may_not_create_tables_fails_with_the_grant_to_give() throws Exception {
        try (Connection c = env.postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS checknocreate");
            s.execute("DROP ROLE IF EXISTS checkreader");
            s.execute("CREATE ROLE checkreader LOGIN PASSWORD 'reader-pw'");
            s.execute("CREATE DATABASE checknocreate");
        }
        try (Connection c = env.postgres.getDatabase("postgres", "checknocreate").getConnection();
             Statement s = c.createStatement()) {
            s.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
        }
        String url = env.postgres.getJdbcUrl("postgres", "checknocreate").replaceAll("\\?.*", ""); // its ?user= wins
        Run run = check(Map.of("jouvence.db.url", url, "jouvence.db.username", "checkreader",
                "jouvence.db.password", "reader-pw"));
        assertEquals(1, run.exit(), run.output());
        List<String> versions = migrationVersions();
        assertEquals("FAILED  database schema: " + versions.size() + " migration(s) to apply when the service starts ("
                + String.join(", ", versions) + "), but checkreader may not create tables in schema public: "
                + "GRANT CREATE ON SCHEMA public TO checkreader",
                run.line("database schema"));
        assertFalse(run.output().contains("reader-pw"), run.output());
    }

    @Test
    void an_unreachable_database_skips_the_schema() {
        Run run = check(Map.of("jouvence.db.url", "jdbc:postgresql://127.0.0.1:" + TestJouvence.freePort() + "/x",
                "jouvence.db.check-timeout", "2s"));
        assertEquals(1, run.exit(), run.output());
        assertTrue(run.line("database").startsWith("FAILED") && run.line("database").contains("jouvence.db.url"),
                run.output());
        assertTrue(run.line("database").contains("refused"), "the driver's reason, not only the pool's: " + run.output());
        assertEquals("skipped database schema: needs database", run.line("database schema"));
    }

    @Test
    void an_unreachable_smtp_server_fails_the_mail_line() {
        int closed = TestJouvence.freePort();
        Run run = check(Map.of("jouvence.mail.smtp.port", Integer.toString(closed)));
        assertEquals(1, run.exit(), run.output());
        String smtp = run.line("mail: SMTP");
        assertTrue(smtp.startsWith("FAILED") && smtp.contains("127.0.0.1:" + closed), smtp);
        assertEquals(1, run.lines().stream().filter(l -> l.startsWith("FAILED")).count(), run.output());
    }

    @Test
    void a_missing_runner_and_an_unknown_role_are_named() {
        Run run = check(Map.of("jouvence.restore.command", "runuser -u nobody -- php {runner} --file={file}",
                "jouvence.restore.runner", "/nonexistent/jouvence-restore.php", "jouvence.client.enrol-role-id", "42"));
        assertEquals(1, run.exit(), run.output());
        assertTrue(run.line("restore: runner").startsWith("FAILED"), run.output());
        assertTrue(run.line("client: role 42").startsWith("FAILED"), run.output());
        assertTrue(run.output().contains("staging: readable by nobody"), run.output());
    }

    private static List<String> list(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.map(Path::toString).sorted().toList();
        }
    }

    private static long count(javax.sql.DataSource db, String table) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
