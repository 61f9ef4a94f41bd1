package jouvence.privatefiles;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.SortedMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code jouvence.private-files.on-conflict=skip}: the file already there is kept, the old one not copied, and said. */
class PrivateFilesSkipTest {

    private static PrivateFilesJouvence j;

    @BeforeAll
    static void start() throws Exception {
        j = new PrivateFilesJouvence(Map.of("jouvence.private-files.on-conflict", "skip"));
        j.reset();
    }

    @AfterAll
    static void stop() throws Exception {
        j.close();
    }

    @Test
    void aNameAlreadyThereIsLeftAsItIsAndTheSummarySaysSo() throws Exception {
        j.client.putPrivateFile("teacher1", "/LISEZMOI.txt", "mine".getBytes(StandardCharsets.UTF_8));
        j.new Browser().login("teacher1", "Teacher1!").bring("old");
        j.awaitState("teacher1", "performed");
        SortedMap<String, byte[]> mine = j.client.privateFiles("teacher1");
        assertArrayEquals("mine".getBytes(StandardCharsets.UTF_8), mine.get("/LISEZMOI.txt"));
        assertFalse(mine.containsKey("/LISEZMOI (2).txt"));
        assertTrue(mine.containsKey("/notes/lecture 1.pdf"));
        var mails = j.env.awaitMails("teacher1@example.invalid", 1, Duration.ofSeconds(20));
        assertEquals(1, mails.size());
        String body = mails.get(0).getContent().toString();
        assertTrue(body.contains("4 file(s) copied.") && body.contains("on-conflict=skip): 1")
                && body.contains(" - /LISEZMOI.txt"), body);
    }
}
