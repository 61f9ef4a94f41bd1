package jouvence.courses.bridge;

import jouvence.JouvenceConfig;
import jouvence.courses.EnrolmentMode;
import jouvence.courses.NewRestore;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The row-to-request rules alone: no database, no Camel. */
class RowRulesTest {

    private final RowRules rules = new RowRules(config(), new BridgeText(Locale.ENGLISH));

    @Test
    void a_row_of_a_known_user_and_server_asks_for_the_request_the_block_page_meant() {
        BlockRow row = new BlockRow(12, 3, 4, "  Physics 301  ", "HTTPS://Old.Example//", 0, 1, 1);
        RowRules.Decision d = rules.decide(row, Map.of("username", "teacher1", "deleted", 0));
        assertNull(d.refusal());
        assertEquals(new NewRestore("old", 4, "Physics 301", "teacher1", true, EnrolmentMode.of(1), "default", "12"),
                d.restore());
        BlockRow inCategory = new BlockRow(13, 3, 4, " ", "https://old.example", 7, 0, 2);
        NewRestore r = rules.decide(inCategory, Map.of("username", "teacher1", "deleted", 0)).restore();
        assertEquals("7", r.category());
        assertNull(r.remoteCourseName(), "a blank name is asked of the course server later");
        assertEquals(Optional.of("other"), rules.serverFor(" http://other.example:8080/moodle/ "));
    }

    @Test
    void every_reason_a_row_cannot_become_a_request_is_given_at_once() {
        BlockRow row = new BlockRow(12, 7, 0, "Physics 301", "https://elsewhere.example/", -1, 0, 9);
        RowRules.Decision d = rules.decide(row, Map.of("username", "gone.teacher", "deleted", 1));
        assertNull(d.restore());
        assertNull(d.username(), "a deleted user is no user");
        assertTrue(d.refusal().contains("user 7 does not exist") && d.refusal().contains("https://elsewhere.example/")
                && d.refusal().contains("; "), d.refusal());
        assertTrue(rules.decide(new BlockRow(13, 99, 2, "x", "https://old.example", 0, 0, 2), null).refusal()
                .contains("user 99 does not exist"));
        assertTrue(rules.decide(new BlockRow(14, 0, 2, "x", "https://old.example", 0, 0, 2), null).refusal()
                .contains("userid 0"));
        assertTrue(rules.decide(new BlockRow(15, 3, 2, "x", "https://old.example", 0, 0, 2),
                Map.of("username", " ", "deleted", 0)).refusal().contains("user 3 does not exist"), "a blank username");
    }

    @Test
    void a_row_is_read_from_its_columns_as_jdbc_reads_them() {
        Map<String, Object> columns = new HashMap<>(Map.of("id", 5, "userid", 3L, "externalcourseid", 4L,
                "externalcoursename", "Physics 301", "externalmoodleurl", "https://old.example",
                "internalcategory", 0L, "withuserdatas", (short) 1, "enrolmentmode", 2));
        assertEquals(new BlockRow(5, 3, 4, "Physics 301", "https://old.example", 0, 1, 2), BlockRow.of(columns));
        columns.put("internalcategory", null);
        assertEquals(0, BlockRow.of(columns).category(), "a null number reads 0");
    }

    private static JouvenceConfig config() {
        Properties p = new Properties();
        try (InputStream in = JouvenceConfig.class.getResourceAsStream("/application.properties")) {
            p.load(in);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        p.put("jouvence.servers", "old,other");
        p.put("jouvence.server.old.url", "https://old.example/");
        p.put("jouvence.server.other.url", "http://other.example:8080/moodle");
        p.put("jouvence.server.other.token", "t");
        return JouvenceConfig.from(k -> Optional.ofNullable(p.getProperty(k)));
    }
}
