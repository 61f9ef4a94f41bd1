package simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.URI;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

/** The facade's lifecycle: start, stop, restart on the same port. */
class MoodleSimulatorTest {

    /** As the real sites of the Moodle lab do (its README; RealMoodleIT): an address that is not the wwwroot. */
    @Test
    void a_url_that_is_not_the_wwwroot_is_redirected_there_with_a_303_as_moodle_does() throws Exception {
        try (MoodleSimulator sim = MoodleSimulator.courseServer("T0KEN").start()) {
            HttpResponse<String> r = SimulatorTestBase.HTTP.send(HttpRequest.newBuilder(
                            URI.create(sim.url().replace("127.0.0.1", "localhost") + "/webservice/rest/server.php"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(SimulatorTestBase.form("wstoken", "T0KEN",
                            "wsfunction", MoodleSimulator.FN_SITE_INFO, "moodlewsrestformat", "json"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(303, r.statusCode());
            assertEquals(sim.url() + "/webservice/rest/server.php", r.headers().firstValue("Location").orElseThrow());
            assertEquals("Moodle", r.headers().firstValue("X-Redirect-By").orElseThrow());
            assertTrue(sim.calls(MoodleSimulator.FN_SITE_INFO).isEmpty(), "the call never reached the web service");
        }
    }

    @Test
    void stopRefusesConnectionsAndRestartKeepsThePort() throws Exception {
        try (MoodleSimulator sim = MoodleSimulator.courseServer("T0KEN").start()) {
            String url = sim.url();
            int port = sim.port();
            assertTrue(SimulatorTestBase.ws(sim, MoodleSimulator.FN_SITE_INFO)
                    .startsWith("{\"sitename\":\"Course Server (old platform)\""));
            sim.stop();
            assertFalse(sim.isRunning());
            assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close());
            sim.restart();
            assertEquals(url, sim.url());
            assertTrue(SimulatorTestBase.ws(sim, MoodleSimulator.FN_SITE_INFO)
                    .contains("\"siteurl\":\"" + url.replace("/", "\\/") + "\""));
        }
    }
}
