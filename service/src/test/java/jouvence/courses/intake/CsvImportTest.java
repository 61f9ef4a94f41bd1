package jouvence.courses.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jouvence.JouvenceConfig;
import jouvence.courses.Caller;
import jouvence.courses.DuplicateRequestException;
import jouvence.courses.NewRestore;
import jouvence.courses.api.IntakeApi;
import jouvence.courses.intake.CsvLines.Line;
import jouvence.courses.queue.RequestRepository.NewRequest;
import jouvence.mail.Mail;
import jouvence.mail.Mails;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CSV lines, the shared field rules and the import's report: no Camel, no database. */
class CsvImportTest {

    private static final List<String> SERVERS = List.of("old", "other");
    private static final String HEADER = "server,remoteCourseId,requester,withUserData,enrolmentMode,category";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-04T05:06:07Z"), ZoneOffset.UTC);

    // -----------------------------------------------------------------------------------------------------------------
    // The reader

    private static List<List<String>> fields(String text, char sep) {
        return CsvLines.read(text, sep).stream().map(Line::fields).toList();
    }

    @Test
    void plain_fields_are_split_on_the_separator() {
        assertEquals(List.of(List.of("a", "b", "c"), List.of("1", "", "3")), fields("a,b,c\n1,,3\n", ','));
        assertEquals(List.of(List.of("a", "b,c")), fields("a;b,c", ';'));
    }

    @Test
    void quoted_fields_hold_separators_escaped_quotes_and_line_breaks() {
        List<Line> r = CsvLines.read("\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\"\nnext,x\n", ',');
        assertEquals(List.of("a,b", "say \"hi\"", "two\nlines"), r.get(0).fields());
        assertEquals(1, r.get(0).number());
        assertEquals(List.of("next", "x"), r.get(1).fields());
        assertEquals(3, r.get(1).number(), "a record's line is where it starts, as an editor numbers it");
        assertEquals(List.of("", "x"), fields("\"\",x", ',').get(0), "an empty quoted field");
        assertEquals(List.of("a", "b"), fields("  \"a\"  ,\"b\"", ',').get(0), "blanks around quotes are ignored");
    }

    @Test
    void crlf_lf_and_cr_line_breaks_and_a_missing_last_break_are_all_read() {
        String crlf = "h1,h2\r\n1,2\r\n\"x\r\ny\",3\r\n4,5";
        List<Line> r = CsvLines.read(crlf, ',');
        assertEquals(List.of(List.of("h1", "h2"), List.of("1", "2"), List.of("x\r\ny", "3"), List.of("4", "5")),
                r.stream().map(Line::fields).toList());
        assertEquals(List.of(1, 2, 3, 5), r.stream().map(Line::number).toList());
        assertEquals("1,2", r.get(1).raw(), "the raw text has no line break");
        assertEquals(List.of(List.of("a"), List.of("b")), fields("a\rb\r", ','));
    }

    @Test
    void a_byte_order_mark_is_ignored() {
        List<Line> r = CsvLines.read("\uFEFFserver;remoteCourseId\nold;2", ';');
        assertEquals(List.of("server", "remoteCourseId"), r.get(0).fields());
        assertEquals(';', CsvLines.separatorOf("\uFEFFserver;remoteCourseId;requester\n"));
    }

    @Test
    void the_separator_is_the_one_the_header_uses() {
        assertEquals(',', CsvLines.separatorOf(HEADER + "\nold;2;x"));
        assertEquals(';', CsvLines.separatorOf("# a comment, with commas, first\n\nserver;remoteCourseId;requester\n"));
        assertEquals(',', CsvLines.separatorOf("\"a;b\",c"), "separators inside quotes do not count");
        assertEquals(',', CsvLines.separatorOf(""));
    }

