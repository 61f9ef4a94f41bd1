package jouvence.check;

import com.fasterxml.jackson.databind.JsonNode;
import jouvence.JouvenceConfig;
import jouvence.JouvenceConfig.MoodleSite;
import jouvence.moodle.MoodleClient;
import jouvence.moodle.MoodleException;
import jouvence.moodle.MoodleSites;
import jouvence.moodle.MoodleTransport;
import jouvence.userdata.moodle.NewPlatform;
import jouvence.userdata.moodle.OldPlatform;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Profile and preferences (issue 14), when jouvence.user-data.enabled: each server's user-data token answers and its
 * service offers users by field, preferences and site info; the new platform's integration service offers
 * core_user_update_users and core_user_set_user_preferences. Site info only: nothing is written.
 */
final class UserDataItems {

    private UserDataItems() {
    }

    static void check(JouvenceConfig config, MoodleTransport http, MoodleSites sites, CheckReport report) {
        if (!config.userData().enabled()) {
            report.skipped("user data", "jouvence.user-data.enabled is false");
            return;
        }
        config.userData().serverTokens().forEach((id, token) -> {
            MoodleSite site = config.site(id);
            MoodleClient client = new MoodleClient(new MoodleSite(id, site.url(), token, 1, site.tlsVerify()), http,
                    config.callTimeout());
            functions("server " + id + ": user-data token", client, OldPlatform.FUNCTIONS,
                    "jouvence.server." + id + ".user-data-token", report);
        });
        functions("client: user-data functions", sites.client(JouvenceConfig.CLIENT_ID),
                Set.of(NewPlatform.UPDATE_USERS, NewPlatform.SET_PREFERENCES), "jouvence.client.token", report);
    }

    private static void functions(String subject, MoodleClient client, Set<String> needed, String key,
                                  CheckReport report) {
        try {
            JsonNode info = client.call(MoodleSites.SITE_INFO, Map.of());
            Set<String> offered = new TreeSet<>();
            info.path("functions").forEach(f -> offered.add(f.path("name").asText()));
            List<String> missing = needed.stream().filter(f -> !offered.contains(f)).sorted().toList();
            if (missing.isEmpty()) {
                report.ok(subject, "accepted by '" + info.path("sitename").asText() + "' as "
                        + info.path("username").asText() + ", offering " + String.join(", ", new TreeSet<>(needed))
                        + (offered.contains(OldPlatform.TOOL_GET) ? " and " + OldPlatform.TOOL_GET : ""));
            } else {
                report.failed(subject, "the token's service lacks " + String.join(", ", missing) + ": add them to its "
                        + "external service (Site administration > Server > Web services > External services)");
            }
        } catch (MoodleException e) {
            report.failed(subject, e.getMessage() + " (" + key + ")");
        }
    }
}
