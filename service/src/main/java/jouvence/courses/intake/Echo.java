package jouvence.courses.intake;

/**
 * A value someone else gave (a CSV cell, a request field), as a message may repeat it: in single quotes, at most its
 * first {@value #MAX} characters (then its length), control and format characters escaped ({@code \t}, {@code \n},
 * {@code \r}, {@code \}{@code uXXXX}). Reports, logs and mails never carry more of what a file held.
 */
public final class Echo {

    /** Characters of the value kept. */
    public static final int MAX = 20;

    private Echo() {
    }

    /** {@code 'value'}, or {@code 'first 20 characters…' (N characters)} for a longer one. */
    public static String quoted(String value) {
        String v = value == null ? "" : value;
        int length = v.codePointCount(0, v.length());
        StringBuilder b = new StringBuilder("'");
        v.codePoints().limit(MAX).forEach(c -> escape(b, c));
        b.append('\'');
        if (length > MAX) {
            b.insert(b.length() - 1, '…').append(" (").append(length).append(" characters)");
        }
        return b.toString();
    }

    private static void escape(StringBuilder b, int c) {
        switch (c) {
            case '\t' -> b.append("\\t");
            case '\n' -> b.append("\\n");
            case '\r' -> b.append("\\r");
            default -> {
                if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                        || Character.getType(c) == Character.LINE_SEPARATOR
                        || Character.getType(c) == Character.PARAGRAPH_SEPARATOR) {
                    b.append(String.format("\\u%04X", c));
                } else {
                    b.appendCodePoint(c);
                }
            }
        }
    }
}
