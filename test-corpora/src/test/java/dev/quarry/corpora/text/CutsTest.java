package dev.quarry.corpora.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CutsTest {
    private static final String TEXT = "ok \uD83D\uDE00 fine \uD83D\uDC4D end";

    @Test
    void noCutLeavesHalfAPair() {
        for (int from = 0; from <= TEXT.length(); from++) {
            for (int to = from; to <= TEXT.length(); to++) {
                String cut = Cuts.range(TEXT, from, to);
                assertTrue(encodable(cut), "cut " + from + ".." + to + ": " + cut);
                assertTrue(TEXT.contains(cut));
            }
            assertTrue(encodable(Cuts.prefix(TEXT, from)), "prefix " + from);
        }
    }

    @Test
    void keepsWholeTextAndPlainCutsAsTheyAre() {
        assertEquals(TEXT, Cuts.prefix(TEXT, 100));
        assertEquals("ok ", Cuts.range(TEXT, 0, 3));
        assertEquals("ok ", Cuts.prefix(TEXT, 4), "the emoji's first half is dropped, not kept");
        assertEquals("\uD83D\uDE00", Cuts.range(TEXT, 3, 5));
    }

    private static boolean encodable(String s) {
        try {
            StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(s));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
