package jouvence.moodle;

import jouvence.JouvenceConfig.MoodleSite;
import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.component.http.HttpEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CamelHttpTransportTest {

    private static final MoodleSite CHECKED = new MoodleSite("old", "https://old.example", "SECRET-TOKEN-1", 1, true);
    private static final MoodleSite LAB = new MoodleSite("lab", "https://lab.example", "SECRET-TOKEN-2", 1, false);
    private static final MoodleSite PLAIN = new MoodleSite("dev", "http://dev.example", "SECRET-TOKEN-3", 1, false);

    @Test
    void endpoints_hold_no_token_and_skip_tls_checks_only_where_tls_verify_is_false() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            CamelHttpTransport http = new CamelHttpTransport(camel, Duration.ofSeconds(10), 1024 * 1024,
                    List.of(CHECKED, LAB, PLAIN));
            assertEquals("https://old.example/webservice/rest/server.php?httpMethod=POST&throwExceptionOnFailure=false"
                    + "&followRedirects=false&connectTimeout=10000&responseTimeout=60000",
                    http.endpoint(CHECKED, MoodleClient.REST_PATH, Duration.ofSeconds(60), false));
            String lab = http.endpoint(LAB, MoodleClient.DOWNLOAD_PATH, Duration.ofMinutes(60), true);
            assertTrue(lab.endsWith("&responseTimeout=3600000&disableStreamCache=true"
                    + "&sslContextParameters=#jouvenceTlsTrustAll&x509HostnameVerifier=#jouvenceTlsNoHostnameCheck"), lab);
            // plain HTTP has no TLS to relax (and TLS parameters would turn the endpoint into https)
            assertFalse(http.endpoint(PLAIN, MoodleClient.REST_PATH, Duration.ofSeconds(60), false).contains("ssl"));

            camel.start();
            assertSame(camel.getComponent("http"), camel.getComponent("https"), "camel.component.http.* sets both");
            assertTrue(camel.getComponent("http", HttpComponent.class).isAutomaticRetriesDisabled(),
                    "a POST is never sent again by the HTTP client itself");
            HttpEndpoint endpoint = camel.getEndpoint(lab, HttpEndpoint.class);
            assertTrue(endpoint.isDisableStreamCache());
            assertEquals(3_600_000, endpoint.getResponseTimeout());
            for (MoodleSite site : List.of(CHECKED, LAB, PLAIN)) {
                for (String uri : List.of(http.endpoint(site, MoodleClient.REST_PATH, Duration.ofSeconds(1), false),
                        http.endpoint(site, MoodleClient.DOWNLOAD_PATH, Duration.ofSeconds(1), true))) {
                    assertFalse(uri.contains(site.token()), uri);
                }
            }
        }
    }

    @Test
    void a_url_that_is_not_the_sites_wwwroot_is_a_site_fault_naming_the_setting_not_a_lost_form() throws Exception {
        // What Moodle 4.4 answers a POST to http://localhost:8081/... when its wwwroot is http://127.0.0.1:8081 (lab)
        com.sun.net.httpserver.HttpServer moodle = com.sun.net.httpserver.HttpServer.create(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        java.util.concurrent.atomic.AtomicInteger gets = new java.util.concurrent.atomic.AtomicInteger();
        moodle.createContext("/", ex -> {
            if (ex.getRequestMethod().equals("GET")) {
                gets.incrementAndGet();
            }
            ex.getResponseHeaders().add("X-Redirect-By", "Moodle");
            ex.getResponseHeaders().add("Location", "https://moodle.example/webservice/rest/server.php");
            ex.sendResponseHeaders(303, -1);
            ex.close();
        });
        moodle.start();
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.start();
            MoodleSite site = new MoodleSite("old", "http://127.0.0.1:" + moodle.getAddress().getPort(), "SECRET-TOKEN-1",
                    1, true);
            MoodleClient client = new MoodleClient(site, new CamelHttpTransport(camel, Duration.ofSeconds(5), 1024 * 1024,
                    List.of(site)), Duration.ofSeconds(5));
            MoodleException e = assertThrows(MoodleException.class, () -> client.call(MoodleSites.SITE_INFO, Map.of()));
            assertEquals("redirected", e.code());
            assertEquals(MoodleException.Kind.SITE_FAULT, e.kind(), "a configuration to fix, not a call to retry");
            assertEquals("old: core_webservice_get_site_info was redirected (HTTP 303) to "
                    + "https://moodle.example/webservice/rest/server.php: jouvence.server.old.url must be the site's own "
                    + "address (its wwwroot)", e.getMessage());
            assertEquals(0, gets.get(), "the redirect is not followed (it would be a GET without the form)");
        } finally {
            moodle.stop(0);
        }
    }

    @Test
    void a_huge_json_answer_is_not_read_into_memory_but_cut_at_max_answer_bytes() throws Exception {
        long huge = 200L * 1024 * 1024;
        AtomicLong written = new AtomicLong();
        CountDownLatch ended = new CountDownLatch(1);
        HttpServer moodle = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        moodle.createContext("/", ex -> {
            try (ex) {
                ex.getRequestBody().readAllBytes();
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(200, 0);
                OutputStream out = ex.getResponseBody();
                byte[] course = ("{\"id\":1,\"fullname\":\"" + "x".repeat(1000) + "\"},")
                        .getBytes(StandardCharsets.UTF_8);
                out.write("{\"courses\":[".getBytes(StandardCharsets.UTF_8));
                while (written.get() < huge) {
                    out.write(course);
                    written.addAndGet(course.length);
                }
                out.write("{\"id\":2}]}".getBytes(StandardCharsets.UTF_8));
            } catch (IOException cut) {
                // the client went away
            } finally {
                ended.countDown();
            }
        });
        moodle.start();
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.start();
            MoodleSite site = new MoodleSite("old", "http://127.0.0.1:" + moodle.getAddress().getPort(), "SECRET-TOKEN-1",
                    1, true);
            MoodleClient client = new MoodleClient(site, new CamelHttpTransport(camel, Duration.ofSeconds(5), 1024 * 1024,
                    List.of(site)), Duration.ofSeconds(30));
            MoodleException e = assertThrows(MoodleException.class,
                    () -> client.call("core_course_get_courses_by_field", Map.of()));
            assertEquals("answer-too-large", e.code(), e.getMessage());
            assertEquals(MoodleException.Kind.TRANSIENT, e.kind());
            assertEquals("old: core_course_get_courses_by_field answered more than 1048576 bytes "
                    + "(jouvence.http.max-answer-bytes): the answer was dropped unread", e.getMessage());
            assertTrue(ended.await(30, TimeUnit.SECONDS), "the server's write failed: the connection was dropped");
            assertTrue(written.get() < huge / 4, "the rest was not read: " + written.get() + " bytes sent");
        } finally {
            moodle.stop(0);
        }
    }

    @Test
    void a_moodle_that_never_answers_is_a_timeout_and_a_closed_port_is_unreachable() throws Exception {
        try (CamelContext camel = new DefaultCamelContext();
             ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            camel.start();
            MoodleSite site = new MoodleSite("old", "http://127.0.0.1:" + silent.getLocalPort(), "SECRET-TOKEN-1", 1, true);
            CamelHttpTransport http = new CamelHttpTransport(camel, Duration.ofSeconds(5), 1024 * 1024, List.of(site));
            MoodleClient client = new MoodleClient(site, http, Duration.ofMillis(300));
            MoodleException e = assertThrows(MoodleException.class, () -> client.call(MoodleSites.SITE_INFO, Map.of()));
            assertEquals("timeout", e.code(), e.getMessage());
            assertFalse(e.getMessage().contains(site.token()));

            int closed;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                closed = s.getLocalPort();
            }
            MoodleSite gone = new MoodleSite("other", "http://127.0.0.1:" + closed, "SECRET-TOKEN-2", 1, true);
            MoodleException down = assertThrows(MoodleException.class,
                    () -> new MoodleClient(gone, http, Duration.ofSeconds(5)).call(MoodleSites.SITE_INFO, Map.of()));
            assertEquals("unreachable", down.code(), down.getMessage());
            assertFalse(down.getMessage().contains(gone.token()));
        }
    }

    @Test
    void a_self_signed_moodle_is_refused_unless_its_tls_verify_is_false(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("moodle.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "moodle", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=moodle.invalid",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit",
                "-keypass", "changeit").redirectErrorStream(true).start();
        String said = new String(keytool.getInputStream().readAllBytes());
        assertEquals(0, keytool.waitFor(), said);
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(store)) {
            keys.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "changeit".toCharArray());
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(ssl));
        server.createContext(MoodleClient.REST_PATH, exchange -> {
            byte[] body = "{\"sitename\":\"Lab\",\"functions\":[]}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        String url = "https://127.0.0.1:" + server.getAddress().getPort();
        MoodleSite verified = new MoodleSite("old", url, "SECRET-TOKEN-1", 1, true);
        MoodleSite lab = new MoodleSite("lab", url, "SECRET-TOKEN-2", 1, false);
        try (CamelContext camel = new DefaultCamelContext()) {
            CamelHttpTransport http = new CamelHttpTransport(camel, Duration.ofSeconds(5), 1024 * 1024,
                    List.of(verified, lab));
            camel.start();
            MoodleException refused = assertThrows(MoodleException.class,
                    () -> new MoodleClient(verified, http, Duration.ofSeconds(5)).call(MoodleSites.SITE_INFO, Map.of()));
            assertEquals("unreachable", refused.code(), refused.getMessage());
            assertTrue(refused.getMessage().contains("SSL"), refused.getMessage());
            assertEquals("Lab", new MoodleClient(lab, http, Duration.ofSeconds(5)).call(MoodleSites.SITE_INFO, Map.of())
                    .path("sitename").asText());
        } finally {
            server.stop(0);
        }
    }
}
