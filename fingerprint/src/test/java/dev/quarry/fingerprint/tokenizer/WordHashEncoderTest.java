package dev.quarry.fingerprint.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class WordHashEncoderTest {
    private final WordHashEncoder encoder = new WordHashEncoder();

    @Test
    void mapsAWordToOnePlusItsFnv1aHashModuloTwoToThe31MinusOne() {
        // FNV-1a-32("a") = 0xE40C292C = 3,826,002,220; mod 2^31 - 1 = 1,678,518,573.
        assertEquals(1_678_518_574, WordHashEncoder.idOf("a"));
    }

    @Test
    void lowerCasesAndSplitsOnAnyWhitespace() {
        assertArrayEquals(new int[] {WordHashEncoder.idOf("hello,"), WordHashEncoder.idOf("world")},
                encoder.encode("  Hello,\t\n WORLD "));
    }

    @Test
    void blankTextHasNoTokens() {
        assertEquals(0, encoder.encode(" \n ").length);
        assertEquals(0, encoder.encode("").length);
    }
}
