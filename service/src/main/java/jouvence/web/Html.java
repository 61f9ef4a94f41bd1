package jouvence.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** HTML output helpers: every value that reaches a page goes through {@link #esc}. */
public final class Html {

    private Html() {
    }

    /** Escapes text for an HTML element or a quoted attribute; null becomes the empty string. */
    public static String esc(Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString();
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** A query-string value. */
    public static String url(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }
}
