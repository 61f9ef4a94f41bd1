package jouvence;

import java.util.ArrayList;
import java.util.List;

/**
 * A small RFC 4180 reader: fields separated by ',' or ';', quoted fields with "" for a quote (they may hold separators
 * and line breaks), lines ended by CRLF, LF or CR, an optional UTF-8 byte-order mark. Blank lines, lines of empty
 * fields only (what spreadsheets write for an empty row) and lines starting with '#' are skipped. Each record knows the
 * line it starts on, as a text editor numbers it; a malformed record is returned with its error and reading goes on at
 * the next line.
 */
public final class CsvReader {

    /**
     * One record.
     *
     * @param line  the line it starts on (1 = the first line of the text)
     * @param raw   its text as written, without the line break that ends it
     * @param error why it could not be read, or null
     */
    public record Record(int line, List<String> fields, String raw, String error) {
    }

    private CsvReader() {
    }

    /** ';' when the first line that is not blank or a comment has more ';' than ',' outside quotes, else ','. */
    public static char detectSeparator(String text) {
        String t = stripBom(text);
        int at = 0;
        while (at < t.length()) {
            int end = at;
            while (end < t.length() && t.charAt(end) != '\n' && t.charAt(end) != '\r') {
                end++;
            }
            String line = t.substring(at, end);
            if (!line.isBlank() && !line.stripLeading().startsWith("#")) {
                int commas = 0;
                int semicolons = 0;
                boolean quoted = false;
                for (char c : line.toCharArray()) {
                    if (c == '"') {
                        quoted = !quoted;
                    } else if (!quoted && c == ',') {
                        commas++;
                    } else if (!quoted && c == ';') {
                        semicolons++;
                    }
                }
                return semicolons > commas ? ';' : ',';
            }
            at = end + 1;
        }
        return ',';
    }

    /** Every record of the text, skipped lines left out. */
    public static List<Record> read(String text, char separator) {
        String t = stripBom(text);
        List<Record> records = new ArrayList<>();
        int n = t.length();
        int i = 0;
        int line = 1;
        while (i < n) {
            int start = i;
            int startLine = line;
            // A comment line: skipped whole, whatever quotes it holds.
            int firstNonBlank = i;
            while (firstNonBlank < n && (t.charAt(firstNonBlank) == ' ' || t.charAt(firstNonBlank) == '\t')) {
                firstNonBlank++;
            }
            if (firstNonBlank < n && t.charAt(firstNonBlank) == '#') {
                i = lineEnd(t, i);
                line++;
                i = skipBreak(t, i);
                continue;
            }
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;      // inside a quoted field
            boolean wasQuoted = false;   // the current field was quoted and its closing quote is behind us
            String error = null;
            while (i < n) {
                char c = t.charAt(i);
                if (quoted) {
                    if (c == '"') {
                        if (i + 1 < n && t.charAt(i + 1) == '"') {
                            field.append('"');
                            i += 2;
                        } else {
                            quoted = false;
                            wasQuoted = true;
                            i++;
                        }
                    } else {
                        if (c == '\n' || (c == '\r' && (i + 1 >= n || t.charAt(i + 1) != '\n'))) {
                            line++;
                        }
                        field.append(c);
                        i++;
                    }
                } else if (c == separator) {
                    fields.add(field.toString());
                    field.setLength(0);
                    wasQuoted = false;
                    i++;
                } else if (c == '\n' || c == '\r') {
                    break;
                } else if (wasQuoted) {
                    if (c != ' ' && c != '\t') {
                        error = "text after the closing quote of field " + (fields.size() + 1)
                                + " (a quote inside a quoted field is written \"\")";
                        i = lineEnd(t, i);
                        break;
                    }
                    i++; // blanks after a closing quote are ignored
                } else if (c == '"' && field.toString().isBlank()) {
                    field.setLength(0); // blanks before an opening quote are ignored
                    quoted = true;
                    i++;
                } else {
                    field.append(c);
                    i++;
                }
            }
            if (quoted) {
                error = "a quoted field opened on line " + startLine + " is never closed";
            }
            fields.add(field.toString());
            String raw = t.substring(start, Math.min(i, n));
            if (i < n) {
                line++;
                i = skipBreak(t, i);
            }
            boolean blank = error == null && fields.stream().allMatch(String::isBlank);
            if (!blank) {
                records.add(new Record(startLine, error == null ? List.copyOf(fields) : List.of(), raw, error));
            }
        }
        return records;
    }

    static String stripBom(String text) {
        return !text.isEmpty() && text.charAt(0) == '\uFEFF' ? text.substring(1) : text;
    }

    private static int lineEnd(String t, int i) {
        while (i < t.length() && t.charAt(i) != '\n' && t.charAt(i) != '\r') {
            i++;
        }
        return i;
    }

    private static int skipBreak(String t, int i) {
        if (i < t.length() && t.charAt(i) == '\r') {
            i++;
        }
        if (i < t.length() && t.charAt(i) == '\n') {
            i++;
        }
        return i;
    }
}
