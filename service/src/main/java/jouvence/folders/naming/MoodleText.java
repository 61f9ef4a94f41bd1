package jouvence.folders.naming;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Moodle's own text functions that the plugin's folder names go through, redone in Java so that Jouvence computes the
 * very names the plugin computes: {@code format_string} (no filters: the names are shown, not filtered, and the sites
 * Jouvence serves have none on titles), {@code clean_param} with {@code PARAM_FILE} and {@code PARAM_PATH} (Moodle 4.4's
 * {@code core\param}), PHP's {@code urlencode} and {@code substr} on bytes.
 */
final class MoodleText {

    /** {@code replace_ampersands_not_followed_by_entity}: an & that starts no entity becomes &amp;amp;. */
    private static final Pattern BARE_AMPERSAND = Pattern.compile("&(?![a-zA-Z0-9#]{1,8};)");
    /** PARAM_FILE's {@code ~[[:cntrl:]]|[&<>"`\|':\\/]~u} (with /u, PHP's PCRE matches [[:cntrl:]] as \p{Cc}). */
    private static final Pattern FILE_UNSAFE = Pattern.compile("[\\p{Cc}&<>\"`|':\\\\/]");
    /** fix_utf8 drops NUL and the non-characters U+FFFE and U+FFFF. */
    private static final Pattern NOT_UTF8_SAFE = Pattern.compile("[\\x{0}\\x{FFFE}\\x{FFFF}]");

    private MoodleText() {
    }

    /** {@code format_string($s, true, ['context' => …])} with filters off: ampersands escaped, tags stripped, < > escaped. */
    static String formatString(String s) {
        if (s == null || s.isEmpty()) {
            return "";
        }
        String escaped = BARE_AMPERSAND.matcher(s).replaceAll("&amp;");
        return stripTags(escaped).replace("<", "&lt;").replace(">", "&gt;");
    }

    /**
     * PHP's {@code strip_tags} for what a course, category or activity name holds: {@code <…>} runs are dropped (an
     * unclosed one to the end), a {@code <} followed by white space or nothing is text, comments go.
     */
    static String stripTags(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '<' && i + 1 < s.length() && !Character.isWhitespace(s.charAt(i + 1))) {
                int end = s.startsWith("<!--", i) ? s.indexOf("-->", i + 4) : tagEnd(s, i + 1);
                if (end < 0) {
                    break; // an unclosed tag swallows the rest, as in PHP
                }
                i = s.startsWith("<!--", i) ? end + 3 : end + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** The {@code >} that closes a tag opened before {@code from}, skipping quoted attribute values. */
    private static int tagEnd(String s, int from) {
        char quote = 0;
        for (int j = from; j < s.length(); j++) {
            char c = s.charAt(j);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '>') {
                return j;
            }
        }
        return -1;
    }

    /** {@code clean_param($s, PARAM_FILE)}. */
    static String paramFile(String s) {
        String cleaned = FILE_UNSAFE.matcher(fixUtf8(s)).replaceAll("");
        return cleaned.equals(".") || cleaned.equals("..") ? "" : cleaned;
    }

    /** {@code clean_param($s, PARAM_PATH)}: backslashes are slashes, each segment PARAM_FILE, runs of / and /./ folded. */
    static String paramPath(String s) {
        String[] crumbs = fixUtf8(s).replace('\\', '/').split("/", -1);
        for (int i = 0; i < crumbs.length; i++) {
            if (!(i == 0 && crumbs[i].equals("."))) {
                crumbs[i] = paramFile(crumbs[i]);
            }
        }
        String path = String.join("/", crumbs).replaceAll("//+", "/");
        return path.replaceAll("/(\\./)+", "/");
    }

    /** PHP's {@code urlencode}: letters, digits and {@code -_.} kept, space as +, every other byte as %XX (upper case). */
    static String urlencode(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
                out.append((char) c);
            } else if (c == ' ') {
                out.append('+');
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /**
     * PHP's {@code substr($s, 0, $bytes)} on the UTF-8 bytes, except that a character the cut would split is left out
     * whole (PHP would keep its first bytes and make the name invalid UTF-8; no server stores such a name as is).
     */
    static String headBytes(String s, int bytes) {
        if (utf8Length(s) <= bytes) {
            return s;
        }
        int used = 0;
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            int len = utf8Length(cp);
            if (used + len > bytes) {
                break;
            }
            used += len;
            i += Character.charCount(cp);
        }
        return s.substring(0, i);
    }

    static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static int utf8Length(int codePoint) {
        return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
    }

    private static String fixUtf8(String s) {
        return s == null ? "" : NOT_UTF8_SAFE.matcher(s).replaceAll("").replaceAll("\\p{Cs}", "");
    }
}
