package demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import simulator.MoodleSimulator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged demo ({@code java -jar target/jouvence-demo.jar}, with the {@code target/lib} its manifest names) as a
 * person runs it: its command line, and {@code demo --keep-running} stopped by Ctrl-C (SIGINT) — quickly, with exit
 * code 130, no stack trace and no temporary folder left — after printing what one needs to try it by hand, including a
 * curl request that the API accepts as printed.
 */
class DemoJarIT {

    private static final Path JAR = Path.of("target", "jouvence-demo.jar");
    private static final Pattern CURL = Pattern.compile(
            "curl -sS -H 'Authorization: Bearer ([^']+)' -H 'Content-Type: application/json' -d '([^']+)' (http\\S+)");
    private static final Pattern HEALTH = Pattern.compile("health +(http://127\\.0\\.0\\.1:\\d+/observe/health)");
    private static final Pattern PAGE = Pattern.compile("teachers' page +(http://127\\.0\\.0\\.1:\\d+/restore)");

    @TempDir
    Path dir;

    @Test
    void help_answers_the_usage_with_exit_0_and_a_wrong_command_line_is_one_line_with_exit_2() throws Exception {
        for (String[] help : new String[][] {{"--help"}, {"-h"}, {"help"}, {"demo", "--help"}}) {
            Run run = run(help);
            assertEquals(0, run.exit, String.join(" ", help) + ": " + run.output);
            assertTrue(run.output.startsWith("usage: java -jar demo/target/jouvence-demo.jar"), run.output);
            assertFalse(run.output.contains("Starting the demo"), "the demo did not run: " + run.output);
        }
        for (String[] wrong : new String[][] {{"demo", "--keep-runing"}, {"--keep-runing"},
                {"try", "--config", dir.resolve("nonexistent.properties").toString()}, {"tryout"}}) {
            Run run = run(wrong);
            assertEquals(2, run.exit, String.join(" ", wrong) + ": " + run.output);
            assertEquals(1, run.output.strip().lines().count(), "one line: " + run.output);
            assertTrue(run.output.startsWith("jouvence-demo: "), run.output);
        }
    }

