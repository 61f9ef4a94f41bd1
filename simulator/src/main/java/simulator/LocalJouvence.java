package simulator;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The properties of a Jouvence wired to simulated Moodles on this machine: for the demo, the tests and the benchmarks.
 * Everything on 127.0.0.1; the restore runs the simulator's stand-in for Moodle's CLI.
 */
public final class LocalJouvence {

    private LocalJouvence() {
    }

    /**
     * @param servers course servers by id (their tokens are the simulators' valid tokens)
     */
    public static Map<String, String> properties(String jdbcUrl, int smtpPort, int apiPort, int managementPort,
                                                 String apiToken, Path staging, MoodleSimulator client,
                                                 Map<String, MoodleSimulator> servers) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("jouvence.db.url", jdbcUrl);
        p.put("jouvence.db.username", "postgres");
        p.put("jouvence.api.token", apiToken);
        p.put("camel.server.host", "127.0.0.1");
        p.put("camel.server.port", Integer.toString(apiPort));
        p.put("camel.management.host", "127.0.0.1");
        p.put("camel.management.port", Integer.toString(managementPort));
        p.put("jouvence.servers", String.join(",", servers.keySet()));
        servers.forEach((id, server) -> {
            p.put("jouvence.server." + id + ".url", server.url());
            p.put("jouvence.server." + id + ".token", server.token());
        });
        p.put("jouvence.client.url", client.url());
        p.put("jouvence.client.token", client.token());
        p.put("jouvence.client.default-category-id", "2");
        p.put("jouvence.restore.command", client.restoreCommandTemplate());
        p.put("jouvence.staging.dir", staging.toString());
        // the watched import folder beside the staging directory, never in the working directory
        p.put("jouvence.import.dir", staging.resolveSibling(staging.getFileName() + "-import").toString());
        p.put("jouvence.mail.smtp.host", "127.0.0.1");
        p.put("jouvence.mail.smtp.port", Integer.toString(smtpPort));
        p.put("jouvence.mail.admins", "moodle-admins@univ.example");
        p.put("jouvence.mail.from", "jouvence@univ.example");
        p.put("jouvence.mail.poll-interval", "500"); // mails out at once, not after the 5 s of production
        return p;
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }
}
