package simulator.cloud;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** PROPFIND bodies read and multistatus answers written the way SabreDAV in ownCloud/Nextcloud writes them. */
final class DavXml {

    static final String DAV = "DAV:";
    static final String OC = "http://owncloud.org/ns";
    static final String NC = "http://nextcloud.org/ns";

    /** What Sabre answers for an allprop / empty PROPFIND of a node. */
    static final List<QName> DEFAULT_PROPS = List.of(new QName(DAV, "getlastmodified"),
            new QName(DAV, "resourcetype"), new QName(DAV, "quota-used-bytes"),
            new QName(DAV, "quota-available-bytes"), new QName(DAV, "getetag"), new QName(DAV, "getcontentlength"),
            new QName(DAV, "getcontenttype"));

    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private DavXml() {
    }

    /** The property names a PROPFIND body asks for; null for allprop, an empty body or propname. */
    static List<QName> requested(byte[] body) throws IllegalArgumentException {
        if (body.length == 0) {
            return null;
        }
        Element root;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            javax.xml.parsers.DocumentBuilder db = f.newDocumentBuilder();
            db.setErrorHandler(new org.xml.sax.helpers.DefaultHandler()); // no "[Fatal Error]" lines on stderr
            root = db.parse(new ByteArrayInputStream(body)).getDocumentElement();
        } catch (Exception e) {
            throw new IllegalArgumentException("The request body had an invalid XML body. (message: "
                    + e.getMessage() + ")");
        }
        for (Node c = root.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element e && DAV.equals(e.getNamespaceURI()) && "prop".equals(e.getLocalName())) {
                List<QName> out = new ArrayList<>();
                for (Node p = e.getFirstChild(); p != null; p = p.getNextSibling()) {
                    if (p instanceof Element pe) {
                        out.add(new QName(pe.getNamespaceURI() == null ? "" : pe.getNamespaceURI(),
                                pe.getLocalName()));
                    }
                }
                return out;
            }
        }
        return null;
    }

    static String httpDate(long epochSeconds) {
        return HTTP_DATE.format(Instant.ofEpochSecond(epochSeconds));
    }

    /** Sabre's {@code encodePath}: every byte but unreserved characters and {@code /:@()} percent-encoded. */
    static String encodePath(String path) {
        StringBuilder sb = new StringBuilder();
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-_.~/:@()".indexOf(c) >= 0) {
                sb.append((char) c);
            } else {
                sb.append('%').append(String.format("%02X", c));
            }
        }
        return sb.toString();
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    static String prefix(String ns) {
        return switch (ns) {
            case DAV -> "d";
            case OC -> "oc";
            case NC -> "nc";
            default -> null;
        };
    }

    /** One {@code <d:response>}: found properties in a 200 propstat, unknown ones in a 404 propstat. */
    static void response(StringBuilder sb, String href, List<String[]> found, List<QName> missing) {
        sb.append(" <d:response>\n  <d:href>").append(escape(href)).append("</d:href>\n");
        if (!found.isEmpty()) {
            sb.append("  <d:propstat>\n   <d:prop>\n");
            for (String[] f : found) {
                sb.append("    <").append(f[0]);
                sb.append(f[1] == null || f[1].isEmpty() ? "/>\n" : ">" + f[1] + "</" + f[0] + ">\n");
            }
            sb.append("   </d:prop>\n   <d:status>HTTP/1.1 200 OK</d:status>\n  </d:propstat>\n");
        }
        if (!missing.isEmpty()) {
            sb.append("  <d:propstat>\n   <d:prop>\n");
            for (QName q : missing) {
                String p = prefix(q.getNamespaceURI());
                sb.append(p != null ? "    <" + p + ":" + q.getLocalPart() + "/>\n"
                        : "    <x:" + q.getLocalPart() + " xmlns:x=\"" + escape(q.getNamespaceURI()) + "\"/>\n");
            }
            sb.append("   </d:prop>\n   <d:status>HTTP/1.1 404 Not Found</d:status>\n  </d:propstat>\n");
        }
        sb.append(" </d:response>\n");
    }
}
