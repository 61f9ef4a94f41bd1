package jouvence.courses.staging;



/** How the archive checks quote what they found in their messages. */
final class ArchiveWords {

    /** Longest piece of found text (a Moodle error field, a parser's message) quoted in a message. */
    private static final int MAX_QUOTED_CHARS = 300;

    private ArchiveWords() {
    }

    static String shorten(String s) {
        return s.length() <= MAX_QUOTED_CHARS ? s : s.substring(0, MAX_QUOTED_CHARS) + "…";
    }

    static String quote(String s) {
        return "\"" + s + "\"";
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** The exception's message, or its class when it has none. */
    static String detail(Exception e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    }
}
