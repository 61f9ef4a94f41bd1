package jouvence.folders.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import jouvence.folders.cloud.CloudTransport.Answer;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The cloud's own words in an answer, for the item's error and the admins' mail: Sabre's {@code <s:message>}, the
 * OCS {@code meta.message}, an OAuth {@code error}, a JSON {@code message}, or the title of an HTML error page; cut
 * to a readable length.
 */
final class Messages {

    private static final int MAX = 300;

    private Messages() {
    }

    static String of(Answer a) {
        String m = null;
        try {
            if (a.json()) {
                JsonNode n = Ocs.JSON.readTree(a.body());
                m = text(n.at("/ocs/meta/message"));
                if (m == null) {
                    m = text(n.get("message"));
                }
                if (m == null) {
                    m = text(n.get("error"));
                }
            } else if (a.xml()) {
                m = xmlText(a.body(), "message");
            } else if (a.contentType().toLowerCase(java.util.Locale.ROOT).contains("html")) {
                String t = a.text();
                var title = java.util.regex.Pattern.compile("(?is)<title>(.*?)</title>").matcher(t);
                m = title.find() ? title.group(1).strip() : null;
            }
        } catch (java.io.IOException | XMLStreamException | RuntimeException e) {
            m = null;
        }
        if (m == null || m.isBlank()) {
            return "HTTP " + a.status();
        }
        return m.length() > MAX ? m.substring(0, MAX) + "…" : m;
    }

    private static String text(JsonNode n) {
        return n == null || n.isMissingNode() || n.isNull() || n.isContainerNode() ? null : n.asText();
    }

    /** The text of the first element of that local name, in any namespace. */
    static String xmlText(byte[] xml, String localName) throws XMLStreamException {
        XMLStreamReader r = DavXml.reader(xml);
        try {
            while (r.hasNext()) {
                if (r.next() == XMLStreamConstants.START_ELEMENT && r.getLocalName().equals(localName)) {
                    return r.getElementText();
                }
            }
            return null;
        } finally {
            r.close();
        }
    }
}
