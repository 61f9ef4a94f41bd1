package jouvence.check;

import jouvence.JouvenceConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The staging folder: Jouvence must write there, the restore must read what it writes. A request's folder and archive
 * are made for real (with the configured permissions), looked at, and removed with any folder the check created: the
 * owner and group they get are the ones a real request's get.
 */
final class StagingItems {

    private StagingItems() {
    }

    static void check(JouvenceConfig config, String runAs, CheckReport report) {
        Path root = config.stagingDir().toAbsolutePath().normalize();
        String readSubject = "staging: readable by " + (runAs == null ? "the restore" : runAs);
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            report.skipped("staging: writable", "not a POSIX file system");
            return;
        }
        List<Path> created = new ArrayList<>();
        try {
            for (Path p = root; p != null && !Files.exists(p); p = p.getParent()) {
                created.add(0, p);
            }
            Files.createDirectories(root);
            Path dir = Files.createTempDirectory(root, ".jouvence-check-");
            created.add(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(config.stagingDirPermissions()));
            Path file = Files.writeString(dir.resolve("course-0.mbz"), "check", StandardCharsets.UTF_8);
            created.add(file);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(config.stagingFilePermissions()));
            report.ok("staging: writable", root + (created.size() > 2 ? " (missing: Jouvence creates it)" : ""));
            if (config.restoreDriver() == JouvenceConfig.RestoreDriverKind.KUBERNETES) {
                report.skipped(readSubject, "the restore Job reads it through its own volume: not checked from here");
            } else if (runAs == null) {
                report.ok(readSubject, "the restore runs as Jouvence's own user (" + System.getProperty("user.name")
                        + ")");
            } else {
                String problem = unreadable(runAs, root, dir, file, config.stagingDirPermissions());
                if (problem == null) {
                    report.ok(readSubject, "every folder above it lets " + runAs + " in, the request folders and "
                            + "archives are readable with " + config.stagingDirPermissions() + " / "
                            + config.stagingFilePermissions());
                } else {
                    report.failed(readSubject, problem + ": change jouvence.staging.dir-permissions or "
                            + ".file-permissions, or the folders' group");
                }
            }
        } catch (IOException | RuntimeException e) {
            report.failed("staging: writable", "cannot write in " + root + " (" + e + "): give Jouvence's user ("
                    + System.getProperty("user.name") + ") write access or change jouvence.staging.dir");
            report.needs(readSubject, "staging: writable");
        } finally {
            Collections.reverse(created);
            created.forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // left as it is: the report said what it could
                }
            });
        }
    }

    /** What keeps {@code user} from reading an archive, or null. The root gets the folders' permissions too. */
    private static String unreadable(String user, Path root, Path dir, Path file, String dirPermissions)
            throws IOException {
        Set<String> groups = groupsOf(user);
        if (groups == null) {
            return "no user " + user + " on this host (id " + user + " failed)";
        }
        for (Path p = root.getParent(); p != null; p = p.getParent()) {
            PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class);
            if (!permits(user, groups, a.owner().getName(), a.group().getName(), a.permissions(), 'x')) {
                return p + " (" + PosixFilePermissions.toString(a.permissions()) + ") does not let " + user + " in";
            }
        }
        PosixFileAttributes r = Files.readAttributes(root, PosixFileAttributes.class);
        Set<PosixFilePermission> rootPerms = PosixFilePermissions.fromString(dirPermissions);
        for (Path p : List.of(dir, file)) {
            PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class);
            boolean isDir = p == dir;
            if (isDir && !permits(user, groups, r.owner().getName(), r.group().getName(), rootPerms, 'x')) {
                return root + " with " + dirPermissions + " does not let " + user + " in";
            }
            if (!permits(user, groups, a.owner().getName(), a.group().getName(), a.permissions(), isDir ? 'x' : 'r')) {
                return (isDir ? "a request's folder" : "an archive") + " (owner " + a.owner().getName() + ", group "
                        + a.group().getName() + ", " + PosixFilePermissions.toString(a.permissions())
                        + ") is not readable by " + user;
            }
        }
        return null;
    }

    /** Whether the permissions give {@code user} {@code what} ('r' or 'x'), as the kernel decides: owner, group, others. */
    static boolean permits(String user, Set<String> groups, String owner, String group, Set<PosixFilePermission> perms,
                           char what) {
        String bits = PosixFilePermissions.toString(perms);
        int offset = user.equals(owner) ? 0 : groups.contains(group) ? 3 : 6;
        return bits.charAt(offset + (what == 'r' ? 0 : 2)) != '-';
    }

    /** The user's groups ({@code id -Gn}), or null when there is no such user. */
    private static Set<String> groupsOf(String user) throws IOException {
        Process id = new ProcessBuilder("id", "-Gn", user).redirectErrorStream(true).start();
        try {
            String out = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!id.waitFor(10, TimeUnit.SECONDS) || id.exitValue() != 0) {
                return null;
            }
            return new java.util.HashSet<>(List.of(out.split("\\s+")));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
