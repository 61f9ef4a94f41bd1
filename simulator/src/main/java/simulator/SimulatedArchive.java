package simulator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Moodle backup archives (.mbz) for the simulator: the two real archives recorded from Moodle 4.4, broken bytes,
 * and what the other archive classes share. Synthetic archives: {@link SyntheticArchive}; what the simulated restore
 * reads: {@link ArchiveInspector}.
 */
final class SimulatedArchive {

    /** Real archive of server course 2 (OLD-BIO101) without user data. */
    static final String COURSE2_NO_USERDATA = "course2-bio101-nouserdata.mbz";
    /** Real archive of server course 3 (OLD-CHEM201) with user data. */
    static final String COURSE3_WITH_USERDATA = "course3-chem201-withuserdata.mbz";

    static final String MOODLE_RELEASE = "4.4.3+ (Build: 20240903)";
    static final String MOODLE_VERSION = "2024042203.01";
    private static final ConcurrentHashMap<String, byte[]> REAL_CACHE = new ConcurrentHashMap<>();

    private SimulatedArchive() {
    }

    /** Size and SHA-1 (Moodle's contenthash, served as Etag) of a written file. */
    record Written(long size, String sha1) {
    }

    /** What the simulated restore reads from an archive. */
    record Inspection(int originalCourseId, String fullname, String shortname, boolean withUserData, String release,
                      String summary, long startdate) {
    }

    /** Course facts written into a synthetic archive. */
    record CourseFacts(int id, String shortname, String fullname, String idnumber, String summary, long startdate,
                       int categoryId, String categoryName, int contextId, String wwwroot) {
    }

    // ------------------------------------------------------------------ real archives

    /**
     * Bytes of one of the real archives: classpath {@code /simulator/archives/NAME} (the simulator's jar), then
     * {@code /archives/NAME}, then the file {@code src/main/resources/simulator/archives/NAME}.
     * Returns null when none is found.
     */
    static byte[] realArchive(String name) {
        byte[] cached = REAL_CACHE.get(name);
        if (cached != null) {
            return cached;
        }
        byte[] bytes = null;
        for (String res : new String[] {"/simulator/archives/" + name, "/archives/" + name}) {
            try (InputStream in = SimulatedArchive.class.getResourceAsStream(res)) {
                if (in != null) {
                    bytes = in.readAllBytes();
                    break;
                }
            } catch (IOException ignored) {
                // try next location
            }
        }
        if (bytes == null) {
            Path p = Path.of("src", "main", "resources", "simulator", "archives", name);
            try {
                if (Files.isReadable(p)) {
                    bytes = Files.readAllBytes(p);
                }
            } catch (IOException ignored) {
                // not available
            }
        }
        if (bytes != null) {
            REAL_CACHE.put(name, bytes);
        }
        return bytes;
    }

    static Written writeBytes(byte[] bytes, Path target) throws IOException {
        Files.write(target, bytes);
        return new Written(bytes.length, sha1Hex(bytes));
    }

    /** Bytes that are neither gzip nor zip (what a broken proxy or a PHP notice would leave). */
    static byte[] garbage() {
        byte[] b = new byte[4096];
        new SplittableRandom(42).nextBytes(b);
        byte[] head = "NOT-AN-ARCHIVE\n".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, b, 0, head.length);
        return b;
    }

    static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha1Hex(byte[] b) {
        return HexFormat.of().formatHex(sha1().digest(b));
    }
}
