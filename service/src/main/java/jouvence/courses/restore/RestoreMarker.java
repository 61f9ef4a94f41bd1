package jouvence.courses.restore;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

/**
 * Which process runs a restore: written by the process driver beside the output file ({@value #FILE_NAME}) as soon as
 * the process started, so that after a crash of the service whoever looks at the request can tell whether the restore
 * still runs. The process's start instant guards against a recycled process id.
 */
record RestoreMarker(String host, long pid, Instant processStart) {

    static final String FILE_NAME = "restore.pid";

    /** This machine's name (a pod's name on Kubernetes). */
    static String thisHost() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    static RestoreMarker of(ProcessHandle process) {
        return new RestoreMarker(thisHost(), process.pid(), process.info().startInstant().orElse(Instant.EPOCH));
    }

    void write(Path dir) throws IOException {
        Properties p = new Properties();
        p.setProperty("host", host);
        p.setProperty("pid", Long.toString(pid));
        p.setProperty("start", processStart.toString());
        Path tmp = dir.resolve(FILE_NAME + ".tmp");
        try (var out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(out, "the restore process of this request");
        }
        Files.move(tmp, dir.resolve(FILE_NAME), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The marker in {@code dir}; empty when there is none or it cannot be read. */
    static Optional<RestoreMarker> read(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Properties p = new Properties();
            p.load(in);
            return Optional.of(new RestoreMarker(p.getProperty("host", ""), Long.parseLong(p.getProperty("pid", "0")),
                    Instant.parse(p.getProperty("start", Instant.EPOCH.toString()))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The process, when it runs on this machine and is the one that was started (not a recycled id). */
    Optional<ProcessHandle> alive() {
        if (!host.equals(thisHost())) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(h -> h.info().startInstant().map(processStart::equals).orElse(false));
    }
}