    @Test
    void blank_lines_empty_rows_and_comments_are_skipped_and_line_numbers_stay_right() {
        String text = "# migration of the sciences\nh1;h2\n\n;\n  # \"unbalanced quote in a comment\n   \n1;2\n";
        List<Line> r = CsvLines.read(text, ';');
        assertEquals(2, r.size(), r.toString());
        assertEquals(2, r.get(0).number());
        assertEquals(7, r.get(1).number());
    }

    @Test
    void a_malformed_line_is_reported_alone_and_reading_goes_on() {
        List<Line> r = CsvLines.read("h\n\"ab\"c,d\nok,1\n", ',');
        assertEquals(3, r.size());
        assertNotNull(r.get(1).error());
        assertTrue(r.get(1).error().contains("closing quote"), r.get(1).error());
        assertEquals("\"ab\"c,d", r.get(1).raw());
        assertEquals(List.of("ok", "1"), r.get(2).fields());
        assertEquals(3, r.get(2).number());
    }

    @Test
    void an_unclosed_quote_is_an_error_of_the_line_it_opens_on() {
        List<Line> r = CsvLines.read("h\nold,\"2\nold,3\n", ',');
        assertEquals(2, r.size());
        assertEquals(2, r.get(1).number());
        assertTrue(r.get(1).error().contains("never closed"), r.get(1).error());
    }

    @Test
    void a_comment_is_one_line_whatever_quotes_it_holds() {
        String text = "h1,h2\n# a, \"quote opened in a comment\n  # b,\"x\"y\n1,2\n\"3\",\"4\"\n";
        List<Line> r = CsvLines.read(text, ',');
        assertEquals(List.of(List.of("h1", "h2"), List.of("1", "2"), List.of("3", "4")),
                r.stream().map(Line::fields).toList());
        assertEquals(List.of(1, 4, 5), r.stream().map(Line::number).toList());
        assertEquals(List.of(List.of("#x", "1")), fields("\"#x\",1", ','), "a quoted # is a value");
    }

    @Test
    void line_numbers_count_the_breaks_inside_quoted_fields_before_a_malformed_line() {
        String text = "h1,h2\r\"a\r\nb\nc\",1\r\"x\"y,2\r3,4";
        List<Line> r = CsvLines.read(text, ',');
        assertEquals(List.of(1, 2, 5, 6), r.stream().map(Line::number).toList());
        assertEquals("a\r\nb\nc", r.get(1).fields().get(0));
        assertEquals("\"a\r\nb\nc\",1", r.get(1).raw(), "the raw text of a record over several lines");
        assertTrue(r.get(2).error().contains("text after the closing quote"), r.get(2).error());
        assertEquals("\"x\"y,2", r.get(2).raw());
        assertEquals(List.of("3", "4"), r.get(3).fields());
    }

    // -----------------------------------------------------------------------------------------------------------------
    // The shared rules: one set of rules and messages for JSON and CSV

