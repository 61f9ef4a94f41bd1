package simulator.cloud;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The OCS envelope, doc §4.2: {@code <ocs><meta>status, statuscode, message, totalitems, itemsperpage</meta>
 * <data>…</data></ocs>}, or the same tree under {@code ocs} in JSON. JSON when {@code format=json}, or without a
 * {@code format} parameter when the Accept header asks for JSON; XML otherwise. v1 answers HTTP 200 for everything
 * but 997 (401) with success statuscode 100; v2 mirrors the statuscode in the HTTP status, success 200.
 */
final class OcsReply {

    static final int NOT_LOGGED_IN = 997;
    private static final ObjectMapper JSON = new ObjectMapper();

    private OcsReply() {
    }

    static boolean v2(Req r) {
        return r.path.startsWith("/ocs/v2.php/");
    }

    static void ok(Req r, Object data) throws IOException {
        send(r, v2(r) ? 200 : 100, "OK", data, true);
    }

    static void fail(Req r, int statuscode, String message) throws IOException {
        send(r, statuscode, message, null, false);
    }

    private static void send(Req r, int statuscode, String message, Object data, boolean ok) throws IOException {
        int http = statuscode == NOT_LOGGED_IN ? 401 : !v2(r) || ok ? 200 : statuscode;
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("status", ok ? "ok" : "failure");
        meta.put("statuscode", statuscode);
        meta.put("message", message);
        meta.put("totalitems", "");
        meta.put("itemsperpage", "");
        if (json(r)) {
            Map<String, Object> ocs = new LinkedHashMap<>();
            ocs.put("meta", meta);
            ocs.put("data", data == null ? List.of() : data);
            try {
                r.send(http, "application/json; charset=utf-8", JSON.writeValueAsString(Map.of("ocs", ocs)));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        } else {
            StringBuilder sb = new StringBuilder("<?xml version=\"1.0\"?>\n<ocs>\n");
            xml(sb, "meta", meta, 1);
            xml(sb, "data", data, 1);
            sb.append("</ocs>\n");
            r.send(http, "application/xml; charset=utf-8", sb.toString());
        }
    }

    private static boolean json(Req r) {
        String format = r.param("format");
        if (format != null) {
            return format.equalsIgnoreCase("json");
        }
        String accept = r.header("Accept");
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("application/json");
    }

    /** PHP's OCS XML writer: maps become elements, lists {@code <element>}s, null and false empty elements. */
    private static void xml(StringBuilder sb, String name, Object value, int indent) {
        String pad = " ".repeat(indent);
        if (value == null || Boolean.FALSE.equals(value) || (value instanceof Map<?, ?> m && m.isEmpty())
                || (value instanceof List<?> l && l.isEmpty())) {
            sb.append(pad).append('<').append(name).append("/>\n");
        } else if (value instanceof Map<?, ?> m) {
            sb.append(pad).append('<').append(name).append(">\n");
            m.forEach((k, v) -> xml(sb, String.valueOf(k), v, indent + 1));
            sb.append(pad).append("</").append(name).append(">\n");
        } else if (value instanceof List<?> l) {
            sb.append(pad).append('<').append(name).append(">\n");
            l.forEach(v -> xml(sb, "element", v, indent + 1));
            sb.append(pad).append("</").append(name).append(">\n");
        } else {
            String text = Boolean.TRUE.equals(value) ? "1" : String.valueOf(value);
            sb.append(pad).append('<').append(name).append('>').append(DavXml.escape(text)).append("</")
              .append(name).append(">\n");
        }
    }
}
