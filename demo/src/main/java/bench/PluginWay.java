package bench;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The plugin's way of provisioning, reproduced as the benchmark's yardstick (/work/shared/owncloud/
 * collaborative-folders.md §2.2–2.4): nothing is made until a participant asks; each participant's request, one after
 * the other, checks the system account ({@code GET shares?path=/}), walks the folder's path segment by segment — a
 * {@code PROPFIND Depth: 1} of each parent, a second listing of the parent when a missing segment ends in
 * {@code (id N)} (the broken "rename by id"), a {@code MKCOL} for a missing one — then creates the share
 * ({@code POST}, multipart, permissions 31). On "already shared" (403) it asks for the existing share's path.
 * Left out: the participant's own {@code MOVE} to the name they chose (§2.5): one more call per share, with the
 * participant's token, which makes the plugin's way slower still.
 */
final class PluginWay {

    private static final Pattern HREF = Pattern.compile("<d:href>([^<]*)</d:href>");
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String base;
    private final String user;
    private final String auth;

    PluginWay(String cloudUrl, String user, String appPassword) {
        this.base = cloudUrl.replaceAll("/+$", "");
        this.user = user;
        this.auth = "Basic " + Base64.getEncoder().encodeToString((user + ":" + appPassword)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** §2.2: the base path of an activity (system → category → course → module, then the literal segment). */
    static List<String> basePath(String site, int courseId, String course, int cmid, String activity) {
        return List.of("System (" + site + ")", "Category Miscellaneous (id 1)",
                "Course " + course + " (id " + courseId + ")",
                "Collaborative folder " + activity + " (id " + cmid + ")",
                "mod_collaborativefolders");
    }

    /** §2.2 step 6: {@code <group name>_id_<groupid>}, PHP-urlencoded, the encoded string being the folder's name. */
    static String groupFolder(String groupName, int groupId) {
        return URLEncoder.encode(groupName + "_id_" + groupId, StandardCharsets.UTF_8);
    }

    /** One participant's share request (§2.4), sequential as the plugin's controller runs it. */
    void request(List<String> path, String shareWith) throws Exception {
        send(ocs("GET", "?format=xml&path=/&reshares=0&subfiles=0", null)); // verify_system_access
        for (int i = 0; i < path.size(); i++) { // make_folder (§2.3.2)
            List<String> parent = path.subList(0, i);
            String segment = path.get(i);
            if (!listed(parent, segment)) {
                if (segment.matches(".* \\(id \\d+\\)$")) {
                    listed(parent, segment); // the rename by id lists the parent again (and never matches)
                }
                send(dav("MKCOL", path.subList(0, i + 1)));
            }
        }
        String sharePath = "/" + String.join("/", path);
        HttpResponse<String> created = send(ocs("POST", "?format=xml", multipart(sharePath, shareWith)));
        if (created.body().contains("<statuscode>403</statuscode>")) { // already shared: get_existing_share_path
            send(ocs("GET", "?format=xml&path=" + URLEncoder.encode(sharePath, StandardCharsets.UTF_8)
                    + "&reshares=0&subfiles=0", null));
        } else if (!created.body().contains("<status>ok</status>")) {
            throw new IllegalStateException("share of " + sharePath + " with " + shareWith + ": " + created.body());
        }
    }

    private boolean listed(List<String> parent, String segment) throws Exception {
        HttpResponse<String> r = send(dav("PROPFIND", parent).header("Depth", "1"));
        if (r.statusCode() != 207) {
            return false;
        }
        Matcher m = HREF.matcher(r.body());
        while (m.find()) {
            String href = m.group(1).replaceAll("/+$", "");
            String name = URLDecoder.decode(href.substring(href.lastIndexOf('/') + 1).replace("+", "%2B"),
                    StandardCharsets.UTF_8);
            if (name.equals(segment)) {
                return true; // the simulator lists only folders on these paths: resourcetype collection
            }
        }
        return false;
    }

    private HttpRequest.Builder dav(String method, List<String> segments) {
        StringBuilder p = new StringBuilder("/remote.php/dav/files/").append(user);
        for (String s : segments) {
            p.append('/').append(URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        if (segments.isEmpty()) {
            p.append('/');
        }
        return HttpRequest.newBuilder(URI.create(base + p)).method(method, HttpRequest.BodyPublishers.noBody())
                .header("Authorization", auth);
    }

    private HttpRequest.Builder ocs(String method, String query, byte[] multipart) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/ocs/v1.php/apps/files_sharing/api/v1/shares"
                + query)).header("Authorization", auth).header("OCS-APIRequest", "true");
        if (multipart == null) {
            return b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return b.header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(multipart));
    }

    private static final String BOUNDARY = "----pluginway";

    private static byte[] multipart(String path, String shareWith) {
        List<String[]> fields = new ArrayList<>(List.of(new String[]{"path", path}, new String[]{"shareType", "0"},
                new String[]{"shareWith", shareWith}, new String[]{"permissions", "31"}));
        StringBuilder b = new StringBuilder();
        for (String[] f : fields) {
            b.append("--").append(BOUNDARY).append("\r\nContent-Disposition: form-data; name=\"").append(f[0])
                    .append("\"\r\n\r\n").append(f[1]).append("\r\n");
        }
        b.append("--").append(BOUNDARY).append("--\r\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
