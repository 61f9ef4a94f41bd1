package simulator;

import java.util.List;
import java.util.Map;

/** Moodle's REST XML format (the default without moodlewsrestformat=json) and XML escaping. */
final class MoodleXml {

    private MoodleXml() {
    }

    static String xml(Object value) {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<RESPONSE>\n");
        if (value != null) {
            writeXml(sb, value);
        }
        return sb.append("</RESPONSE>\n").toString();
    }

    static String xmlError(String exception, String errorcode, String message) {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n");
        sb.append("<EXCEPTION class=\"").append(xmlEscape(exception)).append("\">\n");
        if (errorcode != null) {
            sb.append("<ERRORCODE>").append(xmlEscape(errorcode)).append("</ERRORCODE>\n");
        }
        sb.append("<MESSAGE>").append(xmlEscape(message)).append("</MESSAGE>\n");
        return sb.append("</EXCEPTION>\n").toString();
    }

    private static void writeXml(StringBuilder sb, Object v) {
        if (v instanceof Map<?, ?> m) {
            sb.append("<SINGLE>\n");
            for (Map.Entry<?, ?> e : m.entrySet()) {
                sb.append("<KEY name=\"").append(xmlEscape(String.valueOf(e.getKey()))).append("\">");
                writeXml(sb, e.getValue());
                sb.append("</KEY>\n");
            }
            sb.append("</SINGLE>\n");
        } else if (v instanceof List<?> l) {
            sb.append("<MULTIPLE>\n");
            for (Object o : l) {
                writeXml(sb, o);
            }
            sb.append("</MULTIPLE>\n");
        } else if (v == null) {
            sb.append("<VALUE null=\"null\"/>\n");
        } else if (v instanceof Boolean b) {
            sb.append("<VALUE>").append(b ? "1" : "0").append("</VALUE>\n");
        } else {
            sb.append("<VALUE>").append(xmlEscape(v.toString())).append("</VALUE>\n");
        }
    }

    static String xmlEscape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#039;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
