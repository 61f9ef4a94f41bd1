package jouvence.privatefiles;

import jouvence.privatefiles.store.PrivateFilesClaims;
import jouvence.privatefiles.store.PrivateFilesRepository;
import jouvence.web.PersonTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The person's own Moodle token (issue 14): only in the memory of the replica that served the login, never in the
 * database; a request is worked by that replica only, and waits for the next login when that replica cannot any more.
 * A real Jouvence on real PostgreSQL with the simulators; the other replicas are claims objects with their own
 * instance ids on the same database.
 */
class PrivateFilesTokenTest {

    private static PrivateFilesJouvence j;

    @BeforeAll
    static void start() throws Exception {
        j = new PrivateFilesJouvence(Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        j.close();
    }

    @BeforeEach
    void reset() throws Exception {
        j.reset();
    }

    @Test
    void afterARequestAndItsEndNoTableHoldsThePersonsToken() throws Exception {
        var me = j.new Browser().login("teacher1", "Teacher1!");
        String token = j.client.issuedToken("teacher1");
        assertNotNull(token, "token.php issued teacher1 a token");
        me.bring("old");
        assertEquals("performed", j.awaitState("teacher1", "performed"));
        assertFalse(j.client.privateFiles("teacher1").isEmpty(), "the put used the token");
        assertEquals(List.of(), tablesHolding(token));
        assertEquals(List.of(), tablesHolding(token.substring(0, 16)), "not even a part of it");
    }

    @Test
    void aRequestHeldByAnotherReplicaIsNotTakenHereNorByAThirdOne() throws Exception {
        j.new Browser().login("teacher1", "Teacher1!"); // a live session (its token is in this Jouvence's memory)
        String session = sessionOf("teacher1");
        replicaAlive("replica-a");
        try {
            PrivateFilesRepository a = new PrivateFilesRepository(j.db(), "replica-a");
            long id = a.request("old", "teacher1", session, "en").request().id(); // asked on replica A
            Thread.sleep(3000); // this Jouvence claims every second
            assertEquals("scheduled", j.state("teacher1"), "not taken by this Jouvence: " + j.trail("teacher1"));
            heldByA(a, id);
        } finally {
            sql("DELETE FROM qrtz_scheduler_state WHERE instance_name = 'replica-a'");
        }
    }

    private void heldByA(PrivateFilesRepository a, long id) throws Exception {
        Instant live = Instant.now().minus(Duration.ofMinutes(30));
        PrivateFilesClaims b = new PrivateFilesClaims(new PrivateFilesRepository(j.db(), "replica-b"),
                new PersonTokens());
        assertEquals(List.of(), b.claimDue(Duration.ofMinutes(1), 10, live), "not taken by replica B");
        PrivateFilesClaims holder = new PrivateFilesClaims(a, new PersonTokens());
        List<PrivateFilesClaims.Claim> mine = holder.claimDue(Duration.ofMinutes(1), 10, live);
        assertEquals(1, mine.size(), "replica A, the holder, takes it");
        assertEquals(id, mine.get(0).id());
        // A has no token for the person (it restarted): the request waits for the next login, not in progress
        assertEquals(Optional.empty(), holder.personToken(mine.get(0), live));
        holder.waitForLogin(mine.get(0), "no token", live);
        assertEquals("waiting-login", j.state("teacher1"));
    }

    @Test
    void aRequestOfAHolderThatDiedWithoutStoppingIsTakenHereAndWaitsForTheLogin() throws Exception {
        j.new Browser().login("teacher1", "Teacher1!"); // the session lives on, but replica C checks in no more
        new PrivateFilesRepository(j.db(), "replica-c").request("old", "teacher1", sessionOf("teacher1"), "en");
        assertEquals("waiting-login", j.awaitState("teacher1", "waiting-login"));
        Thread.sleep(2000);
        assertEquals("waiting-login", j.state("teacher1"), "no loop: it waits");
        j.new Browser().login("teacher1", "Teacher1!");
        assertEquals("performed", j.awaitState("teacher1", "performed"));
    }

    @Test
    void aStoppedHolderLeavesTheRequestWaitingAndTheNextLoginElsewhereFinishesIt() throws Exception {
        j.new Browser().login("teacher1", "Teacher1!");
        replicaAlive("replica-a");
        try {
            PrivateFilesRepository a = new PrivateFilesRepository(j.db(), "replica-a");
            a.request("old", "teacher1", sessionOf("teacher1"), "en");
            assertEquals(1, new PrivateFilesClaims(a, new PersonTokens()).releaseClaims(), "replica A stops");
        } finally {
            sql("DELETE FROM qrtz_scheduler_state WHERE instance_name = 'replica-a'");
        }
        assertEquals("waiting-login", j.state("teacher1"));
        assertTrue(j.trail("teacher1").contains("replica holding your login stopped"), j.trail("teacher1"));
        Thread.sleep(2000);
        assertEquals("waiting-login", j.state("teacher1"), "nobody works it without the token");
        j.new Browser().login("teacher1", "Teacher1!"); // the next login, on this Jouvence
        assertEquals("performed", j.awaitState("teacher1", "performed"));
        assertFalse(j.client.privateFiles("teacher1").isEmpty());
    }

    @Test
    void aLiveHoldersRequestWhoseSessionEndedIsTakenHereAndWaitsForTheLogin() throws Exception {
        j.new Browser().login("teacher1", "Teacher1!");
        replicaAlive("replica-d");
        try {
            new PrivateFilesRepository(j.db(), "replica-d").request("old", "teacher1", sessionOf("teacher1"), "en");
            Thread.sleep(2000);
            assertEquals("scheduled", j.state("teacher1"), "its session lives: left to its holder");
            sql("UPDATE web_session SET last_seen = now() - interval '2 hours'"); // the session ended
            assertEquals("waiting-login", j.awaitState("teacher1", "waiting-login"));
        } finally {
            sql("DELETE FROM qrtz_scheduler_state WHERE instance_name = 'replica-d'");
        }
        j.new Browser().login("teacher1", "Teacher1!");
        assertEquals("performed", j.awaitState("teacher1", "performed"));
    }

    /** Another replica, as its clustered Quartz shows it: checked in now (a scheduler name of its own). */
    private static void replicaAlive(String instance) throws Exception {
        sql("INSERT INTO qrtz_scheduler_state (sched_name, instance_name, last_checkin_time, checkin_interval) "
                + "VALUES ('other-" + instance + "', '" + instance + "', " + System.currentTimeMillis() + ", 3600000)");
    }

    private static void sql(String statement) throws Exception {
        try (Connection c = j.db().getConnection(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private static String sessionOf(String username) throws Exception {
        try (Connection c = j.db().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT id_hash FROM web_session WHERE username = '" + username + "' ORDER BY created_at DESC")) {
            assertTrue(rs.next(), "a session of " + username);
            return rs.getString(1);
        }
    }

    /** Every table of the schema with a row whose text holds {@code secret}. */
    private static List<String> tablesHolding(String secret) throws Exception {
        List<String> tables = new ArrayList<>();
        try (Connection c = j.db().getConnection(); Statement s = c.createStatement()) {
            List<String> all = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables "
                    + "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'")) {
                while (rs.next()) {
                    all.add(rs.getString(1));
                }
            }
            assertTrue(all.contains("web_session") && all.contains("private_files_request"), all.toString());
            for (String t : all) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM \"" + t + "\" t WHERE row_to_json(t)::text "
                        + "LIKE '%" + secret + "%'")) {
                    rs.next();
                    if (rs.getInt(1) > 0) {
                        tables.add(t);
                    }
                }
            }
        }
        return tables;
    }
}
