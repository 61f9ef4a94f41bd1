package jouvence.check;

import com.fasterxml.jackson.databind.JsonNode;
import jouvence.JouvenceConfig;
import jouvence.JouvenceConfig.MoodleSite;
import jouvence.moodle.MoodleClient;
import jouvence.moodle.MoodleException;
import jouvence.moodle.MoodleTransport;
import jouvence.privatefiles.moodle.OldPlatform;

import java.util.Map;

/**
 * The private files (issue 14), read-only: for each course server with a {@code private-files-token}, that the token
 * is accepted and its service offers the block's zip function with "Can download files" (one site-info call).
 */
final class PrivateFilesItems {

    private PrivateFilesItems() {
    }

    static void check(JouvenceConfig config, MoodleTransport transport, CheckReport report) {
        if (!config.privateFiles().enabled()) {
            report.skipped("private files", "jouvence.private-files.enabled is false");
            return;
        }
        for (MoodleSite s : config.servers().values()) {
            String subject = "server " + s.id() + ": private files";
            String token = config.privateFiles().serverTokens().get(s.id());
            if (token == null) {
                report.skipped(subject, "no jouvence.server." + s.id() + ".private-files-token: not offered");
                continue;
            }
            MoodleSite block = new MoodleSite(s.id(), s.url(), token, s.concurrency(), s.tlsVerify());
            try {
                JsonNode info = new MoodleClient(block, transport, config.callTimeout())
                        .call("core_webservice_get_site_info", Map.of());
                boolean zip = false;
                for (JsonNode f : info.path("functions")) {
                    zip |= OldPlatform.FN_ZIP.equals(f.path("name").asText());
                }
                if (!zip) {
                    report.failed(subject, "the token's service does not offer " + OldPlatform.FN_ZIP
                            + " (is it the block's service wsblockmyexternalprivatefiles?)");
                } else if (info.path("downloadfiles").asInt(0) != 1) {
                    report.failed(subject, "the token's service does not allow \"Can download files\"");
                } else {
                    report.ok(subject, "the block's token is accepted, its zip function and downloads are on");
                }
            } catch (MoodleException e) {
                report.failed(subject, e.getMessage() + " (check jouvence.server." + s.id() + ".private-files-token)");
            }
        }
    }
}
