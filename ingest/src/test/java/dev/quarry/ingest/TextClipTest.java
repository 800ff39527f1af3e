package dev.quarry.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TextClipTest {
    /** U+1F600, two chars. */
    private static final String PAIR = "\uD83D\uDE00";

    @Test
    void shortTextIsKeptWhole() {
        assertEquals("abc", TextClip.prefix("abc", 3));
        assertEquals("abc", TextClip.head("abc", 3));
        assertEquals("abc", TextClip.tail("abc", 3));
        assertEquals("abc", TextClip.around("abc", 1, 60, 3));
    }

    @Test
    void headCutsAndMarks() {
        assertEquals("ab", TextClip.prefix("abcdef", 2));
        assertEquals("ab\u2026", TextClip.head("abcdef", 2));
        assertEquals("\u2026ef", TextClip.tail("abcdef", 2));
    }

    @Test
    void cutsNeverSplitASurrogatePair() {
        String s = "a" + PAIR + "b";
        // A cut after the high half drops the pair.
        assertEquals("a", TextClip.prefix(s, 2));
        assertEquals("a\u2026", TextClip.head(s, 2));
        // A cut before the low half drops it from the tail.
        assertEquals("\u2026b", TextClip.tail(s, 2));
        for (int n = 0; n <= s.length(); n++) {
            assertWhole(TextClip.prefix(s, n));
            assertWhole(TextClip.tail(s, n));
            for (int at = 0; at <= s.length(); at++) {
                assertWhole(TextClip.around(s, at, 1, n));
            }
        }
    }

    @Test
    void aroundStartsAheadOfThePointAndMarksBothCuts() {
        String s = "0123456789";
        assertEquals("\u20263456\u2026", TextClip.around(s, 5, 2, 4));
        assertEquals("0123\u2026", TextClip.around(s, 1, 2, 4));
        assertEquals("\u20266789", TextClip.around(s, 99, 4, 10));
    }

    private static void assertWhole(String piece) {
        String bare = piece.replace("\u2026", "");
        assertFalse(!bare.isEmpty() && Character.isLowSurrogate(bare.charAt(0)), piece);
        assertFalse(!bare.isEmpty() && Character.isHighSurrogate(bare.charAt(bare.length() - 1)), piece);
        assertTrue(bare.codePoints().allMatch(Character::isValidCodePoint));
    }
}
