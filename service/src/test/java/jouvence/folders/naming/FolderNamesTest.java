package jouvence.folders.naming;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Jouvence's own folder names: cleaned for every client, at most 250 bytes cut on a character, the id kept. */
class FolderNamesTest {

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void keepsAnOrdinaryNameAndAppendsTheId() {
        assertEquals("Lab reports (id 17)", FolderNames.withId("Lab reports", 17));
        assertEquals("Équipe B & co (id 5)", FolderNames.withId("Équipe B & co", 5));
        assertEquals("Group A (id 7)", FolderNames.groupFolder("Group A", 7));
        assertEquals("Biology 101 (id 42)", FolderNames.courseFolder("Biology 101", 42));
        assertEquals("Lab (id 3)", FolderNames.setFolder("Lab", 3));
    }

    @Test
    void dropsEveryCharacterAServerOrAWindowsClientRefuses() {
        for (String bad : List.of("/", "\\", ":", "*", "?", "\"", "<", ">", "|", "\u0000", "\t", "\n", "\u007f",
                "\u0085", "\uFFFE", "\uFFFF", "\uD800")) {
            assertEquals("ab (id 1)", FolderNames.withId("a" + bad + "b", 1), "U+" + Integer.toHexString(bad.charAt(0)));
        }
        assertEquals("ReportsQ1 2024 draft (id 9)", FolderNames.withId("Reports/Q1: 2024 <draft>?", 9));
    }

    @Test
    void stripsLeadingAndTrailingDotsAndSpaces() {
        assertEquals("hidden (id 2)", FolderNames.withId(" .. hidden . ", 2));
        assertEquals("a.b (id 2)", FolderNames.withId("a.b", 2));
        assertEquals("no break (id 2)", FolderNames.withId("\u00a0no\u00a0break\u2003", 2));
        assertEquals("x (id 2)", FolderNames.withId("/ x :", 2), "edges stripped after the forbidden characters go");
    }

    @Test
    void aNameWithNothingLeftIsItsIdAlone() {
        assertEquals("(id 4)", FolderNames.withId("...", 4));
        assertEquals("(id 4)", FolderNames.withId("", 4));
        assertEquals("(id 4)", FolderNames.withId(null, 4));
        assertEquals("(id 4)", FolderNames.withId("<>:/", 4));
    }

    @Test
    void refusesANegativeId() {
        assertThrows(IllegalArgumentException.class, () -> FolderNames.withId("x", -1));
    }

    @Test
    void cutsLongNamesTo250BytesWithTheIdKept() {
        String name = FolderNames.withId("a".repeat(400), 123456);
        assertEquals(250, bytes(name));
        assertTrue(name.endsWith("a (id 123456)"), name);
        String exact = "b".repeat(250 - bytes(" (id 1)"));
        assertEquals(exact + " (id 1)", FolderNames.withId(exact, 1), "a name that fits exactly is not cut");
    }

    @Test
    void neverCutsInsideAMultiByteCharacter() {
        String name = FolderNames.withId("é".repeat(200), 1); // 2 bytes each: 243 bytes left → 121 whole é
        assertEquals("é".repeat(121) + " (id 1)", name);
        assertTrue(bytes(name) <= 250);
    }

    @Test
    void neverSplitsASurrogatePair() {
        String emoji = "\uD83D\uDCDA"; // 📚, 4 bytes
        String name = FolderNames.withId(emoji.repeat(100), 1);
        String head = name.substring(0, name.length() - " (id 1)".length());
        assertEquals(emoji.repeat(60), head, "243 bytes left: 60 whole books");
        assertFalse(Character.isHighSurrogate(head.charAt(head.length() - 1)));
    }

    @Test
    void keepsACombiningSequenceWhole() {
        String eAcute = "e\u0301"; // e + combining acute: 3 bytes, one character
        String name = FolderNames.withId("x" + eAcute.repeat(100), 1);
        String head = name.substring(0, name.length() - " (id 1)".length());
        // 243 bytes left: x (1) + 80 sequences (240) = 241; an 81st would need 244
        assertEquals("x" + eAcute.repeat(80), head);
    }

    @Test
    void aCutThatEndsOnASpaceOrADotLosesIt() {
        String name = FolderNames.withId("a".repeat(242) + " .bcdef", 1);
        assertEquals("a".repeat(242) + " (id 1)", name);
    }

    @Test
    void aSingleHugeCharacterIsCutBetweenCodePoints() {
        String name = FolderNames.withId("e" + "\u0301".repeat(200), 1);
        assertTrue(bytes(name) <= 250, name);
        assertTrue(name.startsWith("e\u0301"), name);
    }

    @Test
    void readsTheIdBackFromBothForms() {
        assertEquals(OptionalLong.of(17), FolderNames.idOf("Lab reports (id 17)"));
        assertEquals(OptionalLong.of(55), FolderNames.idOf("Team+A_id_55"));
        assertEquals(OptionalLong.of(42), FolderNames.idOf("Course Biology 101 (id 42)"));
        assertEquals(OptionalLong.of(4), FolderNames.idOf("(id 4)"));
        assertEquals(OptionalLong.empty(), FolderNames.idOf("Lab reports"));
        assertEquals(OptionalLong.empty(), FolderNames.idOf("System (moodle)"));
        assertEquals(OptionalLong.empty(), FolderNames.idOf("Lab (id 17) old"));
        assertEquals(OptionalLong.empty(), FolderNames.idOf(null));
    }

    @Test
    void tellsWhatWouldTroubleAClient() {
        assertEquals(List.of(), FolderNames.problems("Team+A_id_55"));
        assertEquals(List.of("holds U+002A"), FolderNames.problems("Why*_id_5"));
        assertEquals(List.of("starts or ends with a dot or a space"), FolderNames.problems(".hidden_id_5"));
        assertEquals(List.of("260 bytes, more than 250"), FolderNames.problems("a".repeat(260)));
        assertEquals(List.of("empty"), FolderNames.problems(""));
    }
}
