package jouvence.moodle;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one reader of Moodle's error answers: the same answer from a parsed reply and from the body's bytes. */
class MoodleErrorAnswerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static MoodleErrorAnswer bytes(String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return MoodleErrorAnswer.read(b, 0, b.length);
    }

    private static MoodleErrorAnswer both(String body) throws Exception {
        MoodleErrorAnswer fromBytes = bytes(body);
        assertEquals(MoodleErrorAnswer.read(JSON.readTree(body)), fromBytes, "parsed reply and bytes agree");
        return fromBytes;
    }

    @Test
    void a_web_service_error_is_read_whole() throws Exception {
        MoodleErrorAnswer a = both("{\"exception\":\"moodle_exception\",\"errorcode\":\"invalidtoken\","
                + "\"message\":\"Invalid token - token not found\",\"debuginfo\":null}");
        assertTrue(a.complete());
        assertTrue(a.isError());
        assertEquals("invalidtoken", a.field("errorcode"));
        assertEquals("Invalid token - token not found", a.field("message"));
        assertNull(a.field("error"));
    }

    @Test
    void a_download_error_has_error_and_few_fields() throws Exception {
        assertTrue(both("{\"error\":\"Invalid token\",\"errorcode\":\"invalidtoken\",\"stacktrace\":null}").isError());
        assertTrue(both("{\"error\":\"x\",\"a\":1,\"b\":2,\"c\":3,\"d\":4,\"e\":5}").isError());
        assertFalse(both("{\"error\":\"x\",\"a\":1,\"b\":2,\"c\":3,\"d\":4,\"e\":5,\"f\":6}").isError(),
                "seven fields: a reply that happens to have an 'error' field");
    }

    @Test
    void a_successful_reply_is_no_error() throws Exception {
        assertFalse(both("[{\"id\":2,\"fullname\":\"Biology\"}]").isError());
        assertFalse(both("{\"courses\":[],\"warnings\":[]}").isError());
        assertFalse(both("42").isError());
        assertFalse(MoodleErrorAnswer.read(null).isError());
    }

    @Test
    void values_read_as_jackson_reads_them_as_text() throws Exception {
        String body = "{\"exception\":{\"class\":\"x\"},\"errorcode\":404,\"message\":null,"
                + "\"error\":\"first\",\"error\":\"last\"}";
        MoodleErrorAnswer a = bytes(body);
        assertEquals(MoodleErrorAnswer.read(JSON.readTree(body)).top(), a.top());
        assertEquals("", a.field("exception"), "an object as text is empty");
        assertEquals("404", a.field("errorcode"));
        assertNull(a.field("message"), "null is absent");
        assertTrue(a.topNames().contains("message"), "but the field is there");
        assertEquals("last", a.field("error"), "a repeated field: the last one, as in a tree");
    }

    @Test
    void a_cut_body_gives_what_was_read_before_the_cut() {
        MoodleErrorAnswer a = bytes("{\"error\":\"Invalid token - token not found\",\"errorcode\":\"invalidtoken\","
                + "\"stacktrace\":\"#0 /var/www/html/lib/setuplib.php(3");
        assertFalse(a.complete());
        assertEquals("invalidtoken", a.firstText().get("errorcode"));
        assertEquals("Invalid token - token not found", a.firstText().get("error"));
        assertFalse(bytes("").complete());
        assertFalse(bytes("<html>").complete());
    }

    @Test
    void first_text_is_the_first_string_at_any_depth() {
        MoodleErrorAnswer a = bytes("[{\"debug\":{\"message\":\"inner\"}},{\"message\":\"outer\",\"errorcode\":7}]");
        assertEquals("inner", a.firstText().get("message"));
        assertNull(a.firstText().get("errorcode"), "only strings are quoted");
        assertFalse(a.isError(), "an array is no error answer");
    }

    @Test
    void the_classification_reads_the_same_fields() throws Exception {
        String body = "{\"exception\":\"Exception\",\"message\":\"[[notcourseowner]]\"}";
        MoodleException fromBytes = MoodleErrors.toException("old", "f", bytes(body));
        MoodleException fromTree = MoodleErrors.toException("old", "f", MoodleErrorAnswer.read(JSON.readTree(body)));
        assertEquals("notcourseowner", fromBytes.code());
        assertEquals(fromTree.getMessage(), fromBytes.getMessage());
        assertEquals(fromTree.kind(), fromBytes.kind());
    }
}
