package simulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Wire-level helpers that mimic PHP/Moodle: request parameter parsing (PHP's bracket syntax),
 * PHP {@code json_encode} output (slashes and non-ASCII escaped) and Moodle's REST XML format.
 */
final class WsProtocol {

    private WsProtocol() {
    }

    /** Appends the decoded {@code k=v} pairs of an urlencoded string to {@code flat} (later keys overwrite). */
    static void parseUrlEncoded(String raw, Map<String, String> flat) {
        if (raw == null || raw.isEmpty()) {
            return;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                k = URLDecoder.decode(k, StandardCharsets.UTF_8);
                v = URLDecoder.decode(v, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                // PHP decodes leniently; keep the raw text.
            }
            if (k.isEmpty()) {
                continue;
            }
            flat.remove(k); // keep "last wins" and insertion order of the last occurrence
            flat.put(k, v);
        }
    }

    /**
     * Builds PHP-like nested arrays from flat names: {@code a[0][b]=x} becomes {a: {0: {b: x}}}.
     * Arrays are represented by {@code LinkedHashMap<String,Object>}, scalars by String.
     */
    static Map<String, Object> nest(Map<String, String> flat) {
        Map<String, Object> root = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : flat.entrySet()) {
            List<String> path = splitName(e.getKey());
            Map<String, Object> cur = root;
            for (int i = 0; i < path.size(); i++) {
                String part = path.get(i);
                if (part.isEmpty() && i > 0) {
                    part = Integer.toString(nextIndex(cur));
                }
                if (i == path.size() - 1) {
                    cur.put(part, e.getValue());
                } else {
                    Object child = cur.get(part);
                    if (!(child instanceof Map)) {
                        child = new LinkedHashMap<String, Object>();
                        cur.put(part, child);
                    }
                    @SuppressWarnings("unchecked")
                    Map<String, Object> next = (Map<String, Object>) child;
                    cur = next;
                }
            }
        }
        return root;
    }

    private static int nextIndex(Map<String, Object> m) {
        int max = -1;
        for (String k : m.keySet()) {
            if (k.matches("-?\\d+")) {
                try {
                    max = Math.max(max, Integer.parseInt(k));
                } catch (NumberFormatException ignored) {
                    // not an index
                }
            }
        }
        return max + 1;
    }

    private static List<String> splitName(String name) {
        List<String> parts = new ArrayList<>();
        int open = name.indexOf('[');
        if (open <= 0 || name.indexOf(']', open) < 0) {
            parts.add(name);
            return parts;
        }
        parts.add(name.substring(0, open));
        int i = open;
        while (i < name.length() && name.charAt(i) == '[') {
            int close = name.indexOf(']', i);
            if (close < 0) {
                break;
            }
            parts.add(name.substring(i + 1, close));
            i = close + 1;
        }
        return parts;
    }

    // ------------------------------------------------------------------ JSON (PHP json_encode)

    /** A PHP associative array in insertion order from {@code key, value, key, value, ...}. */
    static Map<String, Object> obj(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static String json(Object value) {
        StringBuilder sb = new StringBuilder();
        writeJson(sb, value);
        return sb.toString();
    }

    private static void writeJson(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String s) {
            writeString(sb, s);
        } else if (v instanceof Boolean b) {
            sb.append(b ? "true" : "false");
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short) {
            sb.append(v);
        } else if (v instanceof Number n) {
            sb.append(n);
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                writeString(sb, String.valueOf(e.getKey()));
                sb.append(':');
                writeJson(sb, e.getValue());
            }
            sb.append('}');
        } else if (v instanceof List<?> l) {
            sb.append('[');
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                writeJson(sb, l.get(i));
            }
            sb.append(']');
        } else {
            writeString(sb, v.toString());
        }
    }

    private static void writeString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '/' -> sb.append("\\/");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7e && c != 0x7f) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    // ------------------------------------------------------------------ XML (Moodle REST default format)

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
