package jouvence.folders.cloud;

import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * WebDAV's XML with the JDK's StAX, DTDs and external entities off: the PROPFIND body Jouvence sends and the
 * multistatus it reads back (doc §4.1).
 */
final class DavXml {

    static final String DAV = "DAV:";
    static final String OC = "http://owncloud.org/ns";

    /** The properties asked for: what a node is, its stable id, its etag and its permissions. */
    static final String PROPFIND_BODY = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            + "<d:propfind xmlns:d=\"DAV:\" xmlns:oc=\"http://owncloud.org/ns\"><d:prop>"
            + "<d:resourcetype/><oc:fileid/><d:getetag/><oc:permissions/></d:prop></d:propfind>";

    private static final XMLInputFactory FACTORY = XMLInputFactory.newFactory();

    static {
        FACTORY.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        FACTORY.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        FACTORY.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        try {
            FACTORY.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        } catch (IllegalArgumentException ignored) {
            // not every StAX implementation knows it; DTDs are off anyway
        }
    }

    private DavXml() {
    }

    static XMLStreamReader reader(byte[] xml) throws XMLStreamException {
        synchronized (FACTORY) {
            return FACTORY.createXMLStreamReader(new ByteArrayInputStream(xml));
        }
    }

    /**
     * The nodes of a multistatus. {@code hrefPrefix} is the decoded path of the account's files root
     * ("/remote.php/dav/files/jouvence"); every href must start with it.
     */
    static List<DavNode> multistatus(byte[] xml, String hrefPrefix) throws XMLStreamException {
        List<DavNode> out = new ArrayList<>();
        XMLStreamReader r = reader(xml);
        try {
            String href = null;
            boolean folder = false;
            long fileId = -1;
            String etag = "";
            String permissions = "";
            while (r.hasNext()) {
                int ev = r.next();
                if (ev == XMLStreamConstants.START_ELEMENT) {
                    String ns = r.getNamespaceURI() == null ? "" : r.getNamespaceURI();
                    String name = r.getLocalName();
                    if (ns.equals(DAV) && name.equals("response")) {
                        href = null;
                        folder = false;
                        fileId = -1;
                        etag = "";
                        permissions = "";
                    } else if (ns.equals(DAV) && name.equals("href")) {
                        href = r.getElementText().strip();
                    } else if (ns.equals(DAV) && name.equals("collection")) {
                        folder = true;
                    } else if (ns.equals(OC) && name.equals("fileid")) {
                        String t = r.getElementText().strip();
                        fileId = t.matches("\\d{1,18}") ? Long.parseLong(t) : -1;
                    } else if (ns.equals(DAV) && name.equals("getetag")) {
                        etag = r.getElementText().strip();
                    } else if (ns.equals(OC) && name.equals("permissions")) {
                        permissions = r.getElementText().strip();
                    }
                } else if (ev == XMLStreamConstants.END_ELEMENT && DAV.equals(r.getNamespaceURI())
                        && r.getLocalName().equals("response")) {
                    if (href == null) {
                        throw new XMLStreamException("a response without href");
                    }
                    out.add(new DavNode(relative(href, hrefPrefix), fileId, folder, etag, permissions));
                }
            }
        } finally {
            r.close();
        }
        return out;
    }

    /** The path below the account's root of an href (a path, or an absolute URL whose path is used). */
    static String relative(String href, String hrefPrefix) throws XMLStreamException {
        String raw = href;
        if (raw.startsWith("http://") || raw.startsWith("https://")) {
            raw = URI.create(raw).getRawPath();
        }
        String path = URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        if (!path.startsWith(hrefPrefix) || path.length() > hrefPrefix.length()
                && path.charAt(hrefPrefix.length()) != '/') {
            throw new XMLStreamException("href " + href + " is not below " + hrefPrefix);
        }
        return trimSlashes(path.substring(hrefPrefix.length()).replaceAll("/{2,}", "/"));
    }

    static String trimSlashes(String p) {
        return p.replaceAll("^/+|/+$", "");
    }
}
