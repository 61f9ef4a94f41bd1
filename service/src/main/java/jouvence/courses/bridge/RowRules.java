package jouvence.courses.bridge;

import jouvence.JouvenceConfig;
import jouvence.courses.EnrolmentMode;
import jouvence.courses.NewRestore;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rules that turn a row of the block's queue into a restore request: a known, not deleted Moodle user, a server
 * URL Jouvence knows, sensible numbers; or the reasons why not, in the admins' words.
 */
public class RowRules {

    /** The request a row asks for, or (when {@code refusal} is set) why there is none. */
    public record Decision(String username, NewRestore restore, String refusal) {
    }

    private final Map<String, URI> servers = new LinkedHashMap<>();
    private final BridgeText text;

    RowRules(JouvenceConfig config, BridgeText text) {
        config.servers().forEach((id, site) -> servers.put(id, URI.create(site.url())));
        this.text = text;
    }

    /**
     * @param user the row's user as read from {@code {prefix}user} (username, deleted), null when there is none or
     *             the row names no user
     */
    Decision decide(BlockRow row, Map<String, ?> user) {
        List<String> problems = new ArrayList<>();
        String username = null;
        if (row.userid() <= 0) {
            problems.add(text.t("bridge.reason.noUser"));
        } else {
            username = username(user).orElse(null);
            if (username == null) {
                problems.add(text.f("bridge.reason.unknownUser", row.userid()));
            }
        }
        String serverId = serverFor(row.url()).orElse(null);
        if (serverId == null) {
            problems.add(text.f("bridge.reason.unknownServer", row.url().strip()));
        }
        if (row.courseId() <= 0 || row.category() < 0 || !EnrolmentMode.isCode(row.enrolmentMode())) {
            problems.add(text.f("bridge.reason.invalid", row.courseId(), row.category(), row.enrolmentMode()));
        }
        if (!problems.isEmpty()) {
            return new Decision(username, null, String.join("; ", problems));
        }
        String name = row.courseName() == null || row.courseName().isBlank() ? null : row.courseName().strip();
        return new Decision(username, new NewRestore(serverId, row.courseId(), name, username, row.withUserData() != 0,
                EnrolmentMode.of(row.enrolmentMode()), row.category() == 0 ? "default" : Long.toString(row.category()),
                Long.toString(row.id())), null);
    }

    /** The username of a Moodle user who exists and is not deleted. */
    static Optional<String> username(Map<String, ?> user) {
        if (user == null || BlockRow.number(user, "deleted") != 0) {
            return Optional.empty();
        }
        return Optional.ofNullable((String) user.get("username")).filter(u -> !u.isBlank());
    }

    /** The configured server whose URL is the row's, normalised (blanks, trailing slashes, case of scheme and host). */
    Optional<String> serverFor(String url) {
        URI asked;
        try {
            asked = URI.create(JouvenceConfig.normaliseUrl(url));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return servers.entrySet().stream().filter(s -> sameSite(s.getValue(), asked)).map(Map.Entry::getKey)
                .findFirst();
    }

    static boolean sameSite(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme())
                && String.valueOf(a.getHost()).equalsIgnoreCase(String.valueOf(b.getHost()))
                && port(a) == port(b)
                && pathOf(a).equals(pathOf(b));
    }

    private static int port(URI u) {
        return u.getPort() != -1 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    private static String pathOf(URI u) {
        return u.getRawPath() == null ? "" : u.getRawPath();
    }
}
