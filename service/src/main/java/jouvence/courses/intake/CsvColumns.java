package jouvence.courses.intake;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The columns a CSV import's header names (in any order and case, {@link RequestFields#NAMES}), and a course line read
 * under them by the API's rules and messages.
 */
final class CsvColumns {

    /** A header the import cannot use: the file is refused whole. */
    static final class BadHeader extends Exception {
        BadHeader(String message) {
            super(message);
        }
    }

    private final List<String> names;

    private CsvColumns(List<String> names) {
        this.names = names;
    }

    /** The header's canonical field names, or everything wrong with it. */
    static CsvColumns of(CsvLines.Line header) throws BadHeader {
        String expected = " (the first line names the columns: " + String.join(",", RequestFields.REQUIRED)
                + " and any of " + String.join(",", RequestFields.NAMES.subList(RequestFields.REQUIRED.size(),
                RequestFields.NAMES.size())) + ", separated by , or ;)";
        if (header.error() != null) {
            throw new BadHeader("bad header on line " + header.number() + ": " + header.error() + expected);
        }
        List<String> problems = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        for (int i = 0; i < header.fields().size(); i++) {
            String given = header.fields().get(i);
            String known = RequestFields.canonicalName(given);
            if (given.isBlank()) {
                problems.add("column " + (i + 1) + " has no name");
            } else if (known == null) {
                problems.add("unknown column " + Echo.quoted(given.strip()));
            } else if (columns.contains(known)) {
                problems.add("column '" + known + "' appears twice");
            }
            columns.add(known);
        }
        for (String required : RequestFields.REQUIRED) {
            if (!columns.contains(required)) {
                problems.add("missing column '" + required + "'");
            }
        }
        if (!problems.isEmpty()) {
            throw new BadHeader("bad header on line " + header.number() + ": " + String.join("; ", problems) + expected);
        }
        return new CsvColumns(List.copyOf(columns));
    }

    /**
     * A course line under these columns: the API's rules and messages ({@link RequestFields.InvalidField}); a cell
     * the file of rejected lines neutralised ({@link FormulaCells}) is read without its quote.
     */
    RequestFields.Fields check(CsvLines.Line line, Collection<String> servers) {
        if (line.error() != null) {
            throw new RequestFields.InvalidField("the line cannot be read: " + line.error());
        }
        if (line.fields().size() > names.size()) {
            throw new RequestFields.InvalidField("the line has " + line.fields().size() + " fields but the header "
                    + names.size() + " (a value holding the separator must be quoted)");
        }
        Map<String, String> cells = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            cells.put(names.get(i), i < line.fields().size() ? FormulaCells.restore(line.fields().get(i)) : null);
        }
        return RequestFields.check(RequestFields.fromText(cells), servers);
    }
}
