package simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.Socket;

import org.junit.jupiter.api.Test;

/** The facade's lifecycle: start, stop, restart on the same port. */
class MoodleSimulatorTest {

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
