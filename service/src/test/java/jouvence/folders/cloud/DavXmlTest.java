package jouvence.folders.cloud;

import org.junit.jupiter.api.Test;

import javax.xml.stream.XMLStreamException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The multistatus reader: hrefs of a cloud in a sub-folder, absolute hrefs, encoded names, and no external entity. */
class DavXmlTest {

    private static final String PREFIX = "/nextcloud/remote.php/dav/files/jouvence";

    @Test
    void hrefs_become_paths_below_the_accounts_root() throws Exception {
        String xml = "<?xml version=\"1.0\"?><d:multistatus xmlns:d=\"DAV:\" xmlns:oc=\"http://owncloud.org/ns\">"
                + "<d:response><d:href>/nextcloud/remote.php/dav/files/jouvence/Moodle/</d:href><d:propstat><d:prop>"
                + "<d:resourcetype><d:collection/></d:resourcetype><oc:fileid>12</oc:fileid><d:getetag>\"e1\"</d:getetag>"
                + "<oc:permissions>RGDNVCK</oc:permissions></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat>"
                + "</d:response>"
                + "<d:response><d:href>https://cloud.example/nextcloud/remote.php/dav/files/jouvence/Moodle/Team+A%20%C3%84"
                + "/</d:href><d:propstat><d:prop><d:resourcetype><d:collection/></d:resourcetype><oc:fileid>13"
                + "</oc:fileid></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat><d:propstat><d:prop>"
                + "<oc:permissions/></d:prop><d:status>HTTP/1.1 404 Not Found</d:status></d:propstat></d:response>"
                + "<d:response><d:href>/nextcloud/remote.php/dav/files/jouvence/Moodle/a.txt</d:href><d:propstat>"
                + "<d:prop><d:resourcetype/><oc:fileid>14</oc:fileid></d:prop></d:propstat></d:response>"
                + "</d:multistatus>";
        List<DavNode> nodes = DavXml.multistatus(xml.getBytes(StandardCharsets.UTF_8), PREFIX);
        assertEquals(List.of(new DavNode("Moodle", 12, true, "\"e1\"", "RGDNVCK"),
                new DavNode("Moodle/Team+A Ä", 13, true, "", ""), new DavNode("Moodle/a.txt", 14, false, "", "")),
                nodes);
        assertFalse(nodes.get(1).mountPoint());
        assertThrows(XMLStreamException.class, () -> DavXml.relative("/nextcloud/remote.php/dav/files/jouvence2/x",
                PREFIX));
    }

    @Test
    void an_external_entity_is_never_read() {
        String xml = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<d:multistatus xmlns:d=\"DAV:\"><d:response><d:href>" + PREFIX + "/&x;</d:href></d:response>"
                + "</d:multistatus>";
        Exception e = assertThrows(Exception.class, () -> DavXml.multistatus(xml.getBytes(StandardCharsets.UTF_8),
                PREFIX));
        assertFalse(String.valueOf(e.getMessage()).contains("root:"), e.getMessage());
        assertTrue(e instanceof XMLStreamException, e.toString());
    }
}
