package simulator;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import simulator.MoodleSimulator.Role;

/**
 * Users' private files and draft areas of one simulated site, and the extra services (token → functions) a site may
 * have beside its integration service: the old platform's {@code wsblockmyexternalprivatefiles} and a user-data
 * service. Paths are Moodle's {@code filepath + filename}: {@code /notes/lecture 1.pdf} for a file,
 * {@code /projets/vide/} for a folder. Guarded by the {@link SiteState} monitor.
 */
final class PrivateFileStore {

    /** Moodle's default {@code $CFG->userquota}: 100 MiB. */
    static final long DEFAULT_USER_QUOTA = 104857600L;

    /** A web-service token of another service than the integration one. */
    record ExtraService(String shortname, java.util.List<String> functions, boolean downloadFiles) {
    }

    /** A draft area: its owner (a user id) and its files. */
    record Draft(int owner, TreeMap<String, byte[]> files) {
    }

    final Map<String, ExtraService> extraServices = new LinkedHashMap<>();
    final Map<Integer, TreeMap<String, byte[]>> privateFiles = new HashMap<>(); // by user id
    final Map<Long, Draft> drafts = new HashMap<>();
    /** Bytes a test made the zip function answer instead of a real zip, by username. */
    final Map<String, byte[]> zipOverrides = new HashMap<>();
    long userQuota;
    long nextItemId;

    /** Back to the initial data (caller holds the site's monitor). */
    void load(Role role, SiteState site) {
        extraServices.clear();
        privateFiles.clear();
        drafts.clear();
        zipOverrides.clear();
        userQuota = DEFAULT_USER_QUOTA;
        nextItemId = 400000000L;
        if (role == Role.COURSE_SERVER) {
            User t = site.findUser("teacher1");
            privateFiles.put(t.id, teacher1Files());
        }
    }

    /** teacher1's private files on the lab's old site: nested folders, a non-ASCII name, 1 MiB, an empty folder. */
    static TreeMap<String, byte[]> teacher1Files() {
        TreeMap<String, byte[]> f = new TreeMap<>();
        f.put("/LISEZMOI.txt", "Fichiers personnels de teacher1.\n".getBytes(StandardCharsets.UTF_8));
        f.put("/data/", new byte[0]);
        byte[] random = new byte[1024 * 1024];
        new Random(42).nextBytes(random);
        f.put("/data/random-1MiB.bin", random);
        f.put("/notes/", new byte[0]);
        f.put("/notes/lecture 1.pdf", "%PDF-1.4 lecture 1\n".getBytes(StandardCharsets.UTF_8));
        f.put("/notes/lecture 2.pdf", "%PDF-1.4 lecture 2\n".getBytes(StandardCharsets.UTF_8));
        f.put("/projets/", new byte[0]);
        f.put("/projets/été 2024/", new byte[0]);
        f.put("/projets/été 2024/rapport.txt", "Rapport d'été.\n".getBytes(StandardCharsets.UTF_8));
        f.put("/projets/vide/", new byte[0]);
        return f;
    }

    TreeMap<String, byte[]> filesOf(int userId) {
        return privateFiles.computeIfAbsent(userId, k -> new TreeMap<>());
    }

    /** Sum of the sizes of a set of files (folders count 0). */
    static long size(Map<String, byte[]> files) {
        return files.values().stream().mapToLong(b -> b.length).sum();
    }

    long newItemId() {
        return ++nextItemId;
    }
}
