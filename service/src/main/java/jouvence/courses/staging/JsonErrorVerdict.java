package jouvence.courses.staging;

import jouvence.moodle.MoodleErrorAnswer;

/**
 * The {@code json-error} verdict on a file that starts with JSON: Moodle's error answer instead of an archive, quoted
 * from what {@link MoodleErrorAnswer} reads of it (the file's start may end in the middle of the JSON).
 */
final class JsonErrorVerdict {

    private JsonErrorVerdict() {
    }

    /** The exception for the JSON in {@code head[offset, offset + length)}, quoting Moodle's error when it is found. */
    static InvalidArchiveException of(byte[] head, int offset, int length) {
        MoodleErrorAnswer reply = MoodleErrorAnswer.read(head, offset, length);
        String errorcode = field(reply, "errorcode");
        String text = field(reply, "error");
        if (text == null) {
            text = field(reply, "message");
        }
        StringBuilder msg = new StringBuilder("The old Moodle sent an error message instead of a backup archive");
        if (text == null && errorcode == null) {
            msg.append(" (a JSON document whose error could not be read).");
        } else {
            msg.append(':');
            if (text != null) {
                msg.append(' ').append(ArchiveWords.quote(ArchiveWords.shorten(text)));
            }
            if (errorcode != null) {
                msg.append(" (Moodle error code: ").append(ArchiveWords.shorten(errorcode)).append(')');
            }
            msg.append('.');
        }
        return new InvalidArchiveException(InvalidArchiveException.JSON_ERROR, msg.toString(), errorcode, null);
    }

    /** The field's first text anywhere in the JSON, on one line (line breaks and tabs as spaces), or null if blank. */
    private static String field(MoodleErrorAnswer reply, String name) {
        String text = reply.firstText().get(name);
        if (text == null) {
            return null;
        }
        StringBuilder oneLine = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n', '\t', '\r' -> oneLine.append(' ');
                case '\b', '\f' -> { }
                default -> oneLine.append(c);
            }
        }
        return ArchiveWords.blankToNull(oneLine.toString());
    }
}
