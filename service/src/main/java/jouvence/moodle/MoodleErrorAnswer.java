package jouvence.moodle;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What a JSON answer of Moodle says about an error: the one reader of Moodle's error answers, whether the answer is a
 * web-service reply already parsed ({@link #read(JsonNode)}) or the start of a download's body, possibly cut
 * ({@link #read(byte[], int, int)}). Moodle's error fields are {@code exception}, {@code errorcode}, {@code message}
 * (web services) and {@code error} (the plugin's download script).
 *
 * <p>Read with Jackson's streaming parser, in one pass and without building a tree: a body cut in the middle gives
 * the fields read before the cut ({@link #complete()} is then false).
 *
 * @param complete  the first JSON value was read to its end
 * @param object    the first JSON value is an object
 * @param topNames  the names of that object's fields
 * @param top       that object's error fields, as text (a number as its digits, an object or array as ""); a
 *                  {@code null} value is absent
 * @param firstText the first string value of each error field, at any depth, in any of the values read
 */
public record MoodleErrorAnswer(boolean complete, boolean object, Set<String> topNames, Map<String, String> top,
                                Map<String, String> firstText) {

    private static final Set<String> FIELDS = Set.of("exception", "errorcode", "message", "error");
    private static final JsonFactory JSON = new JsonFactory();
    private static final MoodleErrorAnswer NOTHING = new MoodleErrorAnswer(false, false, Set.of(), Map.of(), Map.of());

    /** A web-service reply already parsed; {@code null} reads as nothing. */
    public static MoodleErrorAnswer read(JsonNode reply) {
        return reply == null ? NOTHING : read(reply.traverse());
    }

    /** The first {@code length} bytes of a body (e.g. the start of a download), whole or cut. */
    public static MoodleErrorAnswer read(byte[] body, int offset, int length) {
        try {
            return read(JSON.createParser(body, offset, length));
        } catch (IOException e) {
            return NOTHING;
        }
    }

    /** Is it an error answer: {@code exception} or {@code errorcode} present, or a download error's {@code error}. */
    public boolean isError() {
        return object && (topNames.contains("exception") || topNames.contains("errorcode")
                || topNames.contains("error") && topNames.size() <= 6);
    }

    /** A field of the answer's object, as text; null when absent or null. */
    public String field(String name) {
        return top.get(name);
    }

    private static MoodleErrorAnswer read(JsonParser p) {
        Reading r = new Reading();
        try (p) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                r.token(p, t);
            }
        } catch (IOException cut) {
            // not JSON from here on (a cut body, or bytes after the JSON): what was read so far
        }
        return new MoodleErrorAnswer(r.roots > 0, r.object, Set.copyOf(r.topNames), Map.copyOf(r.top),
                Map.copyOf(r.firstText));
    }

    /** The state of one pass. */
    private static final class Reading {
        int roots;
        boolean object;
        final Set<String> topNames = new HashSet<>();
        final Map<String, String> top = new HashMap<>();
        final Map<String, String> firstText = new HashMap<>();

        void token(JsonParser p, JsonToken t) throws IOException {
            if (roots == 0 && t == JsonToken.START_OBJECT && p.getParsingContext().getParent().inRoot()) {
                object = true;
            }
            if (t == JsonToken.FIELD_NAME) {
                field(p, p.currentName());
            } else if (p.getParsingContext().inRoot()) {
                roots++; // a scalar root value, or the end of an object or array
            }
        }

        /** Reads the value of a field; its children, if any, are read as the following tokens. */
        private void field(JsonParser p, String name) throws IOException {
            boolean atTop = roots == 0 && p.getParsingContext().getParent().inRoot();
            if (atTop) {
                topNames.add(name);
            }
            JsonToken v = p.nextToken();
            if (!FIELDS.contains(name)) {
                return;
            }
            if (v == JsonToken.VALUE_STRING) {
                firstText.putIfAbsent(name, p.getText());
            }
            if (atTop) {
                if (v == JsonToken.VALUE_NULL) {
                    top.remove(name);
                } else {
                    top.put(name, text(p, v));
                }
            }
        }

        private static String text(JsonParser p, JsonToken v) throws IOException {
            if (v.isStructStart()) {
                return "";
            }
            return v.isNumeric() ? p.getNumberValue().toString() : p.getText();
        }
    }
}
