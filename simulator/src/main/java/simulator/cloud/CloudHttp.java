package simulator.cloud;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import simulator.cloud.CloudSimulator.Call;

/**
 * The simulated cloud's HTTP server on 127.0.0.1 (the JDK's HttpServer, like the Moodle simulator's HttpFront): applies
 * the injected latency, stalls and failures, identifies the caller, dispatches by path and records every call.
 */
final class CloudHttp {

    /** One part of the server, by path prefix. */
    interface Endpoint {
        void handle(Req r) throws IOException;
    }

    static {
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true"); // see simulator.HttpFront
        }
    }

    private final String name;
    private final Auth auth;
    private final CloudFaults faults;
    private final CloudCallLog log;
    private final Endpoint dav;
    private final Endpoint ocs;
    private final Endpoint oauth;
    private HttpServer http;
    private ExecutorService executor;
    private volatile int port = -1;

    CloudHttp(String name, Auth auth, CloudFaults faults, CloudCallLog log, Endpoint dav, Endpoint ocs,
              Endpoint oauth) {
        this.name = name;
        this.auth = auth;
        this.faults = faults;
        this.log = log;
        this.dav = dav;
        this.ocs = ocs;
        this.oauth = oauth;
    }

    synchronized void start() {
        if (http != null) {
            return;
        }
        try {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), Math.max(port, 0)), 128);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind 127.0.0.1", e);
        }
        port = http.getAddress().getPort();
        AtomicInteger n = new AtomicInteger();
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, name + "-" + port + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(executor);
        http.createContext("/", this::handle);
        http.start();
    }

    synchronized void stop() {
        if (http != null) {
            http.stop(0);
            executor.shutdownNow();
            http = null;
        }
    }

    int port() {
        if (port < 0) {
            throw new IllegalStateException("cloud simulator not started yet");
        }
        return port;
    }

    private void handle(HttpExchange ex) {
        Req r = null;
        log.arrived();
        try {
            r = new Req(ex);
            r.user = auth.identify(r);
            Req req = r;
            boolean[] logged = {false};
            r.onAnswer = status -> {
                if (!logged[0]) {
                    logged[0] = true;
                    log.add(new Call(req.method, req.path, loggableQuery(req), req.user, status));
                }
            };
            sleep(faults.latency());
            faults.maybeStall();
            Integer failure = faults.takeFailure(r.method);
            if (failure != null) {
                r.send(failure, "text/html; charset=iso-8859-1", apacheError(failure));
            } else {
                dispatch(r);
            }
        } catch (IOException e) {
            // the client went away or the simulator stopped
        } catch (RuntimeException e) {
            System.err.println("[cloud-sim " + port + "] failure answering " + ex.getRequestMethod() + " "
                    + ex.getRequestURI().getPath() + ": " + e);
            e.printStackTrace();
        } finally {
            if (r != null && r.status == 0) {
                r.onAnswer.accept(0); // never answered (stopped, or failed): recorded with status 0
            }
            ex.close();
            log.left();
        }
    }

    private void dispatch(Req r) throws IOException {
        String p = r.path;
        if (p.startsWith(WebDav.FILES_PREFIX) || p.equals(WebDav.LEGACY_PREFIX) || p.startsWith(WebDav.LEGACY_PREFIX + "/")) {
            dav.handle(r);
        } else if (p.startsWith("/ocs/v1.php/") || p.startsWith("/ocs/v2.php/")) {
            ocs.handle(r);
        } else if (p.startsWith("/index.php/apps/oauth2/")) {
            oauth.handle(r);
        } else {
            r.send(404, "text/html; charset=UTF-8", "<!DOCTYPE html><html><body><h2>Page not found</h2>"
                    + "<p>The page could not be found on the server.</p></body></html>");
        }
    }

    /** The query string for the log; the OAuth endpoints' (codes, state, client ids) is left out. */
    private static String loggableQuery(Req r) {
        String q = r.ex.getRequestURI().getRawQuery();
        return q == null || r.path.startsWith("/index.php/apps/oauth2/") ? null : q;
    }

    private static void sleep(Duration d) {
        if (!d.isZero()) {
            try {
                Thread.sleep(d.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** What Apache in front of the PHP application answers when the backend fails (injected failures). */
    private String apacheError(int status) {
        String reason = switch (status) {
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Error";
        };
        return "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n<title>" + status + " " + reason
                + "</title>\n</head><body>\n<h1>" + reason + "</h1>\n<p>The server is temporarily unable to service "
                + "your request.</p>\n<hr>\n<address>Apache/2.4.62 (Debian) Server at 127.0.0.1 Port " + port
                + "</address>\n</body></html>\n";
    }
}
