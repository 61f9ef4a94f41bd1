package jouvence.courses.intake;

import jouvence.JouvenceConfig;
import jouvence.courses.Caller;
import jouvence.courses.DuplicateRequestException;
import jouvence.courses.InvalidRequestException;
import jouvence.courses.NewRestore;
import jouvence.courses.RestoreService;
import jouvence.courses.api.ApiAnswers;
import jouvence.courses.api.IntakeApi;
import jouvence.mail.Mail;
import jouvence.mail.Mails;
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
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
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
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final int MAILED_REJECTIONS = 50;

    private final Collection<String> servers;
    private final int maxLines;
    private final long maxBytes;
    private final BiFunction<NewRestore, Caller, Long> queue;
    private final Path dir;
    private final Mails mails;
    private final Clock clock;

    /**
     * A file whose header is only {@code username} (and optionally {@code server}): its lines become imports of
     * profile fields and preferences (issue 14) instead of restore requests. Null while that capability is off.
     */
    public interface UsernameLines {
        boolean accepts(List<String> header);

        /** Queues the line's import; throws an {@link InvalidRequestException} saying why a line is refused. */
        ImportReport.Queued queue(List<String> header, CsvLines.Line line, String by);
    }

    private volatile UsernameLines usernames;

    public CsvImport usernames(UsernameLines lines) {
        this.usernames = lines;
        return this;
    }

    public CsvImport(JouvenceConfig config, RestoreService service, Mails mails, Clock clock) {
        this(config.servers().keySet(), config.imports().maxLines(), config.imports().maxBytes(),
                (restore, caller) -> service.create(restore, caller).id(), config.imports().dir(), mails, clock);
    }

    /**
     * @param queue queues a request and returns its id ({@link RestoreService#create}); throws an
     *              {@link InvalidRequestException} or a {@link DuplicateRequestException} for a refused one
     * @param dir   the watched folder (done/ and failed/ are inside it)
     * @param clock the time of the reports and of the names given to uploads without one
     */
    public CsvImport(Collection<String> servers, int maxLines, long maxBytes, BiFunction<NewRestore, Caller, Long> queue,
                     Path dir, Mails mails, Clock clock) {
        this.servers = servers;
        this.maxLines = maxLines;
        this.maxBytes = maxBytes;
        this.queue = queue;
        this.dir = dir;
        this.mails = mails;
        this.clock = clock;
    }

    // -----------------------------------------------------------------------------------------------------------------
    // Parse, check, queue

    /** Reads at most max-bytes + 1 bytes, then imports them. */
    public ImportReport run(String fileName, InputStream in, String scheduledBy) throws IOException {
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        return run(fileName, bytes, scheduledBy);
    }

    public ImportReport run(String fileName, byte[] bytes, String scheduledBy) {
        String name = refName(fileName);
        if (bytes == null || bytes.length == 0) {
            return refused(name, emptyMessage());
        }
        if (bytes.length > maxBytes) {
            return refused(name, "the file is larger than " + maxBytes + " bytes (jouvence.import.max-bytes): split it");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return refused(name, "the file is not UTF-8 text: save it as \"CSV UTF-8\"");
        }
        List<CsvLines.Line> records = CsvLines.read(text);
        if (records.isEmpty()) {
            return refused(name, emptyMessage());
        }
        UsernameLines users = usernames;
        if (users != null && records.get(0).error() == null && users.accepts(records.get(0).fields())
                && records.size() > 1 && records.size() - 1 <= maxLines) {
            return judgeUsernames(name, records, users, scheduledBy);
        }
        CsvColumns columns;
        try {
            columns = CsvColumns.of(records.get(0));
        } catch (CsvColumns.BadHeader e) {
            return refused(name, e.getMessage());
        }
        List<CsvLines.Line> lines = records.subList(1, records.size());
        if (lines.isEmpty()) {
            return refused(name, "the file has a header but no course line");
        }
        if (lines.size() > maxLines) {
            return refused(name, "the file has " + lines.size() + " course lines, more than "
                    + maxLines + " (jouvence.import.max-lines): split it");
        }
        ImportReport report = judge(name, records.get(0).raw(), lines, columns, new Caller(scheduledBy, SOURCE));
        LOG.info("import of {}: course lines {}, queued {}, rejected {}", name, lines.size(), report.queued().size(),
                report.rejected().size());
        return report;
    }

    /** Each course line judged alone: queued, or rejected with its reason. */
    private ImportReport judge(String name, String header, List<CsvLines.Line> lines, CsvColumns columns, Caller caller) {
        List<ImportReport.Queued> queued = new ArrayList<>();
        List<ImportReport.Rejected> rejected = new ArrayList<>();
        for (CsvLines.Line line : lines) {
            try {
                RequestFields.Fields f = columns.check(line, servers);
                long id = queue.apply(f.toNewRestore(name + ":" + line.number()), caller);
                queued.add(new ImportReport.Queued(line.number(), id, f.server(), f.remoteCourseId(), f.requester()));
            } catch (InvalidRequestException | DuplicateRequestException e) {
                rejected.add(new ImportReport.Rejected(line.number(), e.getMessage(), line.raw()));
            } catch (RuntimeException e) {
                LOG.error("import of {}: line {} could not be queued", name, line.number(), e);
                rejected.add(new ImportReport.Rejected(line.number(), "not queued because of an internal error "
                        + "(in the log): drop the line again later", line.raw()));
            }
        }
        return new ImportReport(name, clock.instant(), header, lines.size(), List.copyOf(queued), List.copyOf(rejected),
                null);
    }

    /** A file of usernames: each line an import of that person's profile and preferences, or rejected with why. */
    private ImportReport judgeUsernames(String name, List<CsvLines.Line> records, UsernameLines users, String by) {
        List<ImportReport.Queued> queued = new ArrayList<>();
        List<ImportReport.Rejected> rejected = new ArrayList<>();
        for (CsvLines.Line line : records.subList(1, records.size())) {
            try {
                queued.add(users.queue(records.get(0).fields(), line, by));
            } catch (InvalidRequestException e) {
                rejected.add(new ImportReport.Rejected(line.number(), e.getMessage(), line.raw()));
            }
        }
        LOG.info("import of {} (usernames: profile and preferences): lines {}, queued {}, rejected {}", name,
                records.size() - 1, queued.size(), rejected.size());
        return new ImportReport(name, clock.instant(), records.get(0).raw(), records.size() - 1, List.copyOf(queued),
                List.copyOf(rejected), null);
    }

    private ImportReport refused(String name, String error) {
        LOG.warn("import of {} refused: {}", name, error);
        return ImportReport.refused(name, clock.instant(), error);
    }

    private String emptyMessage() {
        return "the file is empty: it needs a header line (" + String.join(",", RequestFields.NAMES)
                + ") and one line per course";
    }

    /** The file's own name (no folders), made safe to stand in a request's reference. */
    private String refName(String fileName) {
        String n = fileName == null ? "" : fileName.strip();
        n = n.substring(Math.max(n.lastIndexOf('/'), n.lastIndexOf('\\')) + 1);
        n = n.replaceAll("[^\\p{L}\\p{N}._()+-]", "_");
        if (n.length() > 200) {
            n = n.substring(n.length() - 200);
        }
        return n.isEmpty() ? "upload-" + STAMP.format(clock.instant()) + ".csv" : n;
    }

    // -----------------------------------------------------------------------------------------------------------------
    // The two ways in

    /** {@code POST /api/v1/imports}: 200 with the report, 400 when the file is refused whole. */
    public IntakeApi.Answer upload(String name, byte[] body) {
        ImportReport r = run(name, body, "api");
        if (r.fileError() != null) {
            return ApiAnswers.error(400, r.fileError());
        }
        return ApiAnswers.json(200, r.view());
    }

    /**
     * What the watched folder does with a file after its import.
     *
     * @param moveTo where the file goes, relative to the folder (done/... or failed/...)
     */
    public record FolderOutcome(String moveTo, ImportReport report, List<Mail> mails) {
    }

    /**
     * Imports a file of the watched folder if it is a regular file ({@link DroppedFile}: never a link, a pipe or a
     * device, refused then without reading it), and files it as {@link #fromFolder(String, InputStream)} does.
     */
    public FolderOutcome fromFolder(String fileName, Path file) throws IOException {
        InputStream in;
        try {
            in = DroppedFile.open(file, refName(fileName));
        } catch (DroppedFile.NotRegular e) {
            return file(fileName, refused(refName(fileName), e.getMessage()));
        }
        try (in) {
            return fromFolder(fileName, in);
        }
    }

    /**
     * Imports a file of the watched folder, writes its report (and the file of its rejected lines) in done/ when every
     * line was queued, in failed/ otherwise, and returns where the file goes and the admins' mails.
     */
    public FolderOutcome fromFolder(String fileName, InputStream in) throws IOException {
        return file(fileName, run(fileName, in, FOLDER_CALLER));
    }

    private FolderOutcome file(String fileName, ImportReport r) throws IOException {
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
