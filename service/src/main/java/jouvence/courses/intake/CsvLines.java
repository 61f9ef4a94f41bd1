package jouvence.courses.intake;

import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The records of an imported CSV text, read by Apache Commons CSV (RFC 4180: quoted fields with "" for a quote, which
 * may hold separators and line breaks; lines ended by CRLF, LF or CR; blanks around a field ignored). What the import
 * adds: the separator the header uses (',' or ';'), an optional UTF-8 byte-order mark, blank lines, lines of empty
 * fields only (what spreadsheets write for an empty row) and comment lines (first non-blank character '#', one line
 * whatever quotes it holds) skipped, each record's first line as a text editor numbers it, and a malformed record
 * kept with its error while reading goes on at the next line.
 */
public final class CsvLines {

    /**
     * One record.
     *
     * @param number the line it starts on (1 = the first line of the text)
     * @param fields its fields, none when it could not be read
     * @param raw    its text as written, without the line break that ends it
     * @param error  why it could not be read, or null
     */
    public record Line(int number, List<String> fields, String raw, String error) {
    }

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreSurroundingSpaces(true).get();

    private CsvLines() {
    }

    /** Every record of the text with the separator its header uses, skipped lines left out. */
    public static List<Line> read(String text) {
        return read(text, separatorOf(text));
    }

    /** ';' when the first line that is not blank or a comment has more ';' than ',' outside quotes, else ','. */
    public static char separatorOf(String text) {
        for (String line : stripBom(text).split("\r\n|\r|\n")) {
            if (!line.isBlank() && !line.stripLeading().startsWith("#")) {
                int commas = 0;
                int semicolons = 0;
                boolean quoted = false;
                for (char c : line.toCharArray()) {
                    quoted ^= c == '"';
                    commas += !quoted && c == ',' ? 1 : 0;
                    semicolons += !quoted && c == ';' ? 1 : 0;
                }
                return semicolons > commas ? ';' : ',';
            }
        }
        return ',';
    }

    /** Every record of the text, skipped lines left out. */
    public static List<Line> read(String text, char separator) {
        String t = stripBom(text);
        if (!t.isEmpty() && !t.endsWith("\n") && !t.endsWith("\r")) {
            t += "\n"; // every record ends with a line break: the parser's line count is then the next record's line
        }
        TextLines lines = new TextLines(t);
        CSVFormat format = FORMAT.builder().setDelimiter(separator).get();
        List<Line> out = new ArrayList<>();
        for (int from = 0; from < lines.count(); ) {
            from = readFrom(lines, from, format, out);
        }
        return out;
    }

    /**
     * Parses from line {@code from} (0-based) until the end of the text or a line where the parse must start again (after
     * a malformed record or a comment holding a quote), and returns that line.
     */
    private static int readFrom(TextLines lines, int from, CSVFormat format, List<Line> out) {
        StringReader reader = new StringReader(lines.text());
        try (CSVParser parser = CSVParser.builder().setReader(reader).setFormat(format).get()) {
            reader.skip(lines.start(from)); // the parser has not read yet: it starts there, counting lines from 0
            Iterator<CSVRecord> records = parser.iterator();
            int at = from; // the line the next record starts on
            while (true) {
                CSVRecord record;
                try {
                    if (!records.hasNext()) {
                        return lines.count();
                    }
                    record = records.next();
                } catch (UncheckedIOException e) {
                    // The parser stands on the line of the fault (text after a closing quote), or at the end (EOF).
                    int next = Math.min(lines.count(), Math.max(at + 1, from + (int) parser.getCurrentLineNumber()));
                    if (!lines.isComment(at)) {
                        out.add(new Line(at + 1, List.of(), lines.between(at, next), describe(e.getCause(), at + 1)));
                        return next;
                    }
                    return at + 1;
                }
                int next = from + (int) parser.getCurrentLineNumber();
                if (lines.isComment(at)) {
                    if (next > at + 1) {
                        return at + 1; // a quote opened in a comment: the comment is its line alone
                    }
                } else if (!record.stream().allMatch(String::isBlank)) {
                    out.add(new Line(at + 1, record.toList(), lines.between(at, next), null));
                }
                at = next;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a string is read in memory
        }
    }

    /** Commons CSV tells its faults apart by their messages only (CsvImportTest reads both kinds). */
    private static String describe(Throwable fault, int line) {
        String message = fault == null ? "unreadable" : String.valueOf(fault.getMessage());
        if (!(fault instanceof CSVException)) {
            return message;
        } else if (message.contains("EOF reached before encapsulated token finished")) {
            return "a quoted field opened on line " + line + " is never closed";
        } else if (message.contains("Invalid character between encapsulated token and delimiter")) {
            return "text after the closing quote of a field (a quote inside a quoted field is written \"\")";
        }
        return message;
    }

    /** The text by lines (ended by CRLF, LF or CR, as the parser counts them), 0-based. */
    private record TextLines(String text, List<Integer> starts) {

        TextLines(String text) {
            this(text, new ArrayList<>());
            for (int i = 0; i < text.length(); i++) {
                if (i == 0 || text.charAt(i - 1) == '\n' || text.charAt(i - 1) == '\r' && text.charAt(i) != '\n') {
                    starts.add(i);
                }
            }
        }

        int count() {
            return starts.size();
        }

        int start(int line) {
            return line < starts.size() ? starts.get(line) : text.length();
        }

        /** Lines {@code from} to {@code to} (excluded), without the last line break. */
        String between(int from, int to) {
            return text.substring(start(from), start(to)).replaceFirst("(\r\n|\r|\n)\\z", "");
        }

        boolean isComment(int line) {
            return text.substring(start(line), start(line + 1)).stripLeading().startsWith("#");
        }
    }

    static String stripBom(String text) {
        return !text.isEmpty() && text.charAt(0) == '\uFEFF' ? text.substring(1) : text;
    }
}
