package simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** The simulated admin/cli/restore_backup.php: RestoreCli in and out of process, and bench/restore-stand-in.sh. */
class RestoreSimulatorTest extends SimulatorTestBase {

    @Test
    void restoreCliAsAChildProcess() throws Exception {
        Path staged = Files.copy(archivePath("course3-chem201-withuserdata.mbz"), tmp.resolve("staged.mbz"));
        String template = client.restoreCommandTemplate();
        assertTrue(template.endsWith(" simulator.RestoreCli --client=" + client.url()
                + " --file={file} --categoryid={categoryid}"), template);
        List<String> cmd = new ArrayList<>();
        for (String part : template.split(" ")) {
            cmd.add(part.replace("{file}", staged.toString()).replace("{categoryid}", "2"));
        }
        cmd.add("--withuserdata=1"); // unknown options are ignored
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.matches("(?s)== Extracting backup file to: /tmp/moodledata/temp/backup/[0-9a-f]{40} ==\n"
                + "== Preprocessing backup file ==\n== Cleaning temp data ==\nRestored course ID: 2\n"), out);
        MoodleSimulator.Course c = client.course(2);
        assertEquals("Restore as a new course", c.fullname());
        assertEquals("New course", c.shortname());
        assertEquals(2, c.categoryid());
        assertEquals(new MoodleSimulator.RestoredFrom(staged.toAbsolutePath().toString(), 3, "OLD-CHEM201",
                "Chemistry 201 (old platform)", true), c.restoredFrom());
        assertEquals(staged.toString(), client.calls(MoodleSimulator.RESTORE).get(0).get("file"));
    }

    @Test
    void restoreCliFailures() throws Exception {
        Path archive = archivePath("course2-bio101-nouserdata.mbz");
        Cli bad = cli("--client=" + client.url(), "--file=" + archive, "--categoryid=99");
        assertEquals(1, bad.status());
        assertEquals("!!! Category ID was incorrect !!!\n", bad.out());
        assertTrue(bad.err().contains("Error code: invalidcategoryid"), bad.err());

        Cli missing = cli("--client=" + client.url(), "--file=" + tmp.resolve("nope.mbz"), "--categoryid=2");
        assertEquals(1, missing.status());
        assertEquals("!!! Sorry, the requested file could not be found !!!\n", missing.out());

        Path garbage = Files.write(tmp.resolve("garbage.mbz"), SimulatedArchive.garbage());
        Cli broken = cli("--client=" + client.url(), "--file=" + garbage, "--categoryid=2");
        assertEquals(1, broken.status());
        assertTrue(broken.out().contains("== Cleaning temp data ==\n!!! Error: Not a Moodle backup file"), broken.out());

        Cli help = cli("--client=" + client.url(), "--categoryid=2");
        assertEquals(0, help.status()); // like admin/cli/restore_backup.php: help text, exit 0
        assertTrue(help.out().startsWith("Restore backup into provided category."), help.out());

        client.failNextCalls(MoodleSimulator.RESTORE, 1, 500);
        assertEquals(1, cli("--client=" + client.url(), "--file=" + archive, "--categoryid=2").status());
        assertTrue(client.courses().isEmpty());
    }

    /** bench/restore-stand-in.sh (sh + curl, for the benchmarks) answers exactly as RestoreCli, case by case. */
    @Test
    void lightRestoreStandInPrintsWhatRestoreCliPrints() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(new ProcessBuilder("sh", "-c", "command -v curl").start()
                .waitFor() == 0, "curl is not installed");
        Path archive = archivePath("course2-bio101-nouserdata.mbz");
        Path garbage = Files.write(tmp.resolve("garbage.mbz"), SimulatedArchive.garbage());
        List<String[]> cases = List.of(
                new String[] {"--client=" + client.url(), "--file=" + archive, "--categoryid=2", "--withuserdata=1"},
                new String[] {"--client=" + client.url(), "--file=" + archive, "--categoryid=99"},
                new String[] {"--client=" + client.url(), "--file=" + tmp.resolve("nope.mbz"), "--categoryid=2"},
                new String[] {"--client=" + client.url(), "--file=" + garbage, "--categoryid=2"},
                new String[] {"--client=" + client.url(), "--categoryid=2"},
                new String[] {"--file=" + archive, "--categoryid=2"});
        for (String[] args : cases) {
            Cli java = cli(args);
            List<String> cmd = new ArrayList<>(List.of("sh", "../bench/restore-stand-in.sh"));
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            String what = String.join(" ", args);
            assertEquals(java.status(), p.exitValue(), what + "\n" + out + err);
            assertEquals(sameTempDirAndCourse(java.out()), sameTempDirAndCourse(out), what);
            assertEquals(java.err(), err, what);
        }
        // both restores happened: courses 2 (RestoreCli) and 3 (the stand-in), from the same archive
        assertEquals(client.course(2).restoredFrom(), client.course(3).restoredFrom());

        client.failNextCalls(MoodleSimulator.RESTORE, 1, 500);
        Process p = new ProcessBuilder("sh", "../bench/restore-stand-in.sh", "--client=" + client.url(),
                "--file=" + archive, "--categoryid=2").start();
        assertEquals("!!! Error: Database connection failed (HTTP 500) !!!\n",
                new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertEquals(1, p.waitFor());
    }

    private static String sameTempDirAndCourse(String out) {
        return out.replaceAll("temp/backup/[0-9a-f]{40} ", "temp/backup/<sha1> ")
                .replaceAll("Restored course ID: \\d+", "Restored course ID: <id>");
    }

    record Cli(int status, String out, String err) {
    }

    private static Cli cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = RestoreCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Cli(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
