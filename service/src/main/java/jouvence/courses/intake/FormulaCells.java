package jouvence.courses.intake;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.QuoteMode;

import java.util.List;
import java.util.regex.Pattern;

/**
 * CSV injection (OWASP): a cell starting with {@code = + - @}, a tab or a carriage return is run as a formula by a
 * spreadsheet ({@code =HYPERLINK(…)}, {@code =cmd|…}). The file of rejected lines, meant to be opened, fixed and
 * dropped again, holds such cells with a single quote in front; the import takes that quote off again, so a line reads
 * back as it was written.
 */
final class FormulaCells {

    private static final String RISKY = "=+-@\t\r";

    private FormulaCells() {
    }

    /** Whether a spreadsheet would run the cell. */
    static boolean risky(String cell) {
        return !cell.isEmpty() && RISKY.indexOf(cell.charAt(0)) >= 0;
    }

    /** The cell, with a single quote in front when it is risky. */
    static String neutralise(String cell) {
        return risky(cell) ? "'" + cell : cell;
    }

    /** The cell as it was before {@link #neutralise}. */
    static String restore(String cell) {
        return cell != null && cell.startsWith("'") && risky(cell.substring(1)) ? cell.substring(1) : cell;
    }

    /**
     * A line of the file of rejected lines: as written when no cell is risky, else its cells written again with the
     * risky ones neutralised; a line that is not CSV (or a comment) split on the separator, each piece neutralised
     * after its opening quote, as a spreadsheet would split it.
     */
    static String line(String raw, char separator) {
        List<CsvLines.Line> read = CsvLines.read(raw, separator);
        if (read.size() == 1 && read.get(0).error() == null && !raw.stripLeading().startsWith("#")) {
            List<String> fields = read.get(0).fields();
            if (fields.stream().noneMatch(FormulaCells::risky)) {
                return raw;
            }
            CSVFormat format = CSVFormat.RFC4180.builder().setDelimiter(separator).setQuoteMode(QuoteMode.MINIMAL)
                    .setRecordSeparator("").get();
            return format.format(fields.stream().map(FormulaCells::neutralise).toArray());
        }
        StringBuilder b = new StringBuilder();
        for (String piece : raw.split(Pattern.quote(String.valueOf(separator)), -1)) {
            if (!b.isEmpty()) {
                b.append(separator);
            }
            int at = 0;
            while (at < piece.length() && piece.charAt(at) == ' ') {
                at++;
            }
            if (piece.startsWith("\"", at)) {
                at++;
            }
            b.append(piece, 0, at).append(neutralise(piece.substring(at)));
        }
        return b.toString();
    }
}
