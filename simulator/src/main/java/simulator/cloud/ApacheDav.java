package simulator.cloud;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's apache2 with mod_dav + mod_dav_fs as a child process on a free port of 127.0.0.1, from a minimal generated
 * configuration in a temporary folder (ServerRoot, PidFile, ErrorLog, DavLockDB, a {@code <Location />} with
 * {@code Dav On}): a real WebDAV server to check the simulator's answers and the service's client against. Given a
 * user, it serves {@code remote.php/dav/files/<user>/} as that user's files root, so that a cloud client's WebDAV paths
 * reach it unchanged. As root, apache runs as www-data (or nobody), which owns the served folders and the lock database.
 */
public final class ApacheDav implements AutoCloseable {

    public static final List<Path> BINARIES = List.of(Path.of("/usr/sbin/apache2"), Path.of("/usr/local/sbin/apache2"));
    /** Where folders that another user (www-data) must reach are made: the system's world-traversable /tmp. */
    public static final Path SHARED_TMP = Path.of("/tmp");
    public static final Path MODULES = Path.of("/usr/lib/apache2/modules");

    private final Path dir;
    private final Process process;
    private final int port;
    private final Path files;

    private ApacheDav(Path dir, Process process, int port, Path files) {
        this.dir = dir;
        this.process = process;
        this.port = port;
        this.files = files;
    }

    /** The apache2 binary (or {@code -Djouvence.apache2=PATH}), or null when apache2 with mod_dav_fs is not installed. */
    public static Path binary() {
        String override = System.getProperty("jouvence.apache2");
        for (Path p : override != null ? List.of(Path.of(override)) : BINARIES) {
            if (Files.isExecutable(p) && Files.isRegularFile(MODULES.resolve("mod_dav_fs.so"))) {
                return p;
            }
        }
        return null;
    }

    /** Serves the folder's root. */
    public static ApacheDav start(Path binary) throws Exception {
        return start(binary, null);
    }

    /** Serves the folder's root, with {@code user}'s files root below it when {@code user} is not null. */
    public static ApacheDav start(Path binary, String user) throws Exception {
        // Under the system's /tmp, not java.io.tmpdir: apache runs as www-data, which must reach the folder, and a
        // build's own tmpdir may sit in a checkout it cannot enter (a clone made by mktemp -d is rwx------).
        Path dir = Files.createTempDirectory(SHARED_TMP, "cloudsim-apache-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path root = Files.createDirectory(dir.resolve("dav"));
        Path files = user == null ? root : Files.createDirectories(root.resolve("remote.php/dav/files/" + user));
        Path locks = Files.createDirectory(dir.resolve("locks"));
        String runAs = null;
        if ("root".equals(System.getProperty("user.name"))) {
            runAs = Files.readString(Path.of("/etc/passwd")).contains("\nwww-data:") ? "www-data" : "nobody";
            UserPrincipal owner = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(runAs);
            try (Stream<Path> all = Files.walk(root)) {
                for (Path p : all.toList()) {
                    Files.setOwner(p, owner);
                }
            }
            Files.setOwner(locks, owner);
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        String conf = "ServerRoot " + dir + "\n"
                + "Listen 127.0.0.1:" + port + "\n"
                + "ServerName 127.0.0.1\n"
                + "PidFile " + dir.resolve("httpd.pid") + "\n"
                + "ErrorLog " + dir.resolve("error.log") + "\n"
                + "LoadModule mpm_event_module " + MODULES.resolve("mod_mpm_event.so") + "\n"
                + "LoadModule authz_core_module " + MODULES.resolve("mod_authz_core.so") + "\n"
                + "LoadModule dav_module " + MODULES.resolve("mod_dav.so") + "\n"
                + "LoadModule dav_fs_module " + MODULES.resolve("mod_dav_fs.so") + "\n"
                + (runAs != null ? "User " + runAs + "\nGroup " + (runAs.equals("www-data") ? "www-data" : "nogroup")
                        + "\n" : "")
                + "DavLockDB " + locks.resolve("davlock") + "\n"
                + "DocumentRoot " + root + "\n"
                + "<Location />\n  Dav On\n  Require all granted\n</Location>\n";
        Path confFile = Files.writeString(dir.resolve("httpd.conf"), conf);
        Process p = new ProcessBuilder(binary.toString(), "-f", confFile.toString(), "-DFOREGROUND")
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        ApacheDav apache = new ApacheDav(dir, p, port, files);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!apache.answers()) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                String log = apache.logs();
                apache.close();
                throw new IllegalStateException("apache2 did not start on port " + port + ":\n" + log);
            }
            Thread.sleep(50); // polling for the port, bounded by the deadline
        }
        return apache;
    }

    private boolean answers() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public int port() {
        return port;
    }

    /** The user's files root on disk (the served root when no user was given). */
    public Path files() {
        return files;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public String logs() {
        StringBuilder sb = new StringBuilder();
        for (String f : List.of("stdout.log", "error.log")) {
            try {
                sb.append(Files.readString(dir.resolve(f)));
            } catch (IOException e) {
                sb.append("(no ").append(f).append(")\n");
            }
        }
        return sb.toString();
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
