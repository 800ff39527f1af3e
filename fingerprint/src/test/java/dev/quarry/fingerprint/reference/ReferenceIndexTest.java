package dev.quarry.fingerprint.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.fingerprint.TextNormaliser;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ReferenceIndexTest {
    private static final String BAKER = "A baker makes 14 loaves every morning and sells them for 3 dollars each. "
            + "On Sunday she gives away 4 loaves. How much money does she make on a Sunday?";
    private static ReferenceIndex index;

    @BeforeAll
    static void load() throws IOException, URISyntaxException {
        index = ReferenceIndex.load(fixtures());
    }

    static Path fixtures() throws URISyntaxException {
        return Path.of(ReferenceIndexTest.class.getResource("/reference").toURI());
    }

    @Test
    void readsJsonlCsvAndJsonByTheGenericFieldRule() {
        assertEquals(Map.of("gsm-mini", 4, "exam-mini", 2, "instructions-mini", 3), index.sourceSizes());
        assertEquals(9, index.size());
    }

    @Test
    void givesEachMatchItsSetsKindFromTheKindsFile() {
        assertEquals(ReferenceKind.INSTRUCTION,
                index.find("Explain how a bicycle gear system trades speed for force.").orElseThrow().kind());
        assertEquals(ReferenceKind.BENCHMARK, index.find(BAKER).orElseThrow().kind());
        assertEquals(Map.of("gsm-mini", ReferenceKind.BENCHMARK, "exam-mini", ReferenceKind.BENCHMARK,
                "instructions-mini", ReferenceKind.INSTRUCTION), index.sourceKinds());
    }

    @Test
    void findsAnItemRepeatedVerbatim() {
        ReferenceMatch m = index.find(BAKER).orElseThrow();
        assertEquals("gsm-mini", m.source());
        assertEquals(1.0, m.similarity());
    }

    @Test
    void findsTheEmbeddedItemInsideAHarvesterWrapper() {
        Optional<ReferenceMatch> m = index.find("Solve: " + BAKER + "\nThink step by step and show every calculation.");
        assertTrue(m.isPresent());
        assertEquals("gsm-mini", m.get().source());
        assertEquals(index.find(BAKER).orElseThrow().id(), m.get().id());
    }

    @Test
    void findsAMultipleChoiceQuestionShorterThanTheOptionsUnderIt() {
        // More spans than are tried: the question line, the shortest, is the item.
        String prompt = "Pick the correct option.\n\n"
                + "A \"light year\" measures which of the following physical quantities?\n"
                + "A. the time it takes for light from the sun to reach the orbit of the earth\n"
                + "B. the distance that light travels through empty space in one calendar year\n"
                + "C. the speed at which light moves through a vacuum when nothing is in its way\n"
                + "D. the brightness of a star as it would be seen from a fixed standard distance\n\n"
                + "End your reply with the letter of the option you think is right, nothing else.\n"
                + "Do not explain your choice and do not repeat the question or any of the options.";
        assertTrue(PromptSpans.of(prompt, ReferenceIndex.DEFAULT_MIN_WORDS, ReferenceIndex.MAX_SPANS + 4).size()
                > ReferenceIndex.MAX_SPANS, "the prompt has more spans than are tried");
        ReferenceMatch m = index.find(prompt).orElseThrow();
        assertEquals("exam-mini", m.source());
        assertEquals(1.0, m.similarity());
    }

    @Test
    void findsAnItemDespiteCaseSpacingAndATypo() {
        ReferenceMatch m = index.find("a BAKER makes 14 loaves every morning and sells them for 3 dollars each.   On "
                + "sunday she gives away 4 loaves. How much money does she make on a Sundy?").orElseThrow();
        assertTrue(m.similarity() >= 0.6 && m.similarity() < 1, "similarity " + m.similarity());
    }

    /**
     * Paraphrase robustness at the default {@code reference.minSimilarity} (0.6): a word dropped,
     * two adjacent words swapped, a word replaced, a new opener on the item's line, and the opener
     * with a swap, on every fixture item of 10 or more words.
     */
    @Test
    void findsItemsDespiteADroppedWordASwapAReplacedWordOrANewOpener() {
        List<String> fixtures = List.of(BAKER,
                "Ravi walks 2 kilometres to the library and back five days a week. How many kilometres does he walk in "
                        + "four weeks?",
                "Which quantity is conserved in a perfectly elastic collision between two billiard balls?",
                "Write a haiku about a lighthouse keeper who has never seen the sea.",
                "Explain how a bicycle gear system trades speed for force.",
                "Draft a polite email declining a meeting invitation from a colleague.");
        for (String item : fixtures) {
            int id = index.find(item).orElseThrow().id();
            String[] w = item.split(" ");
            int mid = w.length / 2;
            List<String> variants = List.of(
                    without(w, mid),
                    String.join(" ", swapped(w, mid)),
                    String.join(" ", replaced(w, mid)),
                    "Quick question: " + item,
                    "Hey, can you help: " + item,
                    "Quick question: " + String.join(" ", swapped(w, mid - 1)));
            for (String v : variants) {
                Optional<ReferenceMatch> m = index.find(v);
                assertTrue(m.isPresent() && m.get().id() == id, () -> "lost " + v);
            }
        }
    }

    private static String without(String[] words, int i) {
        List<String> out = new ArrayList<>(List.of(words));
        out.remove(i);
        return String.join(" ", out);
    }

    private static String[] replaced(String[] words, int i) {
        String[] out = words.clone();
        out[i] = "whatever";
        return out;
    }

    private static String[] swapped(String[] words, int i) {
        String[] out = words.clone();
        out[i] = words[i + 1];
        out[i + 1] = words[i];
        return out;
    }

    @Test
    void findsAnExamQuestionAskedWithItsOptions() {
        ReferenceMatch m = index.find("Which quantity is conserved in a perfectly elastic collision between two "
                + "billiard balls?\nA. kinetic energy only\nB. momentum only\nC. both\nD. neither\n"
                + "Answer with a single letter.").orElseThrow();
        assertEquals("exam-mini", m.source());
    }

    @Test
    void findsChatAndTurnRecords() {
        assertEquals("instructions-mini",
                index.find("Explain how a bicycle gear system trades speed for force.").orElseThrow().source());
        assertTrue(index.find("Draft a polite email declining a meeting invitation from a colleague.").isPresent());
    }

    @Test
    void doesNotMatchAnotherFillOfTheSameKindOfProblem() {
        assertFalse(index.find("A baker makes 40 cakes every evening and sells them for 7 dollars each. On Monday "
                + "he gives away 9 cakes. How much money does he make on a Monday?").isPresent());
    }

    @Test
    void doesNotMatchUnrelatedOrShortPrompts() {
        assertFalse(index.find("How do I reverse a linked list in Java without recursion?").isPresent());
        assertFalse(index.find("thanks!").isPresent());
        assertFalse(index.find("").isPresent());
    }

    @Test
    void answersConcurrentLookupsConsistently() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Optional<ReferenceMatch>>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String q = i % 2 == 0 ? "Solve: " + BAKER : "Tell me a joke about penguins and ice cream please";
                results.add(pool.submit(() -> index.find(q)));
            }
            for (int i = 0; i < results.size(); i++) {
                assertEquals(i % 2 == 0, results.get(i).get().isPresent());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void answersARepeatedPromptFromTheCacheWithTheSameMatch() {
        String prompt = "Please solve: " + BAKER;
        Optional<ReferenceMatch> first = index.find(prompt);
        assertTrue(first.isPresent());
        assertTrue(first == index.find(prompt), "second answer comes from the cache");
    }

    @Test
    void confirmsAnItemUnderEachNewWrapperAsAnIndexSeeingItFirstDoes() throws IOException, URISyntaxException {
        String bicycle = "Explain how a bicycle gear system trades speed for force.";
        for (String item : List.of(BAKER, bicycle, "how much money does she make on a sunday with 14 loaves")) {
            for (String wrapper : List.of("Solve: %s", "Answer briefly: %s\nThanks!", "Quick question:\n\n%s")) {
                String prompt = String.format(wrapper, item);
                assertEquals(ReferenceIndex.load(fixtures()).find(prompt), index.find(prompt), prompt);
            }
        }
    }

    @Test
    void bm25ShareIsFullForTheItemsOwnTextAndDropsWhenItsRareWordsAreMissing() {
        int id = index.find(BAKER).orElseThrow().id();
        String norm = dev.quarry.fingerprint.TextNormaliser.normalise(BAKER);
        assertEquals(1.0, index.bm25Share(norm, id), 1e-6);
        double common = index.bm25Share("how much money does she make on a", id);
        assertTrue(common > 0 && common < ReferenceIndex.MIN_BM25_SHARE, "share " + common);
    }

    @Test
    void bm25ShareIsWhatALuceneDisjunctionOfTheSpansWordsScoresTheItemOverItsSelfScore() throws IOException {
        String[] spans = {"how much money does she make on a sunday", "a baker sells loaves", "gear bicycle speed force",
            "the the the baker baker", "nothing here matches at all"};
        org.apache.lucene.analysis.Analyzer analyzer = new org.apache.lucene.analysis.standard.StandardAnalyzer();
        for (String span : spans) {
            org.apache.lucene.search.BooleanQuery.Builder q = new org.apache.lucene.search.BooleanQuery.Builder();
            try (org.apache.lucene.analysis.TokenStream ts = analyzer.tokenStream("text", span)) {
                var term = ts.addAttribute(org.apache.lucene.analysis.tokenattributes.CharTermAttribute.class);
                ts.reset();
                java.util.Set<String> seen = new java.util.HashSet<>();
                while (ts.incrementToken()) {
                    if (seen.add(term.toString())) {
                        q.add(new org.apache.lucene.search.TermQuery(new org.apache.lucene.index.Term("text", term.toString())),
                                org.apache.lucene.search.BooleanClause.Occur.SHOULD);
                    }
                }
                ts.end();
            }
            org.apache.lucene.search.Query query = q.build();
            for (int doc = 0; doc < index.size(); doc++) {
                double lucene = index.searcher().explain(query, doc).getValue().doubleValue();
                double want = Math.min(1, lucene / index.selfScore(doc));
                assertEquals(want, index.bm25Share(span, doc), 1e-5, span + " on item " + doc);
                assertEquals(index.bm25Share(span, doc), index.bm25Share(span, doc), "the same answer again");
            }
        }
    }

    @Test
    void emptyLookupMatchesNothing() {
        assertFalse(ReferenceLookup.none().find(BAKER).isPresent());
        assertEquals(0, ReferenceLookup.none().size());
    }

    @Test
    void sketchesOnlySpansWhoseBigramsItemsHoldEnoughOf() {
        assertTrue(index.mayMatch(PromptSpans.sketch(TextNormaliser.normalise(BAKER)).set()));
        String unrelated = "Purple elephants juggle quietly beneath seventeen humming lighthouses tonight.";
        assertFalse(index.mayMatch(PromptSpans.sketch(TextNormaliser.normalise(unrelated)).set()));
        // Of the whole, the unrelated line and the item's line, the unrelated line is dropped.
        assertEquals(3, PromptSpans.of(unrelated + "\n" + BAKER, 5, 8).size());
        assertEquals(2, PromptSpans.of(unrelated + "\n" + BAKER, 5, 8, index.spanFilter).size());
        assertTrue(PromptSpans.of(unrelated, 5, 8, index.spanFilter).isEmpty());
        assertEquals(1, PromptSpans.of(unrelated, 5, 8).size());
    }
}
