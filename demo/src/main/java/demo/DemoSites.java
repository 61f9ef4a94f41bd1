package demo;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jouvence.Jouvence;
import org.apache.camel.main.Main;
import org.apache.camel.main.SimpleMainShutdownStrategy;
import simulator.LocalJouvence;
import simulator.MoodleSimulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;

/**
 * Everything the demo runs, started in order and stopped in the reverse order, once, whether the demo ends by itself
 * or by Ctrl-C/SIGTERM: the service first (its in-flight work is stopped as the service always does it), then the
 * simulated Moodles and the mail server, then the embedded PostgreSQL (its own shutdown hook would stop it under the
 * service's feet, and Camel would wait a minute on a database that is gone), and last the work folder.
 */
final class DemoSites implements AutoCloseable {

    static final String API_TOKEN = "demo-admin-token";

    final Path work;
    EmbeddedPostgres postgres;
    MoodleSimulator oldMoodle;
    MoodleSimulator newMoodle;
    GreenMail smtp;
    int apiPort;
    int managementPort;
    Main jouvence;
    private boolean closed;
    /** Set when a signal (Ctrl-C, SIGTERM) stops the demo: what fails in the demo's own thread then is no failure. */
    private static volatile boolean stoppedBySignal;

    private DemoSites(Path work) {
        this.work = work;
    }

    private void open() throws Exception {
        postgres = EmbeddedPostgres.builder().setDataDirectory(work.resolve("postgres")).setRegisterShutdownHook(false)
                .start();
        oldMoodle = MoodleSimulator.courseServer("DEMOSERVERTOKEN0000000000000001");
        newMoodle = MoodleSimulator.courseClient("DEMOCLIENTTOKEN0000000000000002");
        smtp = new GreenMail(new ServerSetup(LocalJouvence.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        oldMoodle.start();
        newMoodle.start();
        oldMoodle.backupLatency(Duration.ofMillis(300));
        apiPort = LocalJouvence.freePort();
        managementPort = LocalJouvence.freePort();
        Map<String, String> p = new HashMap<>(LocalJouvence.properties(postgres.getJdbcUrl("postgres", "postgres"),
                smtp.getSmtp().getPort(), apiPort, managementPort, API_TOKEN, work.resolve("staging"), newMoodle,
                Map.of("old", oldMoodle)));
        jouvence = Jouvence.create(null, p);
        // No Camel hangup hook: this class's hook stops the service itself, before the database, and Camel's would
        // call any signal "SIGTERM".
        jouvence.setShutdownStrategy(new SimpleMainShutdownStrategy());
        jouvence.start();
    }

    /** Starts everything; a JVM shutdown hook closes it all in order if the JVM is stopped first. */
    static DemoSites start() throws Exception {
        DemoSites sites = new DemoSites(Files.createTempDirectory("jouvence-demo"));
        Thread hook = new Thread(sites::closeOnSignal, "jouvence-demo-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            sites.open();
        } catch (Exception | Error e) {
            sites.close();
            throw e;
        }
        return sites;
    }

    private void closeOnSignal() {
        synchronized (this) {
            if (closed) {
                return;
            }
        }
        stoppedBySignal = true;
        long start = System.nanoTime();
        System.out.println("\n>>> Stopping the demo: the service, then the simulated Moodles, the mail server and the"
                + " database…");
        close();
        System.out.printf(">>> Stopped in %.1f s; %s removed.%n", (System.nanoTime() - start) / 1e9, work);
    }

    static boolean stoppedBySignal() {
        return stoppedBySignal;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (jouvence != null) {
                jouvence.stop();
            }
        } catch (Exception e) {
            System.err.println("jouvence-demo: stopping the service: " + e);
        }
        if (smtp != null) {
            smtp.stop();
        }
        for (MoodleSimulator moodle : new MoodleSimulator[] {oldMoodle, newMoodle}) {
            if (moodle != null) {
                moodle.close();
            }
        }
        try {
            if (postgres != null) {
                postgres.close();
            }
        } catch (IOException e) {
            System.err.println("jouvence-demo: stopping the embedded PostgreSQL: " + e.getMessage());
        }
        try (var walk = Files.walk(work)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("jouvence-demo: could not remove " + work + ": " + e.getMessage());
        }
    }
}
