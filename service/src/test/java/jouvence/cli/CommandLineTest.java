package jouvence.cli;

import jouvence.cli.CommandLine.Command;
import jouvence.cli.CommandLine.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandLineTest {

    @TempDir
    Path tmp;

    private static CommandLine parse(String env, String... args) throws UsageException {
        return CommandLine.parse(List.of(args), env);
    }

    private static String refused(String env, String... args) {
        return assertThrows(UsageException.class, () -> parse(env, args)).getMessage();
    }

    @Test
    void no_argument_runs_the_service_with_the_embedded_defaults() throws Exception {
        CommandLine line = parse(null);
        assertEquals(Command.RUN, line.command());
        assertNull(line.configFile());
    }

    @Test
    void config_is_taken_with_an_equals_sign_or_a_space_before_or_after_the_command() throws Exception {
        Path file = Files.writeString(tmp.resolve("my config.properties"), "a = b\n");
        assertEquals(file, parse(null, "--config=" + file).configFile());
        assertEquals(file, parse(null, "--config", file.toString()).configFile());
        CommandLine check = parse(null, "--config", file.toString(), "check");
        assertEquals(Command.CHECK, check.command());
        assertEquals(file, check.configFile());
        assertEquals(Command.RUN, parse(null, "run", "--config=" + file).command());
    }

    @Test
    void jouvence_config_is_used_when_no_option_is_given_and_the_option_wins_over_it() throws Exception {
        Path env = Files.writeString(tmp.resolve("env.properties"), "");
        Path option = Files.writeString(tmp.resolve("option.properties"), "");
        assertEquals(env, parse(env.toString(), "check").configFile());
        assertEquals(option, parse(env.toString(), "--config=" + option).configFile());
        assertNull(parse(" ", "check").configFile(), "a blank JOUVENCE_CONFIG is no file");
    }

    @Test
    void help_and_version_in_every_spelling_need_no_readable_configuration() throws Exception {
        for (String help : List.of("--help", "-h", "help")) {
            assertEquals(Command.HELP, parse("/nonexistent", help).command(), help);
        }
        assertEquals(Command.HELP, parse(null, "check", "--help").command());
        assertEquals(Command.VERSION, parse("/nonexistent", "--version").command());
        assertEquals(Command.VERSION, parse(null, "version").command());
    }

    @Test
    void unknown_options_commands_and_extra_words_are_refused_by_name() {
        assertEquals("unknown option --keep-runing", refused(null, "--keep-runing"));
        assertEquals("unknown option -x", refused(null, "check", "-x"));
        assertEquals("unknown command chek", refused(null, "chek"));
        assertEquals("unexpected argument now after the command check", refused(null, "check", "now"));
    }

    @Test
    void a_config_option_without_a_file_is_refused() {
        assertTrue(refused(null, "--config").startsWith("--config needs a file"));
        assertTrue(refused(null, "--config=").startsWith("--config needs a file"));
        assertTrue(refused(null, "--config", "--help").startsWith("--config needs a file"));
        assertEquals("--config is given twice", refused(null, "--config=a", "--config=b"));
    }

    @Test
    void a_missing_or_unreadable_configuration_file_is_refused_naming_where_it_came_from() throws Exception {
        assertEquals("the configuration file /nonexistent/x.properties (--config) does not exist",
                refused(null, "--config=/nonexistent/x.properties"));
        assertEquals("the configuration file /nonexistent/y (JOUVENCE_CONFIG) does not exist",
                refused("/nonexistent/y", "run"));
        assertTrue(refused(null, "--config=" + tmp).endsWith("is not a file"));
        Path locked = Files.writeString(tmp.resolve("locked.properties"), "");
        locked.toFile().setReadable(false, false);
        if (!Files.isReadable(locked)) { // root reads everything
            assertTrue(refused(null, "--config=" + locked).endsWith("cannot be read (permissions)"));
        }
    }

    @Test
    void demo_and_try_belong_to_the_demo_module_whatever_follows() throws Exception {
        CommandLine demo = parse(null, "demo", "--keep-running");
        assertEquals(Command.DEMO, demo.command());
        assertEquals("demo", demo.word());
        assertEquals("try", parse(null, "try", "--config=/nonexistent").word());
    }

    @Test
    void the_usage_names_the_commands_the_variable_the_defaults_and_the_exit_codes() {
        for (String expected : List.of("jouvence check", "--config=FILE", "--config FILE", "JOUVENCE_CONFIG",
                "application.properties", "--version", "Exit codes", "2  usage or configuration error")) {
            assertTrue(Usage.TEXT.contains(expected), expected);
        }
        assertTrue(Usage.version().startsWith("jouvence "), Usage.version());
    }
}
