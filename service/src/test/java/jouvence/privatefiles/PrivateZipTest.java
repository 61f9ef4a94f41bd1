package jouvence.privatefiles;

import jouvence.privatefiles.archive.EntryNames;
import jouvence.privatefiles.archive.PrivateZip;
import jouvence.privatefiles.archive.RefusedArchiveException;
import jouvence.privatefiles.archive.ZipContents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrivateZipTest {

    @TempDir
    Path tmp;

    private Path write(byte[] bytes) throws Exception {
        return Files.write(tmp.resolve("z" + System.nanoTime() + ".zip"), bytes);
    }

    @Test
    void aMoodleLikeZipKeepsItsFoldersUtf8NamesAndNotesEmptyFolders() throws Exception {
        Path z = write(HostileZips.zip("data/", "", "notes/", "", "projets/", "", "projets/vide/", "",
                "projets/été 2024/", "", "LISEZMOI.txt", "lisez", "notes/lecture 1.pdf", "pdf",
                "projets/été 2024/rapport.txt", "rapport"));
        ZipContents c = PrivateZip.check(z, 1_000_000);
        assertEquals(List.of("/LISEZMOI.txt", "/notes/lecture 1.pdf", "/projets/été 2024/rapport.txt"),
                c.files().stream().map(f -> f.path()).toList());
        assertEquals("/projets/été 2024/", c.files().get(2).filepath());
        assertEquals(List.of("/data/", "/projets/vide/"), c.emptyFolders());
        assertTrue(c.folders().contains("/projets/été 2024/"));
        assertEquals(5 + 3 + 7, c.totalBytes());
        Path one = tmp.resolve("one");
        assertEquals(7, PrivateZip.extract(z, c.files().get(2), one, 100));
        assertEquals("rapport", Files.readString(one));
    }

    @Test
    void hostileZipsAreRefusedNamingTheEntry() throws Exception {
        assertTrue(refusal(HostileZips.dotDot()).contains("'../../etc/evil.txt' has a '..' segment"));
        assertTrue(refusal(HostileZips.absolute()).contains("an absolute path"));
        String bs = refusal(HostileZips.backslash()); // read as "../../evil.txt" when made on FAT
        assertTrue(bs.contains("a backslash") || bs.contains("'..' segment"), bs);
        assertTrue(refusal(HostileZips.symlink()).contains("'notes/passwd' is a symbolic link"));
        assertTrue(refusal(HostileZips.zip("a.txt", "x", "a.txt", "y")).contains("appears twice"));
        assertTrue(refusal("this is not a zip".getBytes()).contains("not a zip"));
    }

    @Test
    void aBombStopsAtTheCapWhateverItsHeadersSay() throws Exception {
        byte[] bomb = HostileZips.bomb(20);
        assertTrue(bomb.length < 100_000);
        String why = assertThrows(RefusedArchiveException.class,
                () -> PrivateZip.check(write(bomb), 1024 * 1024)).getMessage();
        assertTrue(why.contains("jouvence.private-files.max-bytes"), why);
    }

    @Test
    void entryNameRules() {
        assertNull(EntryNames.problem("projets/été 2024/rapport.txt"));
        assertNull(EntryNames.problem("projets/vide/"));
        assertTrue(EntryNames.problem("a//b").contains("empty folder name"));
        assertTrue(EntryNames.problem("C:evil").contains("drive letter"));
        assertTrue(EntryNames.problem("a/./b").contains("'.'"));
        assertTrue(EntryNames.problem("a\u0001b").contains("control"));
        assertTrue(EntryNames.problem("bad\uFFFDname").contains("UTF-8"));
    }

    private String refusal(byte[] zip) throws Exception {
        Path z = write(zip);
        return assertThrows(RefusedArchiveException.class, () -> PrivateZip.check(z, 1_000_000)).getMessage();
    }
}
