package jouvence.folders.cloud;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A user share of the OCS API (doc §4.2) as the system account sees it.
 *
 * @param path        the shared node in the owner's files, relative to the root, no leading slash
 * @param permissions the permissions granted (compare with those asked: the server may clamp them)
 * @param fileSource  the shared node's file id (a participant's mount of it has the same {@code oc:fileid})
 * @param fileTarget  where the share is mounted in the recipient's files ("/Team A", "/Shares/Team A (2)"); in a
 *                    create answer, where the server meant to mount it
 */
public record Share(long id, int shareType, String path, String shareWith, int permissions, long fileSource,
                    String fileTarget) {

    static Share of(JsonNode n) {
        return new Share(Long.parseLong(n.path("id").asText()), n.path("share_type").asInt(-1),
                DavXml.trimSlashes(n.path("path").asText("")), n.path("share_with").asText(""),
                n.path("permissions").asInt(), n.path("file_source").asLong(-1), n.path("file_target").asText(""));
    }
}
