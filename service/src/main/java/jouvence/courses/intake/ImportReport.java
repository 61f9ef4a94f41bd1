package jouvence.courses.intake;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;

/**
 * What became of an imported CSV file: its view for the API (written as JSON by the REST route), its text report and its file of rejected lines for the
 * watched folder.
 *
 * @param linesRead course lines read (the header, blank and comment lines not counted) = queued + rejected
 * @param fileError why the whole file was refused (then nothing was queued), or null
 */
public record ImportReport(String file, Instant at, String header, int linesRead, List<Queued> queued,
                           List<Rejected> rejected, String fileError) {


    public record Queued(int line, @JsonProperty("id") long requestId, String server, long remoteCourseId,
                         String requester) {
    }

    /** @param raw the line as written (for the file of rejected lines, not in the JSON) */
    public record Rejected(int line, String reason, @JsonIgnore String raw) {
    }

    /** The JSON of {@code POST /api/v1/imports}, written by Jackson in the order of its components. */
    public record View(String file, int linesRead, int queuedCount, int rejectedCount, List<Queued> queued,
                       List<Rejected> rejected, @JsonInclude(JsonInclude.Include.NON_NULL) String error) {
    }

    /** A file refused whole: nothing read, nothing queued. */
    static ImportReport refused(String file, Instant at, String error) {
        return new ImportReport(file, at, null, 0, List.of(), List.of(), error);
    }

    /** Every line queued, none rejected, and at least one: the file is done. */
    public boolean complete() {
        return fileError == null && !queued.isEmpty() && rejected.isEmpty();
    }

    public View view() {
        return new View(file, linesRead, queued.size(), rejected.size(), queued, rejected, fileError);
    }

    /** The plain-text report written next to an imported file. */
    public String toText(String movedTo, String rejectedFile) {
        StringBuilder b = new StringBuilder();
        b.append("Jouvence import of ").append(file).append(" at ").append(at).append('\n');
        b.append("File moved to ").append(movedTo).append('\n').append('\n');
        if (fileError != null) {
            b.append("The file was refused and nothing was queued:\n  ").append(fileError).append('\n');
            return b.toString();
        }
        b.append("Course lines read: ").append(linesRead).append('\n');
        b.append("Queued:            ").append(queued.size()).append('\n');
        b.append("Rejected:          ").append(rejected.size()).append('\n');
        if (!rejected.isEmpty()) {
            b.append("\nRejected lines");
            if (rejectedFile != null) {
                b.append(" (").append(rejectedFile).append(" holds them under the header, each reason in a comment: "
                        + "fix them there and drop that file again)");
            }
            b.append(":\n");
            rejected.forEach(x -> b.append("  line ").append(x.line()).append(": ").append(x.reason()).append('\n'));
        }
        if (!queued.isEmpty()) {
            b.append("\nQueued lines:\n");
            queued.forEach(x -> b.append("  line ").append(x.line()).append(x.remoteCourseId() == 0
                    ? ": profile and preferences import " : ": request ").append(x.requestId()).append(" (")
                    .append(x.server()).append(x.remoteCourseId() == 0 ? "" : ", course " + x.remoteCourseId())
                    .append(", ").append(x.requester()).append(")\n"));
        }
        return b.toString();
    }

    /**
     * The header and the rejected lines, each under a comment giving its line number and reason: to fix and drop again.
     * Cells a spreadsheet would run as formulas are neutralised ({@link FormulaCells}), in the comments too.
     */
    public String rejectedCsv() {
        char separator = CsvLines.separatorOf(header);
        StringBuilder b = new StringBuilder();
        b.append(header).append('\n');
        for (Rejected x : rejected) {
            b.append(FormulaCells.line("# line " + x.line() + " of " + file + ": "
                    + x.reason().replaceAll("[\r\n]+", " "), separator)).append('\n');
            b.append(FormulaCells.line(x.raw(), separator)).append('\n');
        }
        return b.toString();
    }
}
