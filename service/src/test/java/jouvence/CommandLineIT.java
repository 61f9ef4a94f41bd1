package jouvence;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged product's command line ({@code java -jar target/jouvence.jar …}, as an operator types it): the usage, the
 * version, both spellings of {@code --config}, one-line errors with exit code 2, and never a stack trace.
 */
class CommandLineIT {

    private static final Path JAR = Path.of("target", "jouvence.jar");

    @TempDir
    Path tmp;

    record Result(int exit, String out, String err) {
    }

    private Result jouvence(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(tmp.toFile());
        builder.environment().remove("JOUVENCE_CONFIG");
        builder.environment().putAll(env);
        Process p = builder.start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "jouvence " + String.join(" ", args) + " ended by itself");
        Result r = new Result(p.exitValue(), out.get(), err.get());
        assertFalse(r.err().contains("Exception") || r.out().contains("Exception"), "no stack trace: " + r);
        return r;
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void help_in_every_spelling_prints_the_usage_on_stdout_and_exits_0() throws Exception {
        for (String help : List.of("--help", "-h", "help")) {
            Result r = jouvence(Map.of(), help);
            assertEquals(0, r.exit(), help + ": " + r);
            assertTrue(r.out().startsWith("Usage: jouvence [run] [--config=FILE]"), r.out());
            assertTrue(r.out().contains("JOUVENCE_CONFIG") && r.out().contains("Exit codes"), r.out());
            assertEquals("", r.err(), help);
        }
    }

    @Test
    void version_prints_the_manifest_version() throws Exception {
        for (String version : List.of("--version", "version")) {
            Result r = jouvence(Map.of(), version);
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.out().strip().matches("jouvence \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), r.out());
        }
    }

    @Test
    void config_with_a_space_is_read_by_run_and_by_check() throws Exception {
        Path config = Files.writeString(tmp.resolve("my config.properties"), """
                jouvence.db.url =
                jouvence.mail.enabled = false
                jouvence.staging.dir = staging
                """);
        Result run = jouvence(Map.of(), "--config", config.toString());
        assertEquals(2, run.exit(), run.toString());
        assertTrue(run.err().contains("jouvence: configuration refused: jouvence.db.url is empty"), run.toString());

        Result check = jouvence(Map.of(), "check", "--config", config.toString());
        assertEquals(1, check.exit(), check.toString());
        assertTrue(check.out().contains("FAILED  database: jouvence.db.url is empty"), check.out());
        assertTrue(check.out().contains("skipped database schema: needs database"), check.out());
        assertTrue(check.out().contains("skipped mail: SMTP: jouvence.mail.enabled is false"), check.out());
        assertTrue(check.out().contains("ok      staging: writable"), check.out());
        assertFalse(Files.exists(tmp.resolve("staging")), "the check left no folder");
    }

    @Test
    void a_missing_configuration_file_is_one_line_with_exit_2() throws Exception {
        Result r = jouvence(Map.of(), "--config=/nonexistent");
        assertEquals(2, r.exit(), r.toString());
        assertEquals("jouvence: the configuration file /nonexistent (--config) does not exist; try 'jouvence --help'",
                r.err().strip());
        Result env = jouvence(Map.of("JOUVENCE_CONFIG", "/nonexistent/env.properties"), "check");
        assertEquals(2, env.exit(), env.toString());
        assertEquals("jouvence: the configuration file /nonexistent/env.properties (JOUVENCE_CONFIG) does not exist; "
                + "try 'jouvence --help'", env.err().strip());
    }

    @Test
    void unknown_options_and_commands_are_one_line_with_exit_2() throws Exception {
        Result option = jouvence(Map.of(), "--keep-runing");
        assertEquals(2, option.exit(), option.toString());
        assertEquals("jouvence: unknown option --keep-runing; try 'jouvence --help'", option.err().strip());
        Result command = jouvence(Map.of(), "chek");
        assertEquals(2, command.exit());
        assertEquals("jouvence: unknown command chek; try 'jouvence --help'", command.err().strip());
        Result demo = jouvence(Map.of(), "demo", "--help");
        assertEquals(2, demo.exit());
        assertTrue(demo.err().contains("java -jar demo/target/jouvence-demo.jar demo"), demo.toString());
    }

    @Test
    void a_database_that_does_not_answer_at_start_is_one_line_with_exit_1() throws Exception {
        int closed = TestJouvence.freePort();
        Result r = jouvence(Map.of("JOUVENCE_DB_URL", "jdbc:postgresql://127.0.0.1:" + closed + "/jouvence",
                "JOUVENCE_DB_PASSWORD", "db-secret-pw", "CAMEL_SERVER_PORT", Integer.toString(TestJouvence.freePort()),
                "CAMEL_MANAGEMENT_PORT", Integer.toString(TestJouvence.freePort())));
        assertEquals(1, r.exit(), r.toString());
        List<String> ours = r.err().lines().filter(l -> l.startsWith("jouvence:")).toList();
        assertEquals(List.of("jouvence: not started: cannot use the database at jdbc:postgresql://127.0.0.1:" + closed
                + "/jouvence as jouvence: Connection refused (check jouvence.db.url, .username, .password and the "
                + "network)"), ours, r.toString());
        assertFalse(r.err().contains("\tat ") || r.out().contains("\tat "), "no stack trace: " + r);
        assertFalse((r.out() + r.err()).contains("db-secret-pw"), r.toString());
    }
}