    private static Map<String, String> cells(String server, String course, String requester, String withUserData,
                                             String mode, String category) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("server", server);
        m.put("remoteCourseId", course);
        m.put("requester", requester);
        m.put("withUserData", withUserData);
        m.put("enrolmentMode", mode);
        m.put("category", category);
        return m;
    }

    private static RequestFields.Fields text(String server, String course, String requester, String withUserData,
                                             String mode, String category) {
        return RequestFields.check(RequestFields.fromText(cells(server, course, requester, withUserData, mode, category)),
                SERVERS);
    }

    private static String textError(String server, String course, String requester, String withUserData, String mode,
                                    String category) {
        return assertThrows(RequestFields.InvalidField.class,
                () -> text(server, course, requester, withUserData, mode, category)).getMessage();
    }

    private static String jsonError(String json) throws Exception {
        JsonNode node = new ObjectMapper().readTree(json);
        return assertThrows(RequestFields.InvalidField.class,
                () -> RequestFields.check(RequestFields.fromJson(node), SERVERS)).getMessage();
    }

    @Test
    void empty_cells_take_the_apis_defaults_and_text_is_stripped() {
        RequestFields.Fields f = text(" old ", " 4 ", " teacher1 ", "", null, "  ");
        assertEquals(new RequestFields.Fields("old", 4, "teacher1", false, 2, "default"), f);
        NewRequest n = f.toNewRequest("import-folder", "csv", "courses.csv:7");
        assertEquals("csv", n.source());
        assertEquals("courses.csv:7", n.externalRef());
        assertEquals("import-folder", n.scheduledBy());
    }

    @ParameterizedTest(name = "withUserData \"{0}\" is {1}")
    @CsvSource({"true,true", "TRUE,true", "1,true", "yes,true", "Yes,true", "false,false", "0,false", "no,false",
            "NO,false"})
    void booleans_may_be_written_true_false_1_0_yes_no(String given, boolean expected) {
        assertEquals(expected, text("old", "2", "t", given, null, null).withUserData());
    }

    @Test
    void the_options_take_the_apis_values() {
        RequestFields.Fields f = text("other", "12", "teacher2", "1", "with-users", "original");
        assertEquals(1, f.enrolmentMode());
        assertEquals("original", f.category());
        assertEquals("5", text("old", "2", "t", null, "never", "5").category());
        assertEquals(0, text("old", "2", "t", null, "never", "5").enrolmentMode());
    }

    @Test
    void a_csv_line_and_a_json_request_get_the_same_messages() throws Exception {
        assertEquals(jsonError("{\"server\":\"nope\",\"remoteCourseId\":2,\"requester\":\"t\"}"),
                textError("nope", "2", "t", null, null, null));
        assertTrue(textError("nope", "2", "t", null, null, null).contains("unknown course server 'nope'"));
        assertEquals(jsonError("{\"remoteCourseId\":2,\"requester\":\"t\"}"), textError("", "2", "t", null, null, null));
        assertEquals(jsonError("{\"server\":\"old\",\"remoteCourseId\":\"abc\",\"requester\":\"t\"}"),
                textError("old", "abc", "t", null, null, null));
        assertEquals(jsonError("{\"server\":\"old\",\"remoteCourseId\":0,\"requester\":\"t\"}"),
                textError("old", "0", "t", null, null, null));
        assertEquals(jsonError("{\"server\":\"old\",\"remoteCourseId\":2}"), textError("old", "2", "", null, null, null));
        assertEquals(jsonError("{\"server\":\"old\",\"remoteCourseId\":2,\"requester\":\"a b\"}"),
                textError("old", "2", "a b", null, null, null));
        assertEquals(jsonError("{\"server\":\"old\",\"remoteCourseId\":2,\"requester\":\"t\",\"withUserData\":\"maybe\"}"),
                textError("old", "2", "t", "maybe", null, null));
        assertEquals(jsonError("{\"server\":\"old\",\"remoteCourseId\":2,\"requester\":\"t\",\"enrolmentMode\":\"sometimes\"}"),
                textError("old", "2", "t", null, "sometimes", null));
        assertEquals(jsonError("{\"server\":\"old\",\"remoteCourseId\":2,\"requester\":\"t\",\"category\":\"0\"}"),
                textError("old", "2", "t", null, null, "0"));
        assertEquals("field 'remoteCourseId' must be a positive integer (the course id on the old platform)",
                textError("old", "2.5", "t", null, null, null));
        assertTrue(textError("old", "99999999999999999999", "t", null, null, null).contains("remoteCourseId"));
        assertTrue(textError("old", "-3", "t", null, null, null).contains("remoteCourseId"));
    }

    @Test
    void json_keeps_its_stricter_types() throws Exception {
        assertTrue(jsonError("{\"server\":\"old\",\"remoteCourseId\":\"4\",\"requester\":\"t\"}").contains("remoteCourseId"));
        assertTrue(jsonError("{\"server\":\"old\",\"remoteCourseId\":2,\"requester\":\"t\",\"withUserData\":1}")
                .contains("withUserData"));
        assertTrue(jsonError("{\"server\":\"old\",\"remoteCourseId\":2,\"requester\":\"t\",\"withUserData\":null}")
                .contains("withUserData"));
        assertTrue(jsonError("{\"server\":\"old\",\"remoteCourseId\":2,\"requester\":\"t\",\"category\":99999999999999999999}")
                .contains("category"));
    }

    // -----------------------------------------------------------------------------------------------------------------
    // The import, with a queue in memory

    /** A queue in memory with the one-restore-per-remote-course rule. */
    private static final class MemoryQueue implements java.util.function.BiFunction<NewRestore, Caller, Long> {
        final List<NewRequest> inserted = new ArrayList<>();
        final Set<String> courses = new HashSet<>();

        @Override
        public Long apply(NewRestore restore, Caller caller) {
            NewRequest n = restore.toNewRequest(caller);
            if (!courses.add(n.serverId() + "/" + n.remoteCourseId())) {
                throw new DuplicateRequestException(n.serverId(), n.remoteCourseId(), n.requester(), true);
            }
            inserted.add(n);
            return 100L + inserted.size();
        }
    }

    private final MemoryQueue queue = new MemoryQueue();

    private CsvImport importer(int maxLines, long maxBytes, Path dir, Mails mails) {
        return new CsvImport(SERVERS, maxLines, maxBytes, queue, dir, mails, CLOCK);
    }

    private ImportReport run(String text) {
        return importer(100, 100_000, Path.of("unused"), null)
                .run("courses.csv", text.getBytes(StandardCharsets.UTF_8), "api");
    }

    @Test
    void each_line_is_judged_alone_and_the_report_says_what_became_of_it() {
        ImportReport r = run(String.join("\r\n",
                HEADER,
                "old,2,teacher1,false,always,default",
                "nope,3,teacher1,,,",
                "# a comment",
                "old,abc,teacher1",
                "",
                "old,4,,true",
                "old,5,teacher1,yes,sometimes",
                "old,2,teacher2",
                "other,2,teacher2,1,never,original",
                "old,6,teacher1,,,,extra"));
        assertNull(r.fileError());
        assertEquals(8, r.linesRead());
        assertEquals(List.of(2, 10), r.queued().stream().map(ImportReport.Queued::line).toList());
        assertEquals(List.of(101L, 102L), r.queued().stream().map(ImportReport.Queued::requestId).toList());
        Map<Integer, String> rejected = new LinkedHashMap<>();
        r.rejected().forEach(x -> rejected.put(x.line(), x.reason()));
        assertEquals(List.of(3, 5, 7, 8, 9, 11), List.copyOf(rejected.keySet()));
        assertTrue(rejected.get(3).contains("unknown course server 'nope'"), rejected.get(3));
        assertTrue(rejected.get(5).contains("remoteCourseId"), rejected.get(5));
        assertTrue(rejected.get(7).contains("field 'requester' is required"), rejected.get(7));
        assertTrue(rejected.get(8).contains("enrolmentMode"), rejected.get(8));
        assertTrue(rejected.get(9).contains("restored only once"), "the 409 reason: " + rejected.get(9));
        assertTrue(rejected.get(11).contains("7 fields"), rejected.get(11));
        assertFalse(r.complete());

        NewRequest other = queue.inserted.get(1);
        assertEquals(new NewRequest("other", 2, null, "teacher2", "api", "original", true, 0, "csv", "courses.csv:10"),
                other);
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> out = new ArrayList<>();
        names.forEachRemaining(out::add);
        return out;
    }

    @Test
    void the_report_is_json_for_the_api_and_text_for_the_folder() throws Exception {
        ImportReport r = run(HEADER + "\nold,2,teacher1\nold,x,teacher1\n");
        JsonNode json = new ObjectMapper().valueToTree(r.view());
        assertEquals(List.of("file", "linesRead", "queuedCount", "rejectedCount", "queued", "rejected"),
                iterable(json.fieldNames()), "no error when the file was read");
        assertEquals(List.of("line", "id", "server", "remoteCourseId", "requester"),
                iterable(json.get("queued").get(0).fieldNames()));
        assertEquals(List.of("line", "reason"), iterable(json.get("rejected").get(0).fieldNames()));
        assertEquals(1, json.get("queuedCount").asInt());
        assertEquals(1, json.get("rejectedCount").asInt());
        assertEquals("teacher1", json.get("queued").get(0).get("requester").asText());
        assertEquals(CLOCK.instant(), r.at());
        assertEquals("courses.csv", json.get("file").asText());
        assertEquals(2, json.get("linesRead").asInt());
        assertEquals(2, json.get("queued").get(0).get("line").asInt());
        assertEquals(101, json.get("queued").get(0).get("id").asLong());
        assertEquals(3, json.get("rejected").get(0).get("line").asInt());
        assertTrue(json.get("rejected").get(0).get("reason").asText().contains("remoteCourseId"));

        String text = r.toText("/x/failed/courses.csv", "/x/failed/courses.rejected.csv");
        assertTrue(text.contains("line 3: field 'remoteCourseId'"), text);
        assertTrue(text.contains("line 2: request 101 (old, course 2, teacher1)"), text);
        assertTrue(text.contains("/x/failed/courses.csv"), text);

        String again = r.rejectedCsv();
        assertTrue(again.startsWith(HEADER + "\n# line 3 of courses.csv: field 'remoteCourseId'"), again);
        assertTrue(again.endsWith("\nold,x,teacher1\n"), again);
        ImportReport second = run(again);
        assertEquals(1, second.rejected().size(), "the file of rejected lines reads back: its comments are skipped");
        assertEquals(3, second.rejected().get(0).line());
    }

    @Test
    void a_semicolon_file_with_a_bom_quotes_and_columns_in_another_order_is_read() {
        ImportReport r = run("\uFEFFRequester;Server;RemoteCourseId\r\n\"teacher1\";old;\"2\"\r\nteacher2;\"other\";3\r\n");
        assertNull(r.fileError(), r.fileError());
        assertEquals(List.of(), r.rejected());
        assertEquals(2, r.queued().size());
        assertEquals("teacher2", queue.inserted.get(1).requester());
        assertTrue(r.complete());
    }

    @Test
    void a_bad_header_refuses_the_whole_file_naming_the_columns() {
        String missing = run("server,remoteCourseId,withUserData\nold,2,true\n").fileError();
        assertTrue(missing.contains("missing column 'requester'"), missing);
        String unknown = run("server,remoteCourseId,requester,servr\nold,2,t,x\n").fileError();
        assertTrue(unknown.contains("unknown column 'servr'"), unknown);
        String twice = run("server,remoteCourseId,requester,server\nold,2,t,old\n").fileError();
        assertTrue(twice.contains("'server' appears twice"), twice);
        String noHeader = run("old,2,teacher1\nold,3,teacher1\n").fileError();
        assertTrue(noHeader.contains("unknown column 'old'") && noHeader.contains("missing column 'server'"), noHeader);
        assertTrue(noHeader.contains("the first line names the columns"), noHeader);
        assertTrue(queue.inserted.isEmpty(), "nothing queued");
    }

    @Test
    void a_long_unknown_header_cell_or_server_is_echoed_only_as_a_short_escaped_prefix() {
        String cell = "x\u0007\ty\u202E" + "A".repeat(4995);
        String error = run("server,remoteCourseId,requester,\"" + cell + "\"\nold,2,t,z\n").fileError();
        assertTrue(error.contains("unknown column 'x\\u0007\\ty\\u202E" + "A".repeat(15) + "…' (5000 characters)"),
                error);
        assertFalse(error.contains("A".repeat(16)) || error.contains("\u0007") || error.contains("\t"), error);
        assertTrue(error.length() < 400, error);

        ImportReport r = run(HEADER + "\n\"" + "B".repeat(3000) + "\",2,t\n");
        String reason = r.rejected().get(0).reason();
        assertTrue(reason.contains("unknown course server '" + "B".repeat(20) + "…' (3000 characters)"), reason);
        assertFalse(reason.contains("B".repeat(21)), reason);
        assertTrue(run("nope,3,t").fileError().contains("unknown column 'nope'"), "a short cell stays as it is");
    }

    /** Every cell a spreadsheet would see: each line read as CSV, or split on the separator when it is not CSV. */
    private static List<String> spreadsheetCells(String csv) throws IOException {
        List<String> cells = new ArrayList<>();
        for (String line : csv.split("\n")) {
            try (CSVParser p = CSVParser.parse(line, CSVFormat.RFC4180)) {
                p.forEach(record -> record.forEach(cells::add));
            } catch (UncheckedIOException | IOException notCsv) {
                for (String cell : line.split(",", -1)) {
                    String c = cell.stripLeading();
                    cells.add(c.startsWith("\"") ? c.substring(1) : c);
                }
            }
        }
        return cells.stream().map(String::stripLeading).toList();
    }

    @Test
    void rejected_lines_are_written_back_with_formula_cells_neutralised_and_read_back_the_same() throws IOException {
        ImportReport r = run(String.join("\n",
                HEADER,
                "=cmd|' /C calc'!A0,2,t",
                "old,-5,@SUM(1+1)",
                "old,\"=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",t",
                "other,+3,\"\tt\",maybe",
                "\"nope,=2+3\",5,t",
                "old,\"2\"x,=cmd|evil",
                "old,7,\"\r=1+1\"",
                "old,8,teacher1"));
        assertEquals(7, r.rejected().size(), r.rejected().toString());
        String again = r.rejectedCsv();
        for (String cell : spreadsheetCells(again)) {
            assertFalse(!cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0,
                    "a spreadsheet would run " + cell + " in\n" + again);
        }
        assertTrue(again.contains("'=cmd|' /C calc'!A0,2,t"), again);
        assertTrue(again.contains("old,'-5,'@SUM(1+1)"), again);
        assertTrue(again.endsWith("\nold,\"2\"x,'=cmd|evil\n# line 8 of courses.csv: field 'requester' is not a Moodle "
                + "username (letters, digits, _ . @ + - ; at most 100)\nold,7,\"'\r=1+1\"\n"), again);

        ImportReport second = run(again);
        assertEquals(r.rejected().stream().map(ImportReport.Rejected::reason).toList(),
                second.rejected().stream().map(ImportReport.Rejected::reason).toList(),
                "the neutralised lines read back as they were written");
    }

    @Test
    void empty_header_only_not_utf8_too_big_and_too_long_files_are_refused_whole() {
        assertTrue(run("").fileError().contains("empty"));
        assertTrue(run("\uFEFF\n\n# nothing\n").fileError().contains("empty"));
        assertTrue(run(HEADER + "\n").fileError().contains("no course line"));
        byte[] latin1 = (HEADER + "\nold,2,andré\n").getBytes(StandardCharsets.ISO_8859_1);
        assertTrue(importer(10, 10_000, Path.of("x"), null).run("x.csv", latin1, "api").fileError().contains("UTF-8"));
        String big = HEADER + "\nold,2,teacher1\n";
        assertTrue(importer(10, 20, Path.of("x"), null).run("x.csv", big.getBytes(StandardCharsets.UTF_8), "api")
                .fileError().contains("larger than 20 bytes"));
        String three = HEADER + "\nold,2,t\nold,3,t\n\n# not counted\nold,4,t\n";
        assertTrue(importer(2, 10_000, Path.of("x"), null).run("x.csv", three.getBytes(StandardCharsets.UTF_8), "api")
                .fileError().contains("3 course lines, more than 2 (jouvence.import.max-lines)"));
        assertEquals(3, importer(3, 10_000, Path.of("x"), null).run("x.csv", three.getBytes(StandardCharsets.UTF_8), "api")
                .queued().size());
    }

    private static String json(IntakeApi.Answer a) {
        try {
            return new ObjectMapper().writeValueAsString(a.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void the_upload_answers_200_with_the_report_or_400_for_a_refused_file() throws Exception {
        CsvImport imp = importer(10, 10_000, Path.of("x"), null);
        IntakeApi.Answer ok = imp.upload("../../etc/my courses.csv", (HEADER + "\nold,2,t\n").getBytes(StandardCharsets.UTF_8));
        assertEquals(200, ok.status());
        assertEquals("my_courses.csv:2", queue.inserted.get(0).externalRef(), "only the file's own name, made safe");
        IntakeApi.Answer bad = imp.upload(null, "nope\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, bad.status());
        assertTrue(json(bad).contains("unknown column 'nope'"), json(bad));
        assertTrue(json(imp.upload(null, null)).contains("empty"));
        assertEquals("upload-20260304-050607.csv", imp.run(null, (HEADER + "\nold,3,t\n").getBytes(StandardCharsets.UTF_8),
                "api").file(), "a file without a name is named by the clock");
        ImportReport refused = imp.run("x.csv", new byte[0], "api");
        assertEquals(CLOCK.instant(), refused.at());
        String json = new ObjectMapper().writeValueAsString(refused.view());
        assertTrue(json.endsWith(",\"error\":\"" + refused.fileError() + "\"}"), json);
    }

    // -----------------------------------------------------------------------------------------------------------------
    // The folder's side: report files, names, mails

    private static Mails mails(String language) throws Exception {
        Properties p = new Properties();
        try (InputStream in = JouvenceConfig.class.getResourceAsStream("/application.properties")) {
            p.load(in);
        }
        p.put("jouvence.mail.admins", "a@x.example, b@x.example");
        p.put("jouvence.mail.language", language);
        return new Mails(JouvenceConfig.from(k -> Optional.ofNullable(p.getProperty(k))));
    }

    @Test
    void a_file_with_a_rejected_line_goes_to_failed_with_its_report_and_rejected_lines(@TempDir Path dir) throws Exception {
        CsvImport imp = importer(10, 10_000, dir, mails("en"));
        Files.createDirectories(dir.resolve("failed"));
        Files.writeString(dir.resolve("failed/courses.csv"), "an earlier file of the same name");
        CsvImport.FolderOutcome o = imp.fromFolder("courses.csv", new ByteArrayInputStream(
                (HEADER + "\nold,2,teacher1\nold,x,teacher1\n").getBytes(StandardCharsets.UTF_8)));
        assertEquals("failed/courses-2.csv", o.moveTo(), "a name already taken gets -2");
        String report = Files.readString(dir.resolve("failed/courses-2.report.txt"));
        assertTrue(report.contains("line 3: field 'remoteCourseId'"), report);
        assertTrue(Files.readString(dir.resolve("failed/courses-2.rejected.csv")).contains("old,x,teacher1"));
        assertEquals(2, o.mails().size(), "one per admin");
        Mail m = o.mails().get(0);
        assertEquals("a@x.example", m.to());
        assertEquals("[Jouvence] Import of courses.csv: 1 queued, 1 rejected", m.subject());
        assertTrue(m.body().contains("- line 3: field 'remoteCourseId'"), m.body());
        assertTrue(m.body().contains(dir.resolve("failed/courses-2.rejected.csv").toAbsolutePath().toString()), m.body());
    }

    @Test
    void a_file_whose_lines_were_all_queued_goes_to_done_and_a_refused_one_to_failed(@TempDir Path dir) throws Exception {
        CsvImport imp = importer(10, 10_000, dir, mails("fr"));
        CsvImport.FolderOutcome done = imp.fromFolder("ok.CSV", new ByteArrayInputStream(
                (HEADER + "\nold,2,teacher1\n").getBytes(StandardCharsets.UTF_8)));
        assertEquals("done/ok.CSV", done.moveTo());
        assertTrue(Files.exists(dir.resolve("done/ok.report.txt")));
        assertFalse(Files.exists(dir.resolve("done/ok.rejected.csv")));
        assertEquals("[Jouvence] Import de ok.CSV : 1 en file, 0 refusée(s)", done.mails().get(0).subject());

        CsvImport.FolderOutcome refused = imp.fromFolder("bad.csv", new ByteArrayInputStream(new byte[0]));
        assertEquals("failed/bad.csv", refused.moveTo());
        assertTrue(refused.mails().get(0).subject().contains("refusé"), refused.mails().get(0).subject());
        assertTrue(refused.mails().get(0).body().contains("empty"), refused.mails().get(0).body());
        assertTrue(Files.readString(dir.resolve("failed/bad.report.txt")).contains("refused and nothing was queued"));
    }

    @Test
    void only_a_regular_file_of_the_folder_is_read_never_a_link_a_pipe_or_a_folder(@TempDir Path dir) throws Exception {
        CsvImport imp = importer(10, 10_000, dir, mails("en"));
        Path secret = Files.writeString(dir.resolve("secret.txt"), "root:x:0:0:SECRET\n" + HEADER + "\nold,2,t\n");
        Files.createSymbolicLink(dir.resolve("leak.csv"), secret);
        Path pipe = dir.resolve("pipe.csv");
        assertEquals(0, new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor());
        Files.createDirectory(dir.resolve("folder.csv"));
        Map<String, String> kinds = Map.of("leak.csv", "a symbolic link", "pipe.csv", "a named pipe, socket or device",
                "folder.csv", "a folder");
        for (Map.Entry<String, String> k : kinds.entrySet()) {
            CsvImport.FolderOutcome o = imp.fromFolder(k.getKey(), dir.resolve(k.getKey()));
            assertEquals("failed/" + k.getKey(), o.moveTo());
            assertEquals(k.getKey() + " is " + k.getValue() + ", not a regular file: it was not read and nothing was "
                    + "queued (drop the file itself, not a link to it)", o.report().fileError());
            String base = k.getKey().substring(0, k.getKey().length() - 4);
            String report = Files.readString(dir.resolve("failed/" + base + ".report.txt"));
            assertTrue(report.contains(o.report().fileError()) && !report.contains("SECRET"), report);
            assertFalse(o.mails().get(0).body().contains("SECRET"), o.mails().get(0).body());
        }
        assertTrue(queue.inserted.isEmpty(), "nothing queued");
        Files.writeString(dir.resolve("real.csv"), HEADER + "\nold,3,t\n");
        assertEquals("done/real.csv", imp.fromFolder("real.csv", dir.resolve("real.csv")).moveTo());
    }

    @Test
    void more_than_fifty_rejected_lines_are_summed_up_in_the_mail(@TempDir Path dir) throws Exception {
        StringBuilder b = new StringBuilder(HEADER).append('\n');
        for (int i = 0; i < 60; i++) {
            b.append("nope,").append(i + 1).append(",t\n");
        }
        CsvImport.FolderOutcome o = importer(100, 100_000, dir, mails("en")).fromFolder("many.csv",
                new ByteArrayInputStream(b.toString().getBytes(StandardCharsets.UTF_8)));
        String body = o.mails().get(0).body();
        assertTrue(body.contains("- line 51:") && !body.contains("- line 52:"), body);
        assertTrue(body.contains("and 10 more"), body);
    }
}