    @Test
    void ctrl_c_stops_the_kept_demo_within_seconds_exit_130_no_stack_trace_and_no_temporary_folder_left() throws Exception {
        assertTrue(Files.isRegularFile(JAR), "packaged first: " + JAR.toAbsolutePath());
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path log = dir.resolve("demo.log");
        List<String> command = new ArrayList<>(defaultSigint());
        command.addAll(List.of(java(), "-Djava.io.tmpdir=" + tmp, "-Ddemo.log=" + log, "-jar",
                JAR.toAbsolutePath().toString(), "demo", "--keep-running"));
        Process demo = new ProcessBuilder(command).redirectErrorStream(true).start();
        StringBuffer output = new StringBuffer();
        Thread reader = new Thread(() -> copy(demo, output), "demo-output");
        reader.start();
        try {
            Instant deadline = Instant.now().plusSeconds(240);
            while (!output.toString().contains(Demo.READY) && demo.isAlive() && Instant.now().isBefore(deadline)) {
                Thread.sleep(200);
            }
            assertTrue(output.toString().contains(Demo.READY), "the demo got ready:\n" + output);
            String console = output.toString();
            assertFalse(console.contains("AbstractCamelContext") || console.contains("Quartz"),
                    "Camel's and Quartz's start-up went to the log file, not the console:\n" + console);
            assertTrue(Files.readString(log).contains("Apache Camel"), "they are in the printed log file");
            assertTrue(console.contains(log.toString()), "the log file is named:\n" + console);
            try (MoodleSimulator reference = MoodleSimulator.courseClient("T0000000000000000000000000000002")) {
                for (MoodleSimulator.Account a : reference.accounts()) {
                    assertTrue(console.contains(a.username() + " / " + a.password()), a + " printed:\n" + console);
                }
            }

            HttpClient http = HttpClient.newHttpClient();
            assertEquals(200, get(http, find(HEALTH, console, "health URL")).statusCode(), "the printed health URL");
            assertTrue(get(http, find(PAGE, console, "teachers' page")).statusCode() < 400, "the printed page answers");
            Matcher curl = CURL.matcher(console);
            assertTrue(curl.find(), "a curl line to create a request:\n" + console);
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(curl.group(3)))
                    .header("Authorization", "Bearer " + curl.group(1)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(curl.group(2))).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(201, created.statusCode(), "the printed request, as printed: " + created.body());

            long start = System.nanoTime();
            String all = ctrlC(demo, reader, output);
            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue(all.contains(">>> Stopping the demo"), all);
            String logText = Files.readString(log);
            assertFalse(logText.contains("Exception") || logText.contains("\tat "), "no stack trace in the log:\n" + logText);
            assertFalse(logText.contains("with password") || all.contains("with password"),
                    "GreenMail's made-up accounts are not logged");
            try (Stream<Path> left = Files.list(tmp)) {
                // embedded-pg: the embedded PostgreSQL's unpacked binaries, a cache kept for the next run on purpose
                List<String> names = left.map(p -> p.getFileName().toString()).filter(n -> !n.equals("embedded-pg")).toList();
                assertEquals(List.of(), names, "temporary folders left behind");
            }
            System.out.printf("DemoJarIT: the demo stopped %.1f s after SIGINT%n", seconds);
        } finally {
            demo.destroyForcibly();
        }
    }

    @Test
    void ctrl_c_stops_try_within_seconds_its_database_after_the_service_exit_130_and_no_stack_trace() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        int api = freePort();
        int management = freePort();
        Path config = Files.writeString(dir.resolve("my.properties"), "camel.server.host = 127.0.0.1\n"
                + "camel.server.port = " + api + "\ncamel.management.host = 127.0.0.1\ncamel.management.port = "
                + management + "\njouvence.staging.dir = " + dir.resolve("staging") + "\njouvence.import.dir = "
                + dir.resolve("import") + "\njouvence.mail.smtp.host = 127.0.0.1\njouvence.mail.smtp.port = " + freePort()
                + "\n");
        List<String> command = new ArrayList<>(defaultSigint());
        command.addAll(List.of(java(), "-Djava.io.tmpdir=" + tmp, "-jar", JAR.toAbsolutePath().toString(), "try",
                "--config", config.toString()));
        Process service = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        StringBuffer output = new StringBuffer();
        Thread reader = new Thread(() -> copy(service, output), "try-output");
        reader.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            Instant deadline = Instant.now().plusSeconds(240);
            boolean up = false;
            while (!up && service.isAlive() && Instant.now().isBefore(deadline)) {
                try {
                    up = get(http, "http://127.0.0.1:" + management + "/observe/health/live").statusCode() == 200;
                } catch (IOException notYet) {
                    up = false;
                }
                if (!up) {
                    Thread.sleep(250); // between two looks; the deadline bounds the wait
                }
            }
            assertTrue(up, "try came up on the ports of its --config file:\n" + output);
            assertTrue(Files.isDirectory(dir.resolve("data/postgres")), "its database lives in ./data/postgres");
            long start = System.nanoTime();
            String all = ctrlC(service, reader, output);
            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue(all.indexOf("shutdown in") > all.indexOf("stopping the service, then the embedded PostgreSQL"),
                    "the service stopped, then its database:\n" + all);
            System.out.printf("DemoJarIT: try stopped %.1f s after SIGINT%n", seconds);
        } finally {
            service.destroyForcibly();
        }
    }

    /**
     * Ctrl-C (SIGINT) to {@code process}, as a terminal sends it: stopped within 15 s, exit 130, no stack trace, not
     * called SIGTERM. Returns everything it printed.
     */
    private static String ctrlC(Process process, Thread reader, StringBuffer output) throws Exception {
        assertFalse(sigintIgnored(process.pid()), "SIGINT reaches it (not ignored as in a background job)");
        assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor());
        assertTrue(process.waitFor(15, TimeUnit.SECONDS), "stopped within 15 s of Ctrl-C:\n" + output);
        reader.join(5_000);
        String all = output.toString();
        assertEquals(130, process.exitValue(), "exit code of a Ctrl-C:\n" + all);
        assertFalse(all.contains("Exception") || all.contains("\tat "), "no stack trace:\n" + all);
        assertFalse(all.contains("SIGTERM"), "a Ctrl-C is not called SIGTERM:\n" + all);
        return all;
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** `env --default-signal=INT` where coreutils has it: a job started in the background ignores SIGINT. */
    private static List<String> defaultSigint() throws InterruptedException {
        try {
            Process probe = new ProcessBuilder("env", "--default-signal=INT", "true").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor() == 0 ? List.of("env", "--default-signal=INT") : List.of();
        } catch (IOException noEnv) {
            return List.of();
        }
    }

    private static boolean sigintIgnored(long pid) throws IOException {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        if (!Files.exists(status)) {
            return false;
        }
        String ignored = Files.readAllLines(status).stream().filter(l -> l.startsWith("SigIgn:")).findFirst()
                .orElse("SigIgn: 0").substring("SigIgn:".length()).strip();
        return (Long.parseUnsignedLong(ignored, 16) & 0x2) != 0;
    }

    private static String find(Pattern pattern, String text, String what) {
        Matcher m = pattern.matcher(text);
        assertTrue(m.find(), what + " printed:\n" + text);
        return m.group(1);
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private record Run(int exit, String output) {
    }

    private Run run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(java(), "-jar", JAR.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "ended by itself: " + output);
        return new Run(p.exitValue(), output);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void copy(Process p, StringBuffer into) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                into.append(line).append('\n');
            }
        } catch (IOException ended) {
            // the process is gone
        }
    }
}
