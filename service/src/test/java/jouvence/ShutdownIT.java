package jouvence;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;
import simulator.LocalJouvence;
import simulator.MoodleSimulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged service ({@code java -jar target/jouvence.jar --config=…}, as in the image) stopped by SIGTERM (what
 * Kubernetes and systemd send) while idle: it is gone within seconds, with exit code 143, without a stack trace, and
 * leaves nothing in its temporary directory. Nothing in it may wait for a poll or a timeout to notice the stop.
 */
class ShutdownIT {

    private static final String TOKEN = "it-admin-token";

    @TempDir
    Path work;

    @ParameterizedTest
    @CsvSource({"TERM, 143", "INT, 130"})
    void an_idle_service_stops_on_a_signal_within_seconds_with_its_exit_code_and_no_stack_trace(String signal, int code)
            throws Exception {
        Path tmp = Files.createDirectories(work.resolve("tmp"));
        try (EmbeddedPostgres pg = EmbeddedPostgres.start();
             MoodleSimulator old = MoodleSimulator.courseServer("SERVERTOKEN0000000000000000000001");
             MoodleSimulator client = MoodleSimulator.courseClient("CLIENTTOKEN0000000000000000000002")) {
            GreenMail smtp = new GreenMail(new ServerSetup(TestJouvence.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            smtp.start();
            old.start();
            client.start();
            int apiPort = TestJouvence.freePort();
            int managementPort = TestJouvence.freePort();
            Properties p = new Properties();
            p.putAll(LocalJouvence.properties(pg.getJdbcUrl("postgres", "postgres"), smtp.getSmtp().getPort(), apiPort,
                    managementPort, TOKEN, work.resolve("staging"), client, Map.of("old", old)));
            Path config = work.resolve("application.properties");
            try (var out = Files.newBufferedWriter(config)) {
                p.store(out, "ShutdownIT");
            }
            Path log = work.resolve("jouvence.log");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process service = new ProcessBuilder(java, "-Djava.io.tmpdir=" + tmp, "-jar",
                    Path.of("target", "jouvence.jar").toAbsolutePath().toString(), "--config=" + config)
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                awaitReady(HttpClient.newHttpClient(), "http://127.0.0.1:" + managementPort + "/observe/health/ready",
                        service, log);
                long start = System.nanoTime();
                assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(service.pid())).start().waitFor());
                assertTrue(service.waitFor(15, TimeUnit.SECONDS), "stopped within 15 s of SIG" + signal + ":\n"
                        + tail(log));
                double seconds = (System.nanoTime() - start) / 1e9;
                String output = Files.readString(log);
                assertEquals(code, service.exitValue(), "exit code of a SIG" + signal + ":\n" + tail(log));
                assertTrue(output.contains("Stopping Jouvence (SIG" + signal + ")"), "the signal named:\n" + tail(log));
                assertFalse(output.contains("triggered by SIGTERM"), "Camel's hook, which says SIGTERM for any signal");
                assertTrue(output.contains("shutdown in"), "Camel's shutdown completed:\n" + tail(log));
                assertFalse(output.contains("Exception") || output.contains("\tat "), "no stack trace:\n" + output);
                assertFalse(output.contains("Waiting for CamelContext to graceful shutdown"), tail(log));
                try (Stream<Path> left = Files.list(tmp)) {
                    assertEquals(List.of(), left.map(f -> f.getFileName().toString()).toList(), "left in its tmp");
                }
                System.out.printf("ShutdownIT: the idle service stopped %.1f s after SIG%s%n", seconds, signal);
            } finally {
                service.destroyForcibly();
                service.waitFor();
                smtp.stop();
            }
        }
    }

    private static void awaitReady(HttpClient http, String url, Process service, Path log) throws Exception {
        Instant deadline = Instant.now().plusSeconds(120);
        while (Instant.now().isBefore(deadline) && service.isAlive()) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the service did not get ready:\n" + tail(log));
    }

    private static String tail(Path log) throws java.io.IOException {
        String output = Files.readString(log);
        return output.length() > 6000 ? output.substring(output.length() - 6000) : output;
    }
}
