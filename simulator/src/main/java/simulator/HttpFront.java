package simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import simulator.MoodleSimulator.Role;

/**
 * The HTTP server of a simulated site on 127.0.0.1: binds, parses parameters as PHP does, records request lines and
 * dispatches by path to the site's endpoints; other paths get what a real Moodle behind Apache answers.
 */
final class HttpFront {

    static {
        // Apache and nginx in front of a real Moodle answer with TCP_NODELAY. The JDK's HttpServer does not by default:
        // it writes the headers and the body separately, so every small answer waited ~40 ms for the client's delayed
        // ACK (Nagle), a delay no real Moodle adds. Read when the JVM's first HttpServer is made.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final Role role;
    private final int requestedPort;
    private final SiteAddress address;
    private final CallLog log;
    private final Map<String, Endpoint> endpoints;
    private volatile boolean running;
    private HttpServer http;
    private ExecutorService executor;

    HttpFront(Role role, int requestedPort, SiteAddress address, CallLog log, Map<String, Endpoint> endpoints) {
        this.role = role;
        this.requestedPort = requestedPort;
        this.address = address;
        this.log = log;
        this.endpoints = Map.copyOf(endpoints);
    }

    /** Binds the port of the first start (or the requested one, or a free one) and starts answering. Idempotent. */
    synchronized void start() {
        if (http != null) {
            return;
        }
        int wanted = address.rawPort() > 0 ? address.rawPort() : requestedPort;
        HttpServer server = bind(wanted);
        int port = server.getAddress().getPort();
        address.bound(port);
        AtomicInteger n = new AtomicInteger();
        String prefix = "moodle-sim-" + (role == Role.COURSE_SERVER ? "server" : "client") + "-" + port + "-";
        ThreadFactory tf = r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        executor = Executors.newCachedThreadPool(tf);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        http = server;
        running = true;
    }

    private static HttpServer bind(int wanted) {
        IOException last = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            try {
                return HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), wanted), 128);
            } catch (BindException e) {
                last = e;
                if (wanted == 0) {
                    break;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new UncheckedIOException("cannot bind 127.0.0.1:" + wanted, last);
    }

    /** Stops answering and frees the port; in-flight exchanges are cut. */
    synchronized void stop() {
        if (http == null) {
            return;
        }
        running = false;
        http.stop(0);
        executor.shutdownNow();
        http = null;
        executor = null;
    }

    synchronized void restart() {
        stop();
        start();
    }

    synchronized boolean isRunning() {
        return http != null;
    }

    private void handle(HttpExchange ex) {
        try {
            String line = ex.getRequestMethod() + " " + ex.getRequestURI() + " " + ex.getProtocol();
            Map<String, String> flat = parameters(ex);
            log.requestLine(line);
            dispatch(ex, ex.getRequestURI().getPath(), flat);
        } catch (IOException e) {
            // client went away, simulator stopped, or a TRUNCATED answer: nothing more to send
        } catch (RuntimeException | Error e) {
            if (running) {
                System.err.println("[moodle-sim " + role + " " + address.rawPort() + "] unexpected failure answering "
                        + ex.getRequestMethod() + " " + ex.getRequestURI() + ": " + e);
                e.printStackTrace();
            }
        } finally {
            try {
                ex.close();
            } catch (RuntimeException ignored) {
                // "insufficient bytes written" after a truncated answer closes the connection, as intended
            }
        }
    }

    /** Query string, then an urlencoded POST/PUT body (later keys win), as PHP's $_GET + $_POST. */
    private static Map<String, String> parameters(HttpExchange ex) throws IOException {
        Map<String, String> flat = new LinkedHashMap<>();
        PhpRequest.parseUrlEncoded(ex.getRequestURI().getRawQuery(), flat);
        if ("POST".equalsIgnoreCase(ex.getRequestMethod()) || "PUT".equalsIgnoreCase(ex.getRequestMethod())) {
            byte[] body = ex.getRequestBody().readNBytes(16 * 1024 * 1024);
            String ct = ex.getRequestHeaders().getFirst("Content-Type");
            if (ct == null || !ct.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
                PhpRequest.parseUrlEncoded(new String(body, StandardCharsets.UTF_8), flat);
            } else {
                Multipart.parse(ct, body, flat, ex); // PHP's $_POST fields, and $_FILES for the endpoint
            }
        }
        return flat;
    }

    private void dispatch(HttpExchange ex, String path, Map<String, String> flat) throws IOException {
        Endpoint endpoint = endpoints.get(path);
        if (endpoint == null) { // PHP's slash arguments: script.php/more/path
            int php = path.indexOf(".php/");
            endpoint = php < 0 ? null : endpoints.get(path.substring(0, php + 4));
        }
        String wwwroot = address.url();
        String host = ex.getRequestHeaders().getFirst("Host");
        if (host != null && !wwwroot.equals("http://" + host)) {
            // Moodle's setup redirects any URL that is not its wwwroot (another host name, http for https), a POST
            // too: 303 See Other, so a client that follows it comes back as a GET without its form.
            ex.getResponseHeaders().set("X-Redirect-By", "Moodle");
            ex.getResponseHeaders().set("Location", wwwroot + path);
            Responses.sendBytes(ex, 303, "text/html; charset=utf-8",
                    ("<!DOCTYPE html>\n<html><head><title>Redirect</title></head><body><a href=\"" + wwwroot + path
                            + "\">Continue</a></body></html>\n").getBytes(StandardCharsets.UTF_8));
        } else if (endpoint != null) {
            endpoint.handle(ex, flat);
        } else if (path.startsWith("/webservice/pluginfile.php/")) {
            if (path.matches("/webservice/pluginfile.php/\\d+/backup/course/.*")) {
                Responses.sendDownloadError(ex, 200, "Course or activity not accessible.", "requireloginerror");
            } else {
                Responses.sendDownloadError(ex, 404, "Sorry, the requested file could not be found", "filenotfound");
            }
        } else if (path.startsWith("/pluginfile.php/")) {
            String url = address.url();
            ex.getResponseHeaders().set("Location", url + "/login/index.php");
            Responses.sendBytes(ex, 303, "text/html; charset=utf-8",
                    ("<!DOCTYPE html>\n<html><head><title>Redirect</title></head><body><a href=\"" + url
                            + "/login/index.php\">Continue</a></body></html>\n").getBytes(StandardCharsets.UTF_8));
        } else {
            Responses.sendHtmlError(ex, 404, address.rawPort());
        }
    }
}
