package simulator.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Injected failures, stalls, latency and the call log a test uses to assert "no writes". */
class CloudFaultsTest extends CloudTestBase {

    @Test
    void nextRequestsFailThenTheServiceComesBack() throws Exception {
        start(Flavour.NEXTCLOUD);
        sim.failNextRequests(2, 503);
        for (int i = 0; i < 2; i++) {
            Resp r = mkcol(sys(), dav(SYS) + "/A");
            assertEquals(503, r.status());
            assertTrue(r.body().contains("<title>503 Service Unavailable</title>"));
        }
        assertEquals(201, mkcol(sys(), dav(SYS) + "/A").status());
        sim.failNextRequests("POST", 1, 502);
        assertEquals(207, propfind(sys(), dav(SYS), "1", null).status()); // other methods unaffected
        assertEquals(502, ocs("POST", SHARES_V2, sys(), "path", "/A", "shareType", "0", "shareWith", "bob").status());
        assertTrue(sim.shares().isEmpty());
        assertEquals(List.of("/A"), sim.tree(SYS).stream().map(CloudSimulator.Entry::path).toList());
    }

    @Test
    void stalledAndSlowRequestsTimeTheClientOut() throws Exception {
        start(Flavour.OWNCLOUD_10);
        sim.stallNextRequests(1, Duration.ofSeconds(30));
        HttpRequest req = HttpRequest.newBuilder(URI.create(sim.url() + dav(SYS))).timeout(Duration.ofMillis(300))
                .header("Authorization", sys()).header("Depth", "0")
                .method("PROPFIND", HttpRequest.BodyPublishers.noBody()).build();
        assertThrows(HttpTimeoutException.class, () -> HTTP.send(req, HttpResponse.BodyHandlers.ofString()));
        sim.clearFaults(); // releases the stalled request
        assertEquals(207, HTTP.send(req, HttpResponse.BodyHandlers.ofString()).statusCode());

        sim.latency(Duration.ofSeconds(30));
        assertThrows(HttpTimeoutException.class, () -> HTTP.send(req, HttpResponse.BodyHandlers.ofString()));
        sim.latency(Duration.ZERO);
    }

    @Test
    void theCallLogCountsByMethodAndTellsWrites() throws Exception {
        start(Flavour.NEXTCLOUD);
        mkcol(sys(), dav(SYS) + "/A");
        propfind(sys(), dav(SYS) + "/A", "infinity", null);
        ocs("GET", SHARES_V2 + "?path=%2FA&subfiles=true", sys());
        List<CloudSimulator.Call> calls = sim.calls();
        assertEquals(new CloudSimulator.Call("MKCOL", "/remote.php/dav/files/jouvence/A", null, SYS, 201),
                calls.get(0));
        assertEquals("path=%2FA&subfiles=true", calls.get(2).query());
        assertEquals(Map.of("MKCOL", 1, "PROPFIND", 1, "GET", 1), sim.callCounts());
        assertEquals(1, sim.writeCalls().size());
        sim.clearCalls();
        propfind(sys(), dav(SYS) + "/A", "infinity", null);
        ocs("GET", SHARES_V2 + "?path=%2FA&subfiles=true", sys());
        assertTrue(sim.writeCalls().isEmpty(), "a reading pass writes nothing");
        mkcol(null, dav(SYS) + "/B");
        assertEquals(null, sim.calls().get(2).user());
        assertEquals(401, sim.calls().get(2).status());
    }

    @Test
    void refusedCredentialsForEveryoneOnBothApis() throws Exception {
        start(Flavour.OWNCLOUD_10);
        sim.refuseCredentials(null, true);
        assertEquals(401, propfind(sys(), dav(SYS), "0", null).status());
        Resp o = ocs("GET", SHARES_V1, sys());
        assertEquals(401, o.status());
        assertTrue(o.body().contains("<statuscode>997</statuscode>"));
        sim.refuseCredentials(null, false);
        assertEquals(200, ocs("GET", SHARES_V1, sys()).status());
    }
}
