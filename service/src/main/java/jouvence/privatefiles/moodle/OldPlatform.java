package jouvence.privatefiles.moodle;

import com.fasterxml.jackson.databind.JsonNode;
import jouvence.JouvenceConfig.MoodleSite;
import jouvence.moodle.MoodleClient;
import jouvence.moodle.MoodleException;
import jouvence.moodle.MoodleTransport;
import jouvence.privatefiles.PrivateFilesConfig;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The course server's side: block_my_external_privatefiles' zip function with the block's own token (never the
 * course token), its download script, and core_user_get_private_files_info with the user-data token when one is set.
 */
public class OldPlatform {

    public static final String FN_ZIP = "block_my_external_privatefiles_get_private_files_zip";
    public static final String FN_INFO = "core_user_get_private_files_info";
    public static final String FN_USERS_BY_FIELD = "core_user_get_users_by_field";
    public static final String DOWNLOAD_PATH = "/blocks/my_external_privatefiles/get_user_draft_file_webservice.php";
    /** The block's answer when the person has no private file: nothing to copy, not an error. */
    public static final String NO_FILE = "No file found in your private file area";

    /** Where the old platform put the person's zip: a path below {@link #DOWNLOAD_PATH}. */
    public record ZipLocation(String relativePath) {
    }

    /** File count and size as core_user_get_private_files_info says. */
    public record Info(long fileCount, long folderCount, long size) {
    }

    private final Function<String, MoodleSite> sites;
    private final PrivateFilesConfig config;
    private final Map<String, String> userDataTokens;
    private final MoodleTransport transport;
    private final Duration callTimeout;

    /**
     * @param sites          the configured course server of an id (its URL; the token is replaced by the block's)
     * @param userDataTokens the servers' user-data tokens (jouvence.userdata.UserDataConfig#serverTokens), used only to
     *                       show a person's file count and size
     */
    public OldPlatform(Function<String, MoodleSite> sites, PrivateFilesConfig config,
                       Map<String, String> userDataTokens, MoodleTransport transport, Duration callTimeout) {
        this.sites = sites;
        this.config = config;
        this.userDataTokens = userDataTokens;
        this.transport = transport;
        this.callTimeout = callTimeout;
    }

    /** The server's site with the block's token. */
    public MoodleSite blockSite(String serverId) {
        MoodleSite s = sites.apply(serverId);
        String token = config.serverTokens().get(serverId);
        if (token == null) {
            throw new IllegalArgumentException("course server " + serverId + " has no private-files token");
        }
        return new MoodleSite(s.id(), s.url(), token, s.concurrency(), s.tlsVerify());
    }

    /** Asks for the person's zip; empty when they have no private file. */
    public Optional<ZipLocation> zip(String serverId, String username) throws MoodleException {
        try {
            JsonNode z = new MoodleClient(blockSite(serverId), transport, callTimeout)
                    .call(FN_ZIP, Map.of("username", username));
            String rel = z.path("relativepath").asText("");
            if (!rel.matches("/\\d+/user/draft/\\d+/[^/]+\\.zip")) {
                throw new MoodleException(serverId, "unexpected-answer", MoodleException.Kind.TRANSIENT, serverId
                        + ": " + FN_ZIP + " answered no usable relativepath");
            }
            return Optional.of(new ZipLocation(rel));
        } catch (MoodleException e) {
            if (e.getMessage() != null && e.getMessage().contains(NO_FILE)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The download script's form (the token in the body, never in the URL). */
    public String downloadForm(String serverId) {
        return "token=" + java.net.URLEncoder.encode(blockSite(serverId).token(), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The person's file count and size, when the server has a user-data token; empty otherwise or on any fault. */
    public Optional<Info> info(String serverId, String username) {
        String token = userDataTokens.get(serverId);
        if (token == null) {
            return Optional.empty();
        }
        MoodleSite s = sites.apply(serverId);
        MoodleClient c = new MoodleClient(new MoodleSite(s.id(), s.url(), token, s.concurrency(), s.tlsVerify()),
                transport, callTimeout);
        try {
            JsonNode users = c.call(FN_USERS_BY_FIELD, Map.of("field", "username", "values[0]", username));
            if (!users.isArray() || users.isEmpty()) {
                return Optional.empty();
            }
            JsonNode i = c.call(FN_INFO, Map.of("userid", users.get(0).path("id").asText()));
            return Optional.of(new Info(i.path("filecount").asLong(), i.path("foldercount").asLong(),
                    i.path("filesize").asLong()));
        } catch (MoodleException e) {
            return Optional.empty(); // the page then shows the button alone
        }
    }

    /** The server's site name (site info with the block's token), or its id when it cannot be asked. */
    public String siteName(String serverId) {
        try {
            String name = new MoodleClient(blockSite(serverId), transport, callTimeout)
                    .call("core_webservice_get_site_info", Map.of()).path("sitename").asText("");
            return name.isBlank() ? serverId : name;
        } catch (MoodleException | RuntimeException e) {
            return serverId;
        }
    }
}
