package simulator.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** WebDAV PROPFIND / MKCOL / MOVE with the servers' status codes, for both flavours. */
class CloudWebDavTest extends CloudTestBase {

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void mkcolAnswersCreatedExistsParentMissingAndRefusals(Flavour f) throws Exception {
        start(f);
        String base = dav(SYS);
        Resp made = mkcol(sys(), base + "/Course%20A");
        assertEquals(201, made.status());
        // FilesPlugin::sendFileIdHeader: the new folder's oc:id (padded file id + instance id)
        assertEquals(String.format("%08d", sim.fileId(SYS, "/Course A")) + "ocsimul8r", made.header("OC-FileId"));
        Resp exists = mkcol(sys(), base + "/Course%20A");
        assertEquals(405, exists.status());
        assertEquals(null, exists.header("OC-FileId"));
        assertTrue(exists.body().contains("<s:exception>Sabre\\DAV\\Exception\\MethodNotAllowed</s:exception>"));
        assertEquals("application/xml; charset=utf-8", exists.header("Content-Type"));
        Resp noParent = mkcol(sys(), base + "/Missing/Child");
        assertEquals(409, noParent.status());
        assertTrue(noParent.body().contains("Parent node does not exist"), noParent.body());
        assertEquals(403, mkcol(sys(), base + "/.htaccess").status());
        assertEquals(400, mkcol(sys(), base + "/a%5Cb").status());
        assertEquals(415, call("MKCOL", base + "/WithBody", sys(), "x").status());
        assertEquals(403, mkcol(basic("alice", "alice-pw"), base + "/NotYours").status());

        sim.lock(SYS, "/Course A", true);
        assertEquals(423, mkcol(sys(), base + "/Course%20A/Locked").status());
        sim.lock(SYS, "/Course A", false);
        assertEquals(201, mkcol(sys(), base + "/Course%20A/Locked").status());

        sim.addFile(SYS, "/Course A/data.bin", 1000);
        sim.quota(SYS, 4000L); // 3000 bytes free: less than the 4096 Nextcloud reserves for a folder
        Resp full = mkcol(sys(), base + "/Course%20A/Full");
        Resp fullExisting = mkcol(sys(), base + "/Course%20A");
        if (f == Flavour.NEXTCLOUD) {
            assertEquals(507, full.status());
            assertTrue(full.body().contains("<s:message>Insufficient space in /Course A. 3000 available. Cannot "
                    + "create directory</s:message>"), full.body());
            assertEquals(507, fullExisting.status()); // the quota plugin answers before the existence check
            sim.quota(SYS, null);
            assertEquals(201, mkcol(sys(), base + "/Course%20A/Full").status());
        } else {
            assertEquals(201, full.status()); // ownCloud 10 checks quotas on content writes only
            assertEquals(405, fullExisting.status());
        }
        sim.quota(SYS, null);
        assertEquals(java.util.List.of("/Course A", "/Course A/Full", "/Course A/Locked", "/Course A/data.bin"),
                sim.tree(SYS).stream().map(CloudSimulator.Entry::path).toList());
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void refusedCredentialsGet401WithTheFlavoursChallenge(Flavour f) throws Exception {
        start(f);
        Resp none = mkcol(null, dav(SYS) + "/X");
        Resp wrong = mkcol(basic(SYS, "wrong"), dav(SYS) + "/X");
        for (Resp r : new Resp[] {none, wrong}) {
            assertEquals(401, r.status());
            assertTrue(r.headers("WWW-Authenticate").contains("Basic realm=\"" + f.realm + "\", charset=\"UTF-8\""),
                    r.headers("WWW-Authenticate").toString());
            assertTrue(r.body().contains("Sabre\\DAV\\Exception\\NotAuthenticated"));
        }
        sim.refuseCredentials(SYS, true);
        assertEquals(401, propfind(sys(), dav(SYS), "0", null).status());
        sim.refuseCredentials(SYS, false);
        assertEquals(207, propfind(sys(), dav(SYS), "0", null).status());
        assertTrue(sim.tree(SYS).isEmpty());
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void propfindDepthsPropertiesAndMissing(Flavour f) throws Exception {
        start(f);
        long a = sim.mkdirs(SYS, "/A/B/C");
        sim.addFile(SYS, "/A/notes.txt", 12);
        Resp d0 = propfind(sys(), dav(SYS) + "/A", "0", PROPS);
        assertEquals(207, d0.status());
        assertEquals("application/xml; charset=utf-8", d0.header("Content-Type"));
        assertEquals(1, responses(d0.body()));
        assertTrue(d0.body().contains("<d:href>/remote.php/dav/files/jouvence/A/</d:href>"), d0.body());
        assertTrue(d0.body().contains("<d:resourcetype><d:collection/></d:resourcetype>"));
        assertTrue(d0.body().contains("<oc:fileid>" + sim.fileId(SYS, "/A") + "</oc:fileid>"));
        assertTrue(d0.body().contains("<oc:permissions>" + f.ownerPermissions() + "</oc:permissions>"));
        assertTrue(d0.body().contains("<oc:size>12</oc:size>"));
        assertTrue(d0.body().contains("<oc:nothere/>\n   </d:prop>\n   <d:status>HTTP/1.1 404 Not Found"), d0.body());

        assertEquals(3, responses(propfind(sys(), dav(SYS) + "/A", "1", PROPS).body())); // A, B, notes.txt
        assertEquals(3, responses(propfind(sys(), dav(SYS) + "/A", null, PROPS).body())); // missing Depth = 1
        Resp inf = propfind(sys(), dav(SYS) + "/A", "infinity", PROPS);
        assertEquals(4, responses(inf.body()));
        assertTrue(inf.body().contains("<d:href>/remote.php/dav/files/jouvence/A/B/C/</d:href>"));
        assertTrue(inf.body().contains("<d:href>/remote.php/dav/files/jouvence/A/notes.txt</d:href>"));
        sim.depthInfinity(false);
        assertEquals(3, responses(propfind(sys(), dav(SYS) + "/A", "infinity", PROPS).body()));

        Resp missing = propfind(sys(), dav(SYS) + "/A/Nope", "0", PROPS);
        assertEquals(404, missing.status());
        assertTrue(missing.body().contains("Sabre\\DAV\\Exception\\NotFound"));
        Resp legacy = propfind(sys(), "/remote.php/webdav/A", "0", null);
        assertEquals(207, legacy.status());
        assertTrue(legacy.body().contains("<d:href>/remote.php/webdav/A/</d:href>"), legacy.body());
        assertTrue(legacy.body().contains("<d:getetag>"));
        assertEquals(400, propfind(sys(), dav(SYS) + "/A", "0", "<not xml").status());
        assertTrue(a > 0);
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void moveKeepsTheFileIdAndAnswersLikeSabre(Flavour f) throws Exception {
        start(f);
        long id = sim.mkdirs(SYS, "/Set/Team A");
        sim.mkdirs(SYS, "/Set/Team B");
        String set = dav(SYS) + "/Set";
        assertEquals(201, move(sys(), set + "/Team%20A", set + "/Team%20Alpha", "F").status());
        assertEquals(id, sim.fileId(SYS, "/Set/Team Alpha"));
        assertEquals(null, sim.fileId(SYS, "/Set/Team A"));
        Resp taken = move(sys(), set + "/Team%20Alpha", set + "/Team%20B", "F");
        assertEquals(412, taken.status());
        assertTrue(taken.body().contains("PreconditionFailed"));
        assertEquals(409, move(sys(), set + "/Team%20Alpha", set + "/Nope/X", "F").status());
        assertEquals(404, move(sys(), set + "/Gone", set + "/Other", "F").status());
        assertEquals(403, move(sys(), set + "/Team%20B", set + "/Team%20B", null).status());
        assertEquals(400, call("MOVE", set + "/Team%20B", sys(), null).status()); // no Destination
        sim.lock(SYS, "/Set/Team B", true);
        assertEquals(423, move(sys(), set + "/Team%20B", set + "/Team%20Beta", "F").status());
        sim.lock(SYS, "/Set/Team B", false);
        assertEquals(204, move(sys(), set + "/Team%20Alpha", set + "/Team%20B", "T").status());
        assertEquals(id, sim.fileId(SYS, "/Set/Team B"));
        assertNotNull(sim.fileId(SYS, "/Set"));
        assertFalse(sim.tree(SYS).stream().anyMatch(e -> e.path().equals("/Set/Team Alpha")));
    }
}
