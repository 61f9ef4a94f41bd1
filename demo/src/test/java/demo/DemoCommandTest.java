package demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo jar's command line: what runs, what is refused (exit 2) with one line naming the mistake. */
class DemoCommandTest {

    @TempDir
    Path tmp;

    private static DemoCommand parse(String... args) throws DemoCommand.Refused {
        return DemoCommand.parse(List.of(args), null);
    }

    private static String refused(String... args) {
        return assertThrows(DemoCommand.Refused.class, () -> parse(args)).getMessage();
    }

    @Test
    void no_argument_and_demo_run_the_demo_and_keep_running_is_read_with_or_without_the_command() throws Exception {
        assertEquals(new DemoCommand(DemoCommand.Kind.DEMO, false, null), parse());
        assertEquals(new DemoCommand(DemoCommand.Kind.DEMO, false, null), parse("demo"));
        assertEquals(new DemoCommand(DemoCommand.Kind.DEMO, true, null), parse("demo", "--keep-running"));
        assertEquals(new DemoCommand(DemoCommand.Kind.DEMO, true, null), parse("--keep-running"));
    }

    @Test
    void help_in_any_of_its_spellings_and_after_a_command_asks_for_the_usage_instead_of_running() throws Exception {
        for (List<String> args : List.of(List.of("--help"), List.of("-h"), List.of("help"), List.of("demo", "--help"),
                List.of("demo", "--keep-running", "-h"), List.of("try", "--help"), List.of("try", "--config", "-h"))) {
            assertEquals(DemoCommand.Kind.HELP, DemoCommand.parse(args, null).kind(), args.toString());
        }
        assertTrue(DemoCommand.USAGE.contains("demo [--keep-running]") && DemoCommand.USAGE.contains("try [--config=FILE]")
                && DemoCommand.USAGE.contains("JOUVENCE_CONFIG") && DemoCommand.USAGE.contains("130"), DemoCommand.USAGE);
    }

    @Test
    void a_misspelt_option_or_an_unknown_command_is_refused_in_one_line_naming_it() {
        String misspelt = refused("demo", "--keep-runing");
        assertTrue(misspelt.contains("'--keep-runing'") && misspelt.contains("--keep-running"), misspelt);
        assertTrue(refused("--keep-runing").contains("'--keep-runing'"));
        assertTrue(refused("demo", "--config=x").contains("'--config=x' for demo"));
        assertTrue(refused("try", "--keep-running").contains("'--keep-running' for try"));
        assertTrue(refused("demos").contains("unknown command 'demos'"));
        for (String message : List.of(misspelt, refused("demos"))) {
            assertTrue(!message.contains("\n"), "one line: " + message);
        }
    }

    @Test
    void try_takes_its_file_with_an_equals_sign_or_a_space_and_from_jouvence_config_the_option_winning() throws Exception {
        Path mine = Files.writeString(tmp.resolve("mine.properties"), "camel.server.port = 18080\n");
        Path env = Files.writeString(tmp.resolve("env.properties"), "");
        assertEquals(new DemoCommand(DemoCommand.Kind.TRY, false, mine.toString()), parse("try", "--config=" + mine));
        assertEquals(new DemoCommand(DemoCommand.Kind.TRY, false, mine.toString()), parse("try", "--config", mine.toString()));
        assertEquals(mine.toString(), DemoCommand.parse(List.of("try", "--config", mine.toString()), env.toString()).config());
        assertEquals(env.toString(), DemoCommand.parse(List.of("try"), env.toString()).config());
        assertEquals(new DemoCommand(DemoCommand.Kind.TRY, false, null), parse("try"));
    }

    @Test
    void try_refuses_a_missing_or_unreadable_file_and_a_config_option_without_one() throws Exception {
        String missing = refused("try", "--config=" + tmp.resolve("nonexistent.properties"));
        assertTrue(missing.contains("cannot read the configuration file " + tmp.resolve("nonexistent.properties"))
                && missing.contains("no such file"), missing);
        assertTrue(refused("try", "--config", tmp.toString()).contains("cannot read the configuration file"),
                "a folder is not a configuration file");
        String fromEnvironment = assertThrows(DemoCommand.Refused.class,
                () -> DemoCommand.parse(List.of("try"), "/nonexistent/jouvence.properties")).getMessage();
        assertTrue(fromEnvironment.contains("(given by JOUVENCE_CONFIG)"), fromEnvironment);
        assertTrue(refused("try", "--config").contains("--config needs a file"));
        assertTrue(refused("try", "--config=").contains("--config needs a file"));
    }
}
