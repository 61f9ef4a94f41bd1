package jouvence.privatefiles;

import jouvence.privatefiles.work.Summary;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrivateFilesWordsTest {

    @Test
    void aTakenNameGetsTheFirstFreeNumberBeforeItsExtension() {
        assertEquals("report.pdf", ConflictNames.free("report.pdf", Set.of("other.pdf")));
        assertEquals("report (2).pdf", ConflictNames.free("report.pdf", Set.of("report.pdf")));
        assertEquals("report (3).pdf", ConflictNames.free("report.pdf", Set.of("report.pdf", "report (2).pdf")));
        assertEquals("archive.tar (2).gz", ConflictNames.free("archive.tar.gz", Set.of("archive.tar.gz")));
        assertEquals(".bashrc (2)", ConflictNames.free(".bashrc", Set.of(".bashrc")));
        assertEquals("LISEZMOI (2)", ConflictNames.free("LISEZMOI", Set.of("LISEZMOI")));
    }

    @Test
    void theSummarySaysWhatWasCopiedRenamedSkippedAndWhatDidNotFit() {
        List<String[]> items = List.of(new String[] {"/a.txt", "copied", null, "3"},
                new String[] {"/b.txt", "renamed", "/b (2).txt", "4"}, new String[] {"/c.txt", "skipped", null, "5"},
                new String[] {"/big.bin", "not-fitting", null, "1048576"});
        String s = Summary.of(items, List.of("/vide/"));
        assertTrue(s.startsWith("2 file(s) copied."), s);
        assertTrue(s.contains("/b.txt → /b (2).txt"), s);
        assertTrue(s.contains("on-conflict=skip): 1\n - /c.txt"), s);
        assertTrue(s.contains("quota on the new platform (not copied): 1\n - /big.bin (1048576 bytes)"), s);
        assertTrue(s.contains("Empty folders not created"), s);
        assertTrue(Summary.quotaHit(items));
        assertFalse(Summary.quotaHit(items.subList(0, 3)));
    }
}
