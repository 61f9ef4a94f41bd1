package jouvence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jouvence.mail.Mail;
import jouvence.mail.Mails;
import jouvence.courses.Caller;
import jouvence.courses.InvalidRequestException;
import jouvence.courses.NewRestore;
import jouvence.courses.RestoreService;
import jouvence.queue.DuplicateRequestException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Bulk import of restore requests from a CSV file: one line per course, with the columns of the JSON API
 * ({@link RequestFields#NAMES}). The header line is required; each course line is judged alone, by the API's rules
 * and messages: a valid line is queued (source {@value #SOURCE}, reference {@code <file name>:<line>}), an invalid or
 * duplicate one is rejected with its line number and reason. A file that cannot be read as a whole (bad header, not
 * UTF-8, empty, too big, too many lines) queues nothing.
 */
public class CsvImport {

    public static final String SOURCE = "csv";
    /** {@code scheduled_by} of the requests of the watched folder (uploads say "api", like the API's requests). */
    public static final String FOLDER_CALLER = "import-folder";

    private static final Logger LOG = LoggerFactory.getLogger(CsvImport.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final int MAILED_REJECTIONS = 50;

    private final Collection<String> servers;
    private final int maxLines;
    private final long maxBytes;
    private final BiFunction<NewRestore, Caller, Long> queue;
    private final Path dir;
    private final Mails mails;

    public CsvImport(JouvenceConfig config, RestoreService service, Mails mails) {
        this(config.servers().keySet(), config.imports().maxLines(), config.imports().maxBytes(),
                (restore, caller) -> service.create(restore, caller).id(), config.imports().dir(), mails);
    }

    /**
     * @param queue queues a request and returns its id ({@link RestoreService#create}); throws an
     *              {@link InvalidRequestException} or a {@link DuplicateRequestException} for a refused one
     * @param dir   the watched folder (done/ and failed/ are inside it)
     */
    public CsvImport(Collection<String> servers, int maxLines, long maxBytes, BiFunction<NewRestore, Caller, Long> queue,
                     Path dir, Mails mails) {
        this.servers = servers;
        this.maxLines = maxLines;
        this.maxBytes = maxBytes;
        this.queue = queue;
        this.dir = dir;
        this.mails = mails;
    }

    // -----------------------------------------------------------------------------------------------------------------
    // The report

    public record Queued(int line, long requestId, String server, long remoteCourseId, String requester) {
    }

    /** @param raw the line as written (for the file of rejected lines) */
    public record Rejected(int line, String reason, String raw) {
    }

    /**
     * What became of a file.
     *
     * @param linesRead course lines read (the header, blank and comment lines not counted) = queued + rejected
     * @param fileError why the whole file was refused (then nothing was queued), or null
     */
    public record Report(String file, Instant at, String header, int linesRead, List<Queued> queued,
                         List<Rejected> rejected, String fileError) {

        static Report refused(String file, String error) {
            LOG.warn("import of {} refused: {}", file, error);
            return new Report(file, Instant.now(), null, 0, List.of(), List.of(), error);
        }

        /** Every line queued, none rejected, and at least one: the file is done. */
        public boolean complete() {
            return fileError == null && !queued.isEmpty() && rejected.isEmpty();
        }

        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", file);
            m.put("linesRead", linesRead);
            m.put("queuedCount", queued.size());
            m.put("rejectedCount", rejected.size());
            List<Map<String, Object>> q = new ArrayList<>();
            for (Queued x : queued) {
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("line", x.line());
                v.put("id", x.requestId());
                v.put("server", x.server());
                v.put("remoteCourseId", x.remoteCourseId());
                v.put("requester", x.requester());
                q.add(v);
            }
            m.put("queued", q);
            List<Map<String, Object>> r = new ArrayList<>();
            for (Rejected x : rejected) {
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("line", x.line());
                v.put("reason", x.reason());
                r.add(v);
            }
            m.put("rejected", r);
            if (fileError != null) {
                m.put("error", fileError);
            }
            return m;
        }

        public String toJson() {
            try {
                return JSON.writeValueAsString(toMap());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
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
                queued.forEach(x -> b.append("  line ").append(x.line()).append(": request ").append(x.requestId())
                        .append(" (").append(x.server()).append(", course ").append(x.remoteCourseId()).append(", ")
                        .append(x.requester()).append(")\n"));
            }
            return b.toString();
        }

        /** The header and the rejected lines, each under a comment giving its line number and reason: to fix and drop again. */
        public String rejectedCsv() {
            StringBuilder b = new StringBuilder();
            b.append(header).append('\n');
            for (Rejected x : rejected) {
                b.append("# line ").append(x.line()).append(" of ").append(file).append(": ")
                        .append(x.reason().replaceAll("[\r\n]+", " ")).append('\n');
                b.append(x.raw()).append('\n');
            }
            return b.toString();
        }
    }

    // -----------------------------------------------------------------------------------------------------------------
    // Parse, check, queue

    /** Reads at most max-bytes + 1 bytes, then imports them. */
    public Report run(String fileName, InputStream in, String scheduledBy) throws IOException {
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        return run(fileName, bytes, scheduledBy);
    }

    public Report run(String fileName, byte[] bytes, String scheduledBy) {
        String name = refName(fileName);
        if (bytes == null || bytes.length == 0) {
            return Report.refused(name, emptyMessage());
        }
        if (bytes.length > maxBytes) {
            return Report.refused(name, "the file is larger than " + maxBytes + " bytes (jouvence.import.max-bytes): "
                    + "split it");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return Report.refused(name, "the file is not UTF-8 text: save it as \"CSV UTF-8\"");
        }
        List<CsvReader.Record> records = CsvReader.read(text, CsvReader.detectSeparator(text));
        if (records.isEmpty()) {
            return Report.refused(name, emptyMessage());
        }
        CsvReader.Record header = records.get(0);
        List<String> columns = new ArrayList<>();
        String headerError = checkHeader(header, columns);
        if (headerError != null) {
            return Report.refused(name, headerError);
        }
        List<CsvReader.Record> lines = records.subList(1, records.size());
        if (lines.isEmpty()) {
            return Report.refused(name, "the file has a header but no course line");
        }
        if (lines.size() > maxLines) {
            return Report.refused(name, "the file has " + lines.size() + " course lines, more than "
                    + maxLines + " (jouvence.import.max-lines): split it");
        }
        List<Queued> queued = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        for (CsvReader.Record line : lines) {
            try {
                RequestFields.Fields f = check(line, columns);
                long id = queue.apply(f.toNewRestore(name + ":" + line.line()), new Caller(scheduledBy, SOURCE));
                queued.add(new Queued(line.line(), id, f.server(), f.remoteCourseId(), f.requester()));
            } catch (InvalidRequestException | DuplicateRequestException e) {
                rejected.add(new Rejected(line.line(), e.getMessage(), line.raw()));
            } catch (RuntimeException e) {
                LOG.error("import of {}: line {} could not be queued", name, line.line(), e);
                rejected.add(new Rejected(line.line(), "not queued because of an internal error (in the log): "
                        + "drop the line again later", line.raw()));
            }
        }
        Report report = new Report(name, Instant.now(), header.raw(), lines.size(), List.copyOf(queued),
                List.copyOf(rejected), null);
        LOG.info("import of {}: course lines {}, queued {}, rejected {}", name, lines.size(), queued.size(),
                rejected.size());
        return report;
    }

    /** A course line against the header's columns: the API's rules and messages. */
    RequestFields.Fields check(CsvReader.Record line, List<String> columns) {
        if (line.error() != null) {
            throw new RequestFields.InvalidField("the line cannot be read: " + line.error());
        }
        if (line.fields().size() > columns.size()) {
            throw new RequestFields.InvalidField("the line has " + line.fields().size() + " fields but the header "
                    + columns.size() + " (a value holding the separator must be quoted)");
        }
        Map<String, String> cells = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            cells.put(columns.get(i), i < line.fields().size() ? line.fields().get(i) : null);
        }
        return RequestFields.check(RequestFields.fromText(cells), servers);
    }

    /** Fills {@code columns} with the canonical field names, or says everything wrong with the header. */
    static String checkHeader(CsvReader.Record header, List<String> columns) {
        String expected = " (the first line names the columns: " + String.join(",", RequestFields.REQUIRED)
                + " and any of " + String.join(",", RequestFields.NAMES.subList(RequestFields.REQUIRED.size(),
                RequestFields.NAMES.size())) + ", separated by , or ;)";
        if (header.error() != null) {
            return "bad header on line " + header.line() + ": " + header.error() + expected;
        }
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < header.fields().size(); i++) {
            String given = header.fields().get(i);
            String known = RequestFields.canonicalName(given);
            if (given.isBlank()) {
                problems.add("column " + (i + 1) + " has no name");
            } else if (known == null) {
                problems.add("unknown column '" + given.strip() + "'");
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
        return problems.isEmpty() ? null
                : "bad header on line " + header.line() + ": " + String.join("; ", problems) + expected;
    }

    private String emptyMessage() {
        return "the file is empty: it needs a header line (" + String.join(",", RequestFields.NAMES)
                + ") and one line per course";
    }

    /** The file's own name (no folders), made safe to stand in a request's reference. */
    static String refName(String fileName) {
        String n = fileName == null ? "" : fileName.strip();
        n = n.substring(Math.max(n.lastIndexOf('/'), n.lastIndexOf('\\')) + 1);
        n = n.replaceAll("[^\\p{L}\\p{N}._()+-]", "_");
        if (n.length() > 200) {
            n = n.substring(n.length() - 200);
        }
        return n.isEmpty() ? "upload-" + STAMP.format(Instant.now()) + ".csv" : n;
    }

    // -----------------------------------------------------------------------------------------------------------------
    // The two ways in

    /** {@code POST /api/v1/imports}: 200 with the report, 400 when the file is refused whole. */
    public IntakeApi.Answer upload(String name, byte[] body) {
        Report r = run(name, body, "api");
        if (r.fileError() != null) {
            return ApiAnswers.error(400, r.fileError());
        }
        return ApiAnswers.json(200, r.toMap());
    }

    /**
     * What the watched folder does with a file after its import.
     *
     * @param moveTo where the file goes, relative to the folder (done/... or failed/...)
     */
    public record FolderOutcome(String moveTo, Report report, List<Mail> mails) {
    }

    /**
     * Imports a file of the watched folder, writes its report (and the file of its rejected lines) in done/ when every
     * line was queued, in failed/ otherwise, and returns where the file goes and the admins' mails.
     */
    public FolderOutcome fromFolder(String fileName, InputStream in) throws IOException {
        Report r = run(fileName, in, FOLDER_CALLER);
        String folder = r.complete() ? "done" : "failed";
        Path target = dir.resolve(folder);
        Files.createDirectories(target);
        String moved = freeName(target, fileName);
        String base = baseName(moved);
        Path report = target.resolve(base + ".report.txt");
        Path rejectedFile = r.rejected().isEmpty() ? null : target.resolve(base + ".rejected.csv");
        if (rejectedFile != null) {
            Files.writeString(rejectedFile, r.rejectedCsv(), StandardCharsets.UTF_8);
        }
        Path movedPath = target.resolve(moved).toAbsolutePath();
        Files.writeString(report, r.toText(movedPath.toString(),
                rejectedFile == null ? null : rejectedFile.toAbsolutePath().toString()), StandardCharsets.UTF_8);
        LOG.info("import folder: {} goes to {}", fileName, movedPath);
        List<Mail> out = mails == null ? List.of() : mails.imported(r, movedPath.toString(),
                report.toAbsolutePath().toString(), rejectedFile == null ? null : rejectedFile.toAbsolutePath().toString(),
                MAILED_REJECTIONS);
        return new FolderOutcome(folder + "/" + moved, r, out);
    }

    /** {@code name}, or name-2, name-3... when done/ or failed/ already has a file (or a report) of that name. */
    static String freeName(Path folder, String name) {
        String base = baseName(name);
        String ext = name.substring(base.length());
        for (int k = 1; ; k++) {
            String candidate = k == 1 ? name : base + "-" + k + ext;
            String b = baseName(candidate);
            if (!Files.exists(folder.resolve(candidate)) && !Files.exists(folder.resolve(b + ".report.txt"))) {
                return candidate;
            }
        }
    }

    private static String baseName(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
