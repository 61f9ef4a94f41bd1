package jouvence.folders.cloud;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jouvence.db.Database;
import jouvence.folders.store.CloudTokenStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import simulator.cloud.Flavour;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The system account's OAuth tokens kept in PostgreSQL (V8, {@link CloudTokenStore}) for every replica: two
 * CloudClients on one database stand for two replicas, against the simulated Nextcloud (which rotates the refresh
 * token at each refresh, the old one then refused).
 */
class CloudTokenStoreTest extends CloudClientTestBase {

    private static final String TOKEN_PATH = "/index.php/apps/oauth2/api/v1/token";
    private static EmbeddedPostgres postgres;
    private static DataSource db;

    @BeforeAll
    static void database() throws Exception {
        postgres = EmbeddedPostgres.start();
        db = postgres.getPostgresDatabase();
        Database.migrate(db);
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        postgres.close();
    }

    @BeforeEach
    void empty() throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM cloud_token");
        }
    }

    private CloudClient replica(String refreshToken, String instance) {
        return new CloudClient(camel, config(sim.url(), "", refreshToken, 2, Duration.ofSeconds(20)),
                new CloudTokenStore(db, CLIENT_SECRET, instance), Clock.systemUTC());
    }

    private long tokenCalls() {
        return sim.calls().stream().filter(c -> c.path().equals(TOKEN_PATH)).count();
    }

    private String initialToken() throws Exception {
        return client().oauth().exchange(authorise(client(), SYS), REDIRECT).refreshToken();
    }

    @Test
    void twoReplicasRefreshingAtOnceMakeOneRefresh() throws Exception {
        start(Flavour.NEXTCLOUD);
        sim.mkdirs(SYS, "Moodle");
        String initial = initialToken();
        List<CloudClient> replicas = List.of(replica(initial, "replica-a"), replica(initial, "replica-b"));
        sim.clearCalls();
        int n = 8;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Long>> results = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                CloudClient replica = replicas.get(i % 2);
                Callable<Long> call = () -> {
                    go.await();
                    return replica.dav().stat("Moodle").orElseThrow().fileId();
                };
                results.add(pool.submit(call));
            }
            go.countDown();
            for (Future<Long> r : results) {
                assertEquals(sim.fileId(SYS, "Moodle"), r.get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, tokenCalls(), "one refresh for both replicas: " + sim.calls());
        assertEquals(n, calls("PROPFIND"));

        // The rotated token outlives both: a third replica (or a restart) starts from it, not from the spent one.
        String kept = new CloudTokenStore(db, CLIENT_SECRET, "x").load().orElseThrow();
        assertNotEquals(initial, kept);
        sim.expireAccessTokens();
        assertTrue(replica(initial, "replica-c").dav().stat("Moodle").isPresent());
        assertNotEquals(kept, new CloudTokenStore(db, CLIENT_SECRET, "x").load().orElseThrow(), "rotated again");
    }

    @Test
    void theTokensAreKeptEncryptedAndUnreadableWithAnotherClientSecret() throws Exception {
        start(Flavour.OWNCLOUD_10);
        sim.mkdirs(SYS, "Moodle");
        String initial = initialToken();
        assertTrue(replica(initial, "a").dav().stat("Moodle").isPresent());
        String kept = new CloudTokenStore(db, CLIENT_SECRET, "x").load().orElseThrow();
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM cloud_token")) {
            assertTrue(rs.next());
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                String v = String.valueOf(rs.getObject(i));
                assertFalse(v.contains(kept) || v.contains(initial), rs.getMetaData().getColumnName(i)
                        + " holds a token in clear");
            }
            assertEquals("a", rs.getString("refreshed_by"));
        }
        assertTrue(new CloudTokenStore(db, "another-secret", "x").load().isEmpty());
    }

    @Test
    void aNewConfiguredTokenReplacesTheKeptOnes() throws Exception {
        start(Flavour.NEXTCLOUD);
        sim.mkdirs(SYS, "Moodle");
        assertTrue(replica(initialToken(), "a").dav().stat("Moodle").isPresent());
        String keptBefore = new CloudTokenStore(db, CLIENT_SECRET, "x").load().orElseThrow();

        // the admin authorised again and gave the new token: it wins over the kept pair (even its valid access token)
        String fresh = initialToken();
        sim.clearCalls();
        assertTrue(replica(fresh, "a").dav().stat("Moodle").isPresent());
        assertEquals(1, tokenCalls(), "refreshed with the new token: " + sim.calls());
        String keptAfter = new CloudTokenStore(db, CLIENT_SECRET, "x").load().orElseThrow();
        assertNotEquals(keptBefore, keptAfter);
        assertNotEquals(fresh, keptAfter, "the new one was spent and its successor kept");
    }

    @Test
    void aFailedRefreshKeepsNothing() throws Exception {
        start(Flavour.NEXTCLOUD);
        sim.mkdirs(SYS, "Moodle");
        String initial = initialToken();
        client().oauth().refresh(initial); // spent elsewhere: the cloud refuses it now
        CloudFault down = fault(CloudFault.Reason.CREDENTIALS, () -> replica(initial, "a").dav().stat("Moodle"));
        assertFalse(down.getMessage().contains(initial), "never the token in a message");
        assertTrue(new CloudTokenStore(db, CLIENT_SECRET, "x").load().isEmpty(), "no pair was kept");
    }
}
