package simulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Request parameters as PHP reads them: urlencoded pairs, and the bracket syntax of arrays ({@code a[0][b]=x}). */
final class PhpRequest {

    private PhpRequest() {
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
}
