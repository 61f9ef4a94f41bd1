package simulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** Private files on both sides, answered as the lab's real sites do (service/src/test/resources/privatefiles/private-files-facts.md). */
class PrivateFilesSimulatorTest extends SimulatorTestBase {

    static final String PFTOKEN = "PRIVATEFILESTOKEN000000000000003";

    private String zip(String username) throws Exception {
        server.privateFilesToken(PFTOKEN);
        return wsWithToken(server, PFTOKEN, MoodleSimulator.FN_PRIVATE_FILES_ZIP, "username", username);
    }

    private Resp fetch(String relativepath, String token) throws Exception {
        return post(server, MoodleSimulator.PRIVATE_FILES_DOWNLOAD_PATH + relativepath, "token", token);
    }

    @Test
    void teacher1sZipHasTheLabsTreeWithFoldersFirstAndUtf8Names() throws Exception {
        JsonNode z = JSON.readTree(zip("teacher1"));
        assertEquals("user", z.get("component").asText());
        assertEquals("draft", z.get("filearea").asText());
        assertEquals("myprivatefiles.zip", z.get("filename").asText());
        String rel = z.get("relativepath").asText();
        assertEquals("/" + z.get("contextid").asInt() + "/user/draft/" + z.get("itemid").asLong() + "/myprivatefiles.zip",
                rel);
        Resp d = fetch(rel, PFTOKEN);
        assertEquals(200, d.status());
        assertEquals("application/zip", d.header("Content-Type"));
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(d.body()), StandardCharsets.UTF_8)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                names.add(e.getName());
            }
        }
        assertTrue(names.containsAll(List.of("LISEZMOI.txt", "data/random-1MiB.bin", "notes/lecture 1.pdf",
                "projets/été 2024/rapport.txt", "projets/vide/")), names.toString());
        // each call makes a new draft item
        assertFalse(JSON.readTree(zip("teacher1")).get("itemid").asText().equals(z.get("itemid").asText()));
    }

    @Test
    void errorsOfTheZipFunctionAreTheRealOnes() throws Exception {
        server.clearPrivateFiles("teacher2");
        assertEquals("{\"exception\":\"Exception\",\"message\":\"No file found in your private file area\"}",
                zip("teacher2"));
        assertEquals("{\"exception\":\"invalid_parameter_exception\",\"errorcode\":\"invalidparameter\","
                + "\"message\":\"Invalid parameter value detected\"}", zip("nosuchuser"));
        assertEquals("{\"exception\":\"moodle_exception\",\"errorcode\":\"invalidtoken\","
                + "\"message\":\"Invalid token - token not found\"}", wsWithToken(server, "abc",
                MoodleSimulator.FN_PRIVATE_FILES_ZIP, "username", "teacher1"));
        assertTrue(wsWithToken(server, PFTOKEN, MoodleSimulator.FN_PRIVATE_FILES_INFO, "userid", "4")
                .contains("\"accessexception\""), "not in the block's service");
        server.denyCapability("block/my_external_privatefiles:can_create_draftuserfiles_for_other_users");
        assertTrue(zip("teacher1").contains("\"errorcode\":\"nopermissions\""));
    }

    @Test
    void downloadErrorsAreTheRealOnes() throws Exception {
        String rel = JSON.readTree(zip("teacher1")).get("relativepath").asText();
        Resp missing = fetch(rel.replace("myprivatefiles.zip", "nothere.zip"), PFTOKEN);
        assertEquals(404, missing.status());
        assertTrue(missing.text().startsWith("{\"error\":\"Sorry, the requested file could not be found\","
                + "\"errorcode\":\"filenotfound\""), missing.text());
        Resp badToken = fetch(rel, "abc123");
        assertEquals(200, badToken.status());
        assertTrue(badToken.text().contains("\"errorcode\":\"invalidtoken\""));
        Resp course = fetch("/1/course/draft/5/x.zip", PFTOKEN);
        assertEquals(200, course.status());
        assertEquals(0, course.body().length);
    }

    @Test
    void privateFilesInfoCountsFilesAndFolders() throws Exception {
        server.addServiceToken("USERDATATOKEN", "jouvence_userdata", false, MoodleSimulator.FN_PRIVATE_FILES_INFO);
        JsonNode info = JSON.readTree(wsWithToken(server, "USERDATATOKEN", MoodleSimulator.FN_PRIVATE_FILES_INFO,
                "userid", "4"));
        assertEquals(5, info.get("filecount").asInt());
        assertEquals(5, info.get("foldercount").asInt());
        assertTrue(info.get("filesize").asLong() > 1024 * 1024);
    }

    private String login(String username, String password) throws Exception {
        Resp r = post(client, MoodleSimulator.TOKEN_PATH, "username", username, "password", password,
                "service", MoodleSimulator.MOBILE_SERVICE);
        return JSON.readTree(r.text()).get("token").asText();
    }

    private JsonNode upload(String token, String itemid, String filepath, String filename, byte[] content)
            throws Exception {
        String b = "----simtest";
        StringBuilder head = new StringBuilder();
        head.append("--").append(b).append("\r\nContent-Disposition: form-data; name=\"token\"\r\n\r\n").append(token)
                .append("\r\n");
        if (itemid != null) {
            head.append("--").append(b).append("\r\nContent-Disposition: form-data; name=\"itemid\"\r\n\r\n")
                    .append(itemid).append("\r\n");
        }
        head.append("--").append(b).append("\r\nContent-Disposition: form-data; name=\"filepath\"\r\n\r\n")
                .append(filepath).append("\r\n");
        head.append("--").append(b).append("\r\nContent-Disposition: form-data; name=\"file_1\"; filename=\"")
                .append(filename).append("\"\r\nContent-Type: application/octet-stream\r\n\r\n");
        byte[] h = head.toString().getBytes(StandardCharsets.UTF_8);
        byte[] t = ("\r\n--" + b + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[h.length + content.length + t.length];
        System.arraycopy(h, 0, body, 0, h.length);
        System.arraycopy(content, 0, body, h.length, content.length);
        System.arraycopy(t, 0, body, h.length + content.length, t.length);
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(client.url()
                        + MoodleSimulator.UPLOAD_PATH)).header("Content-Type", "multipart/form-data; boundary=" + b)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        return JSON.readTree(r.body());
    }

    @Test
    void uploadThenAddPutsFilesInTheUsersOwnAreaOverwritingTheSamePath() throws Exception {
        String t = login("teacher1", "Teacher1!");
        JsonNode up = upload(t, null, "/projets/été 2024/", "a.txt", "hello\n".getBytes(StandardCharsets.UTF_8));
        assertEquals("/projets/été 2024/", up.get(0).get("filepath").asText());
        String draft = up.get(0).get("itemid").asText();
        JsonNode again = upload(t, draft, "/projets/été 2024/", "a.txt", new byte[1]);
        assertEquals("filenameexist", again.get(0).get("errortype").asText());
        assertEquals("null", wsWithToken(client, t, MoodleSimulator.FN_ADD_USER_PRIVATE_FILES, "draftid", draft));
        assertArrayEquals("hello\n".getBytes(StandardCharsets.UTF_8),
                client.privateFiles("teacher1").get("/projets/été 2024/a.txt"));
        assertTrue(client.privateFiles("teacher1").containsKey("/projets/"));
        String d2 = upload(t, null, "/projets/été 2024/", "a.txt", "changed\n".getBytes(StandardCharsets.UTF_8))
                .get(0).get("itemid").asText();
        wsWithToken(client, t, MoodleSimulator.FN_ADD_USER_PRIVATE_FILES, "draftid", d2);
        assertEquals("changed\n", new String(client.privateFiles("teacher1").get("/projets/été 2024/a.txt"),
                StandardCharsets.UTF_8));
        JsonNode root = JSON.readTree(wsWithToken(client, t, MoodleSimulator.FN_FILES_GET_FILES, "contextid", "-1",
                "component", "user", "filearea", "private", "itemid", "0", "filepath", "/", "filename", "",
                "contextlevel", "user", "instanceid", "3"));
        assertEquals("projets", root.get("files").get(0).get("filename").asText());
        assertTrue(root.get("files").get(0).get("isdir").asBoolean());
        assertTrue(wsWithToken(client, t, MoodleSimulator.FN_ADD_USER_PRIVATE_FILES, "draftid", "12345")
                .contains("Nothing to merge or area does not belong to current user"));
        assertTrue(wsWithToken(client, CTOKEN, MoodleSimulator.FN_ADD_USER_PRIVATE_FILES, "draftid", d2)
                .contains("accessexception"), "the integration token cannot write anyone's private files");
    }

    @Test
    void theQuotaRefusesTheWholeDraftAtTheAdd() throws Exception {
        client.userQuota(1000);
        String t = login("teacher1", "Teacher1!");
        String d1 = upload(t, null, "/", "f600", new byte[600]).get(0).get("itemid").asText();
        assertEquals("null", wsWithToken(client, t, MoodleSimulator.FN_ADD_USER_PRIVATE_FILES, "draftid", d1));
        JsonNode second = upload(t, null, "/", "g600", new byte[600]); // no quota check at upload
        assertEquals(600, second.get(0).get("filesize").asInt());
        assertEquals("{\"exception\":\"moodle_exception\",\"errorcode\":\"maxareabytes\",\"message\":\"The file is "
                + "larger than the space remaining in this area.\"}", wsWithToken(client, t,
                MoodleSimulator.FN_ADD_USER_PRIVATE_FILES, "draftid", second.get(0).get("itemid").asText()));
        assertFalse(client.privateFiles("teacher1").containsKey("/g600"));
    }
}
