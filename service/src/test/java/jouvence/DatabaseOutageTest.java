package jouvence;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PostgreSQL stopped under a running Jouvence, then started again: liveness stays UP and answers at once (restarting
 * Jouvence would not bring the database back), readiness says DOWN within seconds naming the database, and UP again
 * once the database is back. The service runs on its own embedded PostgreSQL, which the test really stops.
 */
class DatabaseOutageTest {

    private final TestJouvence env = TestJouvence.get();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void liveness_never_waits_on_a_stopped_database_and_readiness_names_it_within_seconds(@TempDir Path work)
            throws Exception {
        Path data = Files.createDirectory(work.resolve("pg"));
        int pgPort = TestJouvence.freePort();
        EmbeddedPostgres pg = start(data, pgPort);
        int management = TestJouvence.freePort();
        Map<String, String> p = env.properties();
        p.put("jouvence.instance-id", "outage-instance");
        p.put("jouvence.db.url", pg.getJdbcUrl("postgres", "postgres"));
        p.put("camel.server.port", Integer.toString(TestJouvence.freePort()));
        p.put("camel.management.port", Integer.toString(management));
        p.put("jouvence.bridge.enabled", "false");
        p.put("jouvence.import.enabled", "false");
        p.put("jouvence.staging.dir", work.resolve("staging").toString());
        Main service = Jouvence.create(null, p);
        service.start();
        try {
            Reply ready = TestJouvence.poll(Duration.ofSeconds(20), () -> get(management, "/ready"), r -> r.status == 200);
            assertEquals(200, ready.status, ready.body);

            pg.close(); // PostgreSQL stops: its port refuses connections, pooled connections are cut
            long stopped = System.nanoTime();

            // For 6 s, probes as a kubelet sends them: readiness and, while it is in flight, liveness. Liveness always
            // answers UP at once; readiness answers within its 2 s check and says DOWN within seconds, naming the database.
            Reply down = null;
            long toDown = -1;
            while (System.nanoTime() - stopped < 6_000_000_000L) {
                long t0 = System.nanoTime();
                CompletableFuture<HttpResponse<String>> readiness = http.sendAsync(request(management, "/ready"),
                        HttpResponse.BodyHandlers.ofString());
                Thread.sleep(50);
                Reply live = get(management, "/live");
                assertEquals(200, live.status, live.body);
                assertTrue(live.millis < 2000, "liveness answered in " + live.millis + " ms with the database down");
                HttpResponse<String> r = readiness.get();
                long readyMillis = (System.nanoTime() - t0) / 1_000_000;
                assertTrue(readyMillis < 3000, "a readiness probe took " + readyMillis + " ms");
                if (r.statusCode() == 503 && toDown < 0) {
                    toDown = (System.nanoTime() - stopped) / 1_000_000;
                    down = new Reply(r.statusCode(), r.body(), readyMillis);
                }
                Thread.sleep(300);
            }
            assertTrue(down != null, "readiness never said DOWN with the database stopped");
            assertTrue(toDown < 4000, "readiness said DOWN " + toDown + " ms after the database stopped");
            assertTrue(down.body.contains("{\"name\":\"database\",\"status\":\"DOWN\",\"message\":\"no connection"),
                    down.body);

            pg = start(data, pgPort); // the same database comes back on its port
            Reply back = TestJouvence.poll(Duration.ofSeconds(30), () -> get(management, "/ready"), r -> r.status == 200);
            assertEquals(200, back.status, "ready again once the database is back: " + back.body);
        } finally {
            service.stop();
            pg.close();
        }
    }

    private static EmbeddedPostgres start(Path data, int port) throws java.io.IOException {
        return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
    }

    private record Reply(int status, String body, long millis) {
    }

    private HttpRequest request(int port, String probe) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/health" + probe))
                .timeout(Duration.ofSeconds(10)).build();
    }

    private Reply get(int port, String probe) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> r = http.send(request(port, probe), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body(), (System.nanoTime() - t0) / 1_000_000);
    }
}
