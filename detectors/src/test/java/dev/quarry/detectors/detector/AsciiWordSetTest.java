package dev.quarry.detectors.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AsciiWordSetTest {
    private final Set<String> words = Set.of("rate", "rating", "best", "which", "i'm", "größe", "x1");
    private final AsciiWordSet set = new AsciiWordSet(words);

    @Test
    void findsAWordOfAnyCaseInsideALongerText() {
        String text = "Which ANSWER is Best? Rate it.";
        assertTrue(set.containsLowerCased(text, 0, 5));
        assertTrue(set.containsLowerCased(text, 16, 20));
        assertTrue(set.containsLowerCased(text, 22, 26));
        assertFalse(set.containsLowerCased(text, 6, 12), "answer");
        assertFalse(set.containsLowerCased(text, 22, 25), "a prefix of a word is not the word");
    }

    @Test
    void answersAsTheSetDoesForTheLowerCasedCopyOfEveryRun() {
        String text = "RATING ratings Rat x1 X1 i'm I'M GRÖSSE größe Größe best bes İ";
        for (int from = 0; from < text.length(); from++) {
            for (int to = from; to <= Math.min(text.length(), from + 8); to++) {
                String run = text.substring(from, to);
                assertEquals(words.contains(run.toLowerCase(Locale.ROOT)), set.containsLowerCased(text, from, to),
                        "'" + run + "'");
            }
        }
    }

    @Test
    void answersAsTheSetDoesForEveryRunUnfolded() {
        String text = "RATING rating ratings x1 X1 i'm I'M größe Größe best bes İ";
        for (int from = 0; from < text.length(); from++) {
            for (int to = from; to <= Math.min(text.length(), from + 8); to++) {
                String run = text.substring(from, to);
                assertEquals(words.contains(run), set.contains(text, from, to), "'" + run + "'");
            }
        }
    }

    @Test
    void holdsManyWordsWithoutLosingAny() {
        List<String> many = java.util.stream.IntStream.range(0, 500).mapToObj(i -> "w" + i).toList();
        AsciiWordSet big = new AsciiWordSet(many);
        for (String w : many) {
            assertTrue(big.containsLowerCased(w.toUpperCase(Locale.ROOT), 0, w.length()), w);
        }
        assertFalse(big.containsLowerCased("w500", 0, 4));
    }
}
