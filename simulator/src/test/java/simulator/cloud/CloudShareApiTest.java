package simulator.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.JsonNode;

/** The OCS share API v1/v2 (create, refusals, list, get, delete) and where shares land, for both flavours. */
class CloudShareApiTest extends CloudTestBase {

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void createAnswersTheShareAndV1V2DifferOnlyInStatuses(Flavour f) throws Exception {
        start(f);
        long id = sim.mkdirs(SYS, "/Set/Team A");
        JsonNode data = shareV2("/Set/Team A", "alice");
        assertEquals("alice", data.get("share_with").asText());
        assertEquals(31, data.get("permissions").asInt());
        assertEquals("/Team A", data.get("file_target").asText());
        assertEquals("/Set/Team A", data.get("path").asText());
        assertEquals(id, data.get("file_source").asLong());
        assertEquals("folder", data.get("item_type").asText());
        assertEquals(sim.shares().get(0).id(), data.get("id").asLong());

        Resp v1 = ocs("POST", SHARES_V1, sys(), "path", "/Set/Team A", "shareType", "0", "shareWith", "bob",
                "permissions", "31");
        assertEquals(200, v1.status());
        assertEquals("application/xml; charset=utf-8", v1.header("Content-Type"));
        assertTrue(v1.body().contains("<status>ok</status>") && v1.body().contains("<statuscode>100</statuscode>"));
        assertTrue(v1.body().contains("<file_target>/Team A</file_target>"), v1.body());

        Resp again1 = ocs("POST", SHARES_V1 + "?format=json", sys(), "path", "/Set/Team A", "shareType", "0",
                "shareWith", "bob");
        assertEquals(200, again1.status()); // v1: HTTP 200 for everything but 401
        assertEquals(403, again1.json().at("/ocs/meta/statuscode").asInt());
        String already = f.alreadyShared("Team A", "Bob Durand");
        assertEquals(already, again1.json().at("/ocs/meta/message").asText());
        assertEquals("failure", again1.json().at("/ocs/meta/status").asText());
        Resp again2 = ocs("POST", SHARES_V2 + "?format=json", sys(), "path", "/Set/Team A", "shareType", "0",
                "shareWith", "bob");
        assertEquals(403, again2.status());
        assertEquals(403, again2.json().at("/ocs/meta/statuscode").asInt());
        assertEquals(f == Flavour.NEXTCLOUD ? "Sharing Team A failed, because this item is already shared with the "
                + "account Bob Durand" : "Path already shared with this user", again2.json().at("/ocs/meta/message")
                .asText());

        Resp noPath = ocs("POST", SHARES_V2 + "?format=json", sys(), "path", "/Nope", "shareType", "0",
                "shareWith", "bob");
        Resp noUser = ocs("POST", SHARES_V2 + "?format=json", sys(), "path", "/Set/Team A", "shareType", "0",
                "shareWith", "nobody");
        assertEquals(404, noPath.status());
        assertEquals(404, noUser.status());
        assertEquals(f.wrongPath, noPath.json().at("/ocs/meta/message").asText());
        assertEquals(f.invalidUser, noUser.json().at("/ocs/meta/message").asText());
        assertEquals(2, sim.shares().size());
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void refusalsPolicyDisabledAndClampedPermissions(Flavour f) throws Exception {
        start(f);
        sim.mkdirs(SYS, "/Set/Team A");
        sim.refuseSharesWith("alice", "");
        Resp policy = ocs("POST", SHARES_V2 + "?format=json", sys(), "path", "/Set/Team A", "shareType", "0",
                "shareWith", "alice");
        assertEquals(403, policy.status());
        assertEquals(f.groupMembersOnly, policy.json().at("/ocs/meta/message").asText());
        sim.refuseSharesWith("alice", null);

        sim.disableSharing(true);
        Resp off = ocs("POST", SHARES_V2 + "?format=json", sys(), "path", "/Set/Team A", "shareType", "0",
                "shareWith", "alice");
        assertEquals(f == Flavour.NEXTCLOUD ? 403 : 404, off.status());
        assertEquals(f.sharingDisabledMessage(), off.json().at("/ocs/meta/message").asText());
        sim.disableSharing(false);

        sim.maxSharePermissions(15);
        JsonNode granted = shareV2("/Set/Team A", "alice");
        assertEquals(15, granted.get("permissions").asInt());
        assertEquals(15, sim.shares().get(0).permissions());
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void authAndTheOcsApiRequestHeader(Flavour f) throws Exception {
        start(f);
        Resp wrong = ocs("GET", SHARES_V1, basic(SYS, "nope"));
        assertEquals(401, wrong.status());
        assertTrue(wrong.body().contains("<statuscode>997</statuscode>"), wrong.body());
        assertTrue(wrong.body().contains("<message>" + f.ocsUnauthorised + "</message>"));
        Resp noHeader = call("GET", SHARES_V2 + "?format=json", sys(), null);
        if (f == Flavour.NEXTCLOUD) {
            assertEquals(412, noHeader.status());
            assertEquals("{\"message\":\"CSRF check failed\"}", noHeader.body());
        } else {
            assertEquals(401, noHeader.status());
            assertEquals(997, noHeader.json().at("/ocs/meta/statuscode").asInt());
        }
        Resp ok = ocs("GET", SHARES_V2 + "?format=json", sys());
        assertEquals(200, ok.status());
        assertEquals(200, ok.json().at("/ocs/meta/statuscode").asInt());
        assertEquals(0, ok.json().at("/ocs/data").size());
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void listByPathSubfilesAllAndDelete(Flavour f) throws Exception {
        start(f);
        sim.mkdirs(SYS, "/Set/Team A");
        sim.mkdirs(SYS, "/Set/Team B");
        sim.mkdirs(SYS, "/Other");
        shareV2("/Set/Team A", "alice");
        shareV2("/Set/Team B", "bob");
        shareV2("/Set", "bob");
        long other = shareV2("/Other", "alice").get("id").asLong();

        JsonNode sub = ocs("GET", SHARES_V2 + "?format=json&path=%2FSet&reshares=true&subfiles=true", sys()).json();
        assertEquals(List.of("/Set/Team A", "/Set/Team B"), paths(sub)); // direct children only, not /Set itself
        JsonNode one = ocs("GET", SHARES_V2 + "?format=json&path=%2FSet%2FTeam%20A&reshares=true", sys()).json();
        assertEquals(List.of("/Set/Team A"), paths(one));
        assertEquals(4, ocs("GET", SHARES_V2 + "?format=json", sys()).json().at("/ocs/data").size());
        Resp missing = ocs("GET", SHARES_V1 + "?format=json&path=%2FNope", sys());
        assertEquals(200, missing.status());
        assertEquals(404, missing.json().at("/ocs/meta/statuscode").asInt());
        assertEquals(400, ocs("GET", SHARES_V2 + "?format=json&subfiles=true", sys()).status());
        JsonNode withMe = ocs("GET", SHARES_V2 + "?format=json&shared_with_me=true", basic("alice", "alice-pw")).json();
        assertEquals(2, withMe.at("/ocs/data").size());

        assertEquals(200, ocs("GET", SHARES_V2 + "/" + other + "?format=json", sys()).status());
        assertEquals(200, ocs("DELETE", SHARES_V2 + "/" + other + "?format=json", sys()).status());
        Resp gone = ocs("DELETE", SHARES_V2 + "/" + other + "?format=json", sys());
        assertEquals(404, gone.status());
        assertEquals(f.wrongShareId, gone.json().at("/ocs/meta/message").asText());
        assertEquals(3, sim.shares().size());
        assertFalse(sim.tree("alice").stream().anyMatch(e -> e.path().equals("/Other")));
    }

    private static List<String> paths(JsonNode ocs) {
        List<String> out = new java.util.ArrayList<>();
        ocs.at("/ocs/data").forEach(n -> out.add(n.get("path").asText()));
        return out;
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void sharesLandInTheRootOrAsX2AndTheRecipientRenamesOnlyTheMount(Flavour f) throws Exception {
        start(f);
        long id = sim.mkdirs(SYS, "/Set/Lab reports");
        long own = sim.mkdirs("alice", "/Lab reports");
        JsonNode data = shareV2("/Set/Lab reports", "alice");
        assertEquals("/Lab reports", data.get("file_target").asText()); // the intended name, as the real servers
        assertEquals("/Lab reports (2)", sim.shares().get(0).mountPath());
        String alice = basic("alice", "alice-pw");
        Resp pf = propfind(alice, dav("alice"), "1", PROPS);
        assertTrue(pf.body().contains("<d:href>/remote.php/dav/files/alice/Lab%20reports%20(2)/</d:href>"), pf.body());
        assertTrue(pf.body().contains("<oc:fileid>" + id + "</oc:fileid>")); // the mount shows the owner's file id
        assertTrue(pf.body().contains("<oc:permissions>SRM" + (f == Flavour.NEXTCLOUD ? "G" : "") + "DNVCK"),
                pf.body());
        JsonNode listed = ocs("GET", SHARES_V2 + "?format=json&path=%2FSet%2FLab%20reports", sys()).json();
        assertEquals("/Lab reports (2)", listed.at("/ocs/data/0/file_target").asText());

        String base = dav("alice");
        assertEquals(412, move(alice, base + "/Lab%20reports%20(2)", base + "/Lab%20reports", "F").status());
        assertEquals(201, move(alice, base + "/Lab%20reports%20(2)", base + "/Group%20work", "F").status());
        assertEquals(id, sim.fileId("alice", "/Group work"));
        assertEquals(own, sim.fileId("alice", "/Lab reports"));
        assertEquals(id, sim.fileId(SYS, "/Set/Lab reports")); // the owner's folder did not move
        assertEquals(201, mkcol(alice, base + "/Group%20work/Draft").status());
        assertTrue(sim.tree(SYS).stream().anyMatch(e -> e.path().equals("/Set/Lab reports/Draft")));

        // the owner renames the folder: the share follows the file id, the recipient's mount keeps its name
        assertEquals(201, move(sys(), dav(SYS) + "/Set/Lab%20reports", dav(SYS) + "/Set/Reports", "F").status());
        assertEquals("/Set/Reports", sim.shares().get(0).path());
        assertEquals(id, sim.fileId("alice", "/Group work"));
    }

    @Test
    void aConfiguredShareFolderReceivesTheShares() throws Exception {
        start(Flavour.NEXTCLOUD).shareFolder("Shares");
        sim.mkdirs(SYS, "/Set/Team A");
        JsonNode data = shareV2("/Set/Team A", "bob");
        assertEquals("/Shares/Team A", data.get("file_target").asText());
        assertEquals("/Shares/Team A", sim.shares().get(0).mountPath());
        Resp r = propfind(basic("bob", "bob-pw"), dav("bob") + "/Shares", "1", PROPS);
        assertTrue(r.body().contains("<d:href>/remote.php/dav/files/bob/Shares/Team%20A/</d:href>"), r.body());
    }

    @Test
    void multipartCreateAsMoodlePostsIt() throws Exception {
        start(Flavour.OWNCLOUD_10);
        sim.mkdirs(SYS, "/X");
        String body = "--b0\r\nContent-Disposition: form-data; name=\"path\"\r\n\r\n/X\r\n"
                + "--b0\r\nContent-Disposition: form-data; name=\"shareType\"\r\n\r\n0\r\n"
                + "--b0\r\nContent-Disposition: form-data; name=\"shareWith\"\r\n\r\nbob\r\n--b0--\r\n";
        Resp r = call("POST", SHARES_V1 + "?format=xml", sys(), body, "OCS-APIRequest", "true", "Content-Type",
                "multipart/form-data; boundary=b0");
        assertTrue(r.body().contains("<statuscode>100</statuscode>"), r.body());
        assertEquals("bob", sim.shares().get(0).shareWith());
    }
    @ParameterizedTest
    @EnumSource(Flavour.class)
    void pendingSharesAreMountedOnlyOnceAccepted(Flavour f) throws Exception {
        start(f).autoAcceptShares(false);
        sim.mkdirs(SYS, "/Set/Team A");
        long id = shareV2("/Set/Team A", "alice").get("id").asLong();
        String alice = basic("alice", "alice-pw");
        assertEquals(null, sim.shares().get(0).mountPath());
        assertEquals(404, move(alice, dav("alice") + "/Team%20A", dav("alice") + "/Mine", "F").status());
        assertEquals(0, ocs("GET", SHARES_V2 + "?format=json&shared_with_me=true", alice).json().at("/ocs/data")
                .size());
        JsonNode pending = ocs("GET", SHARES_V2 + "/pending?format=json", alice).json().at("/ocs/data");
        assertEquals(id, pending.at("/0/id").asLong());
        sim.mkdirs("alice", "/Team A"); // taken meanwhile: the clash is resolved when the share is mounted
        assertEquals(404, ocs("POST", SHARES_V2 + "/pending/" + id + "?format=json", basic("bob", "bob-pw")).status());
        assertEquals(200, ocs("POST", SHARES_V2 + "/pending/" + id + "?format=json", alice).status());
        assertEquals("/Team A (2)", sim.shares().get(0).mountPath());
        assertEquals(201, move(alice, dav("alice") + "/Team%20A%20(2)", dav("alice") + "/Mine", "F").status());
    }
}
