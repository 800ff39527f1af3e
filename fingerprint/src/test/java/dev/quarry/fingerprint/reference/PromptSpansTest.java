package dev.quarry.fingerprint.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.fingerprint.TextNormaliser;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PromptSpansTest {
    private static final String PROMPT = "Solve this problem for me please:\r\n"
            + "A baker makes 14 loaves every morning and sells them for 3 dollars each.\n"
            + "How much money does she make?\n"
            + "  \t \n"
            + "Let's think step by step and show the work.";

    private static void assertSameSketch(PromptSpans.Span expected, PromptSpans.Span actual) {
        assertEquals(expected.exactKey, actual.exactKey);
        assertArrayEquals(expected.set(), actual.set());
        assertArrayEquals(expected.bands, actual.bands);
        assertEquals(expected.text(), actual.text());
    }

    @Test
    void sketchesEverySpanAsIfItsNormalisedTextWereSketchedAlone() {
        List<PromptSpans.Span> spans = PromptSpans.of(PROMPT, 5, 8);
        assertSameSketch(PromptSpans.sketch(TextNormaliser.normalise(PROMPT)), spans.get(0));
        for (PromptSpans.Span span : spans) {
            assertSameSketch(PromptSpans.sketch(span.text()), span);
        }
    }

    @Test
    void triesWholeParagraphsAndLinesLongestFirst() {
        List<String> texts = PromptSpans.of(PROMPT, 5, 8).stream().map(PromptSpans.Span::text).toList();
        assertEquals(List.of(TextNormaliser.normalise(PROMPT),
                TextNormaliser.normalise(PROMPT.substring(0, PROMPT.indexOf("  \t"))),
                "a baker makes 14 loaves every morning and sells them for 3 dollars each.",
                "let's think step by step and show the work.",
                "solve this problem for me please:",
                "how much money does she make?"), texts);
    }

    @Test
    void skipsShortAndRepeatedSpansAndKeepsAtMostTheCap() {
        String prompt = "Tell me a joke about penguins please\n\nTell me a joke about penguins please\nok then";
        List<String> texts = PromptSpans.of(prompt, 5, 8).stream().map(PromptSpans.Span::text).toList();
        assertEquals(List.of(TextNormaliser.normalise(prompt), "tell me a joke about penguins please ok then",
                "tell me a joke about penguins please"), texts);
        assertEquals(1, PromptSpans.of(prompt, 5, 1).size());
        assertEquals(0, PromptSpans.of("one two three\n\nfour", 5, 8).size());
    }

    @Test
    void cutsASpanLongerThanTheItemLimitWhereItemsAreCut() {
        String item = "word ".repeat(300) + "tail ".repeat(700);
        PromptSpans.Span whole = PromptSpans.of(item, 5, 8).get(0);
        String cut = item.substring(0, ReferenceCorpusReader.MAX_CHARS);
        assertSameSketch(PromptSpans.sketch(TextNormaliser.normalise(cut)), whole);
    }

    @Test
    void alsoTriesALineWithoutAShortLeadIn() {
        String prompt = "Hey, can you help: a baker makes 14 loaves every morning and sells them.\nQuick question: why?";
        List<PromptSpans.Span> spans = PromptSpans.of(prompt, 5, 8);
        assertEquals(List.of("hey, can you help: a baker makes 14 loaves every morning and sells them.",
                "a baker makes 14 loaves every morning and sells them."), spans.stream().skip(1)
                .map(PromptSpans.Span::text).toList());
        assertSameSketch(PromptSpans.sketch("a baker makes 14 loaves every morning and sells them."), spans.get(2));
    }

    @Test
    void keepsALineWhoseLeadInWouldLeaveTooFewWords() {
        List<String> texts = PromptSpans.of("Solve this: two plus two equals", 5, 8).stream()
                .map(PromptSpans.Span::text).toList();
        assertEquals(List.of("solve this: two plus two equals"), texts);
    }

    /** A filter that knows every other bigram: spans pass or fail by their own mix of them. */
    private static final PromptSpans.SpanFilter HALF = new PromptSpans.SpanFilter() {
        @Override
        public boolean known(int bigram) {
            return (bigram & 1) == 0;
        }

        @Override
        public boolean mayMatch(int distinct, int known) {
            return distinct == 0 || (double) known / distinct >= 0.5;
        }
    };

    @Test
    void aFilterDropsExactlyTheSpansItTurnsDownByTheirSortedSets() {
        assertTrue(dropsWhatTheFilterTurnsDown(new Random(11), 500, 5, 60) > 100);
    }

    @Test
    void aFilterDropsCutSpansByTheSetsOfTheirCuts() {
        // 700 words or more: the whole prompt and some paragraphs exceed the item limit and are cut.
        assertTrue(dropsWhatTheFilterTurnsDown(new Random(12), 60, 700, 300) > 10);
    }

    /** Checks random prompts of {@code minWords} plus up to {@code moreWords}; returns the spans dropped. */
    private static int dropsWhatTheFilterTurnsDown(Random random, int prompts, int minWords, int moreWords) {
        String[] words = {"the", "baker", "makes", "loaves", "every", "morning", "and", "sells", "them", "for",
            "dollars", "each", "how", "much", "money", "does", "she", "make", "solve", "please:", "think", "step"};
        int dropped = 0;
        for (int p = 0; p < prompts; p++) {
            StringBuilder prompt = new StringBuilder();
            for (int w = minWords + random.nextInt(moreWords); w > 0; w--) {
                prompt.append(words[random.nextInt(words.length)]);
                int gap = random.nextInt(12);
                prompt.append(gap == 0 ? "\n" : gap == 1 ? "\n\n" : " ");
            }
            List<PromptSpans.Span> all = PromptSpans.of(prompt.toString(), 5, 8);
            List<PromptSpans.Span> kept = PromptSpans.of(prompt.toString(), 5, 8, HALF);
            List<PromptSpans.Span> expected = all.stream().filter(s -> HALF.mayMatch(s.set())).toList();
            assertEquals(expected.size(), kept.size(), prompt.toString());
            for (int i = 0; i < kept.size(); i++) {
                assertSameSketch(expected.get(i), kept.get(i));
            }
            dropped += all.size() - kept.size();
        }
        return dropped;
    }

    @Test
    void measuresJaccardWithAnItemAsTheSortedSetDoes() {
        Random random = new Random(7);
        String repeated = "the cat sat on the mat and the cat sat on the hat";
        for (String prompt : List.of(PROMPT, repeated, repeated + "\n\n" + PROMPT)) {
            for (PromptSpans.Span span : PromptSpans.of(prompt, 5, 8)) {
                // A fresh copy of the span for the hash path, since set() would be used once made.
                PromptSpans.Span hashed = PromptSpans.of(prompt, 5, 8).stream()
                        .filter(x -> x.exactKey == span.exactKey).findFirst().orElseThrow();
                int[] set = span.set();
                for (int trial = 0; trial < 20; trial++) {
                    // Some of the span's bigrams, some others, sorted and distinct, as an item's.
                    java.util.TreeSet<Integer> item = new java.util.TreeSet<>();
                    for (int x : set) {
                        if (random.nextInt(3) > 0) {
                            item.add(x);
                        }
                    }
                    for (int k = random.nextInt(10); k > 0; k--) {
                        item.add(random.nextInt());
                    }
                    int[] items = item.stream().mapToInt(Integer::intValue).toArray();
                    assertEquals(ShingleSketch.jaccard(set, items), hashed.jaccard(items));
                }
                assertEquals(1.0, hashed.jaccard(set));
                assertEquals(0.0, hashed.jaccard(new int[0]));
            }
        }
    }
}
