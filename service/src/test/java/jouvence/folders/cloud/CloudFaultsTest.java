package jouvence.folders.cloud;

import jouvence.folders.FoldersConfig;
import jouvence.folders.cloud.CloudFault.Kind;
import jouvence.folders.cloud.CloudFault.Reason;
import jouvence.folders.cloud.Dav.Depth;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.http.HttpComponent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import simulator.cloud.Flavour;

import java.time.Clock;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How failures are classified: transient, the cloud down for us, or one item's; and the transport's settings. */
class CloudFaultsTest extends CloudClientTestBase {

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void refused_credentials_are_the_cloud_down_for_webdav_and_ocs(Flavour f) throws Exception {
        start(f);
        sim.mkdirs(SYS, "Moodle/Set");
        CloudClient client = client();
        sim.refuseCredentials(SYS, true);
        CloudFault dav = fault(Reason.CREDENTIALS, () -> client.dav().ensureFolder("Moodle/Set"));
        assertEquals(Kind.CLOUD_DOWN, dav.kind());
        assertEquals(401, dav.status());
        CloudFault ocs = fault(Reason.CREDENTIALS, () -> client.shares().create("Moodle/Set", "alice", 31));
        assertTrue(ocs.getMessage().contains("OCS 997"), ocs.getMessage());
        fault(Reason.CREDENTIALS, () -> client(1).sharees().findByEmail("alice.martin@univ.example"));
        // wrong app password: the same
        sim.refuseCredentials(SYS, false);
        CloudClient wrong = new CloudClient(camel, config(sim.url(), "not-the-password", "", 2, Duration.ofSeconds(5)),
                new RefreshTokenStore.InMemory(), Clock.systemUTC());
        fault(Reason.CREDENTIALS, () -> wrong.dav().list("Moodle", Depth.ONE));
        assertTrue(sim.calls().stream().allMatch(c -> c.status() == 401), sim.calls().toString());
        assertTrue(sim.shares().isEmpty());
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void server_errors_time_outs_and_an_unreachable_cloud_are_transient(Flavour f) throws Exception {
        start(f);
        sim.mkdirs(SYS, "Moodle/Set");
        CloudClient client = new CloudClient(camel, config(sim.url(), SYS_PW, "", 2, Duration.ofMillis(700)),
                new RefreshTokenStore.InMemory(), Clock.systemUTC());
        sim.failNextRequests(1, 503);
        CloudFault unavailable = fault(Reason.SERVER_ERROR, () -> client.dav().ensureFolder("Moodle/Set/A"));
        assertEquals(Kind.TRANSIENT, unavailable.kind());
        assertEquals(503, unavailable.status());
        assertTrue(unavailable.cloudMessage().contains("Service Unavailable"), unavailable.cloudMessage());
        sim.failNextRequests("POST", 1, 502);
        fault(Reason.SERVER_ERROR, () -> client.shares().create("Moodle/Set", "alice", 31));
        assertTrue(sim.shares().isEmpty());
        assertEquals(1, calls("POST"), "HttpClient's own retries are off: one POST");

        sim.stallNextRequests(1, Duration.ofSeconds(30));
        CloudFault slow = fault(Reason.TIMEOUT, () -> client.dav().list("Moodle", Depth.ONE));
        assertEquals(Kind.TRANSIENT, slow.kind());
        sim.clearFaults();

        assertEquals(sim.fileId(SYS, "Moodle/Set"), client.dav().ensureFolder("Moodle/Set")); // back to normal
        sim.stop();
        CloudFault down = fault(Reason.UNREACHABLE, () -> client.dav().list("Moodle", Depth.ONE));
        assertEquals(Kind.TRANSIENT, down.kind());
        sim.start();
        assertEquals(2, client.dav().list("Moodle", Depth.ONE).nodes().size());
    }

    @Test
    void a_too_long_answer_is_dropped_and_a_redirect_names_the_url_setting() throws Exception {
        start(Flavour.NEXTCLOUD);
        for (int i = 0; i < 40; i++) {
            sim.mkdirs(SYS, "Moodle/A folder with a rather long name number " + i);
        }
        CloudClient small = new CloudClient(camel, new FoldersConfig.Cloud(sim.url(), SYS, SYS_PW, "", "", "", true,
                Duration.ofSeconds(5), Duration.ofSeconds(5), 2, 4096), new RefreshTokenStore.InMemory(),
                Clock.systemUTC());
        CloudFault big = fault(Reason.BAD_ANSWER, () -> small.dav().list("Moodle", Depth.ONE));
        assertTrue(big.getMessage().contains("max-answer-bytes"), big.getMessage());
        assertEquals(Kind.TRANSIENT, big.kind());
        assertEquals(1, small.dav().list("Moodle/A folder with a rather long name number 1", Depth.ZERO)
                .nodes().size()); // the connection pool is fine afterwards

        sim.failNextRequests(1, 301);
        CloudFault moved = fault(Reason.MISCONFIGURED, () -> small.dav().list("Moodle", Depth.ZERO));
        assertEquals(Kind.CLOUD_DOWN, moved.kind());
        assertTrue(moved.getMessage().contains("jouvence.folders.cloud.url"), moved.getMessage());
    }

    @Test
    void camel_http_cannot_send_webdav_methods_so_the_components_http_client_does() throws Exception {
        start(Flavour.OWNCLOUD_10);
        CloudTransport http = new CloudTransport(camel, config(sim.url(), SYS_PW, "", 2, Duration.ofSeconds(7)));
        try (ProducerTemplate template = camel.createProducerTemplate()) {
            Exception e = assertThrows(CamelExecutionException.class, () -> template.requestBodyAndHeader(
                    http.endpointUri(), null, Exchange.HTTP_METHOD, "PROPFIND"));
            assertTrue(e.getCause().getMessage().contains("does not have any constant with value: PROPFIND"),
                    String.valueOf(e.getCause()));
        }
        assertEquals(sim.url() + "/?throwExceptionOnFailure=false&followRedirects=false&connectTimeout=5000"
                + "&responseTimeout=7000", http.endpointUri());
        assertTrue(camel.getComponent("http", HttpComponent.class).isAutomaticRetriesDisabled());
        CloudTransport.Answer a = http.send(CloudTransport.Request.of("PROPFIND", "/remote.php/dav/files/" + SYS)
                .header("Depth", "0").auth("Basic " + FoldersConfig.basic(SYS, SYS_PW)));
        assertEquals(207, a.status());
        assertTrue(a.xml());

        // TLS is verified unless tls-verify=false, and then only for that https cloud
        FoldersConfig.Cloud lab = new FoldersConfig.Cloud("https://cloud-lab.example", SYS, SYS_PW, "", "", "", false,
                Duration.ofSeconds(5), Duration.ofSeconds(5), 2, 1024);
        String relaxed = new CloudTransport(camel, lab).endpointUri();
        assertTrue(relaxed.contains("sslContextParameters=#" + jouvence.http.RelaxedTls.TRUST_ALL), relaxed);
        FoldersConfig.Cloud prod = new FoldersConfig.Cloud("https://cloud.example", SYS, SYS_PW, "", "", "", true,
                Duration.ofSeconds(5), Duration.ofSeconds(5), 2, 1024);
        assertFalse(new CloudTransport(camel, prod).endpointUri().contains("ssl"));
        for (String uri : new String[] {relaxed, http.endpointUri()}) {
            assertFalse(uri.contains(SYS_PW) || uri.contains(SYS + ":"), uri);
        }
    }
}
