package jouvence.check;

import jouvence.JouvenceConfig;
import jouvence.courses.restore.KubernetesRestoreJob;
import jouvence.courses.restore.RestoreTemplate;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether the restore can be started: the process driver's program found and executable (through a {@code runuser}
 * or {@code sudo} prefix, whose user then reads the staging folder), the runner file present; for the Kubernetes
 * driver, the Job template read and checked as at start-up (the cluster itself is not contacted).
 */
final class RestoreItems {

    /** The program a command runs and the user it runs as (null: Jouvence's own user). */
    record Launch(String program, String runAs) {
    }

    private RestoreItems() {
    }

    /** @return the user the restore runs as, when the process driver's command names one */
    static Optional<String> check(JouvenceConfig config, CheckReport report) {
        if (config.restoreDriver() == JouvenceConfig.RestoreDriverKind.KUBERNETES) {
            Path template = config.restoreJob().template();
            try {
                KubernetesRestoreJob.loadTemplate(template, config.restoreJob().container());
                report.ok("restore: Job template", template + " read and checked (kubernetes driver; the cluster, its"
                        + " namespace and Jouvence's permissions there are not contacted)");
            } catch (RuntimeException e) {
                report.failed("restore: Job template", e.getMessage() + " (jouvence.restore.kubernetes.job-template)");
            }
            return Optional.empty();
        }
        String command = config.restoreWorkerCommand().isEmpty() ? config.restoreCommand() : config.restoreWorkerCommand();
        String key = config.restoreWorkerCommand().isEmpty() ? "jouvence.restore.command"
                : "jouvence.restore.worker-command";
        Launch launch;
        List<String> argv;
        try {
            argv = argv(command, config.restorePlaceholders());
            launch = launch(argv);
        } catch (IllegalArgumentException e) {
            report.failed("restore: command", e.getMessage() + " (" + key + ")");
            return Optional.empty();
        }
        if (!argv.get(0).equals(launch.program()) && executable(argv.get(0)).isEmpty()) {
            report.failed("restore: command", argv.get(0) + " is not an executable file: install it or fix " + key);
            return Optional.ofNullable(launch.runAs());
        }
        Optional<Path> found = executable(launch.program());
        String as = launch.runAs() == null ? "" : ", run as " + launch.runAs();
        if (found.isPresent()) {
            report.ok("restore: command", launch.program() + (found.get().toString().equals(launch.program())
                    ? " is executable" : " found at " + found.get()) + as);
        } else {
            report.failed("restore: command", launch.program() + " is not an executable file"
                    + (launch.program().contains("/") ? "" : " on the PATH") + ": install it or fix " + key);
        }
        if (command.contains("{runner}")) {
            Path runner = Path.of(config.restorePlaceholders().get("runner"));
            if (Files.isRegularFile(runner)) {
                report.ok("restore: runner", runner + " present");
            } else {
                report.failed("restore: runner", runner + " does not exist: set jouvence.restore.runner to "
                        + "jouvence-restore.php (in the image at /app/moodle/)");
            }
        }
        return Optional.ofNullable(launch.runAs());
    }

    /** The command's arguments with the configuration's placeholders and stand-ins for a request's. */
    static List<String> argv(String command, Map<String, String> fixed) {
        Map<String, String> request = new HashMap<>();
        RestoreTemplate.REQUEST_PLACEHOLDERS.forEach(name -> request.put(name, "0"));
        return new RestoreTemplate(command, fixed).argv(request);
    }

    /** Looks through {@code runuser [-u USER] [--] program} and {@code sudo [-u USER] [--] program}. */
    static Launch launch(List<String> argv) {
        String first = Path.of(argv.get(0)).getFileName().toString();
        if (!first.equals("runuser") && !first.equals("sudo")) {
            return new Launch(argv.get(0), null);
        }
        String user = null;
        for (int i = 1; i < argv.size(); i++) {
            String a = argv.get(i);
            if ((a.equals("-u") || a.equals("--user")) && i + 1 < argv.size()) {
                user = argv.get(++i);
            } else if (a.startsWith("--user=")) {
                user = a.substring("--user=".length());
            } else if (a.equals("--")) {
                if (i + 1 < argv.size()) {
                    return new Launch(argv.get(i + 1), user);
                }
            } else if (!a.startsWith("-")) {
                return new Launch(a, user);
            }
        }
        throw new IllegalArgumentException(first + " is given no program to run");
    }

    /** The program as the process driver would find it: a path, or a name on the PATH. */
    static Optional<Path> executable(String program) {
        if (program.contains("/")) {
            Path p = Path.of(program);
            return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        String path = System.getenv("PATH");
        for (String dir : (path == null ? "" : path).split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
