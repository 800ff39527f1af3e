package dev.quarry.corpora.eval;

import static dev.quarry.corpora.eval.BaselineQueries.query;
import static dev.quarry.corpora.eval.BaselineQueries.varied;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.fingerprint.TextNormaliser;
import dev.quarry.fingerprint.stats.PradaDistances;
import dev.quarry.fingerprint.stats.PradaTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PradaBaselineTest {
    @Test
    void doesNotTestBeforeAHundredDistances() {
        PradaBaseline b = new PradaBaseline();
        int i = 0;
        for (; b.state("k") == null || b.state("k").distances.pooled() < 99; i++) {
            assertTrue(Double.isNaN(b.score(query("k", i, varied(i)))), "query " + i);
        }
        double score = Double.NaN;
        for (int j = 0; j < 50 && Double.isNaN(score); j++, i++) {
            score = b.score(query("k", i, varied(i)));
        }
        assertTrue(score < 0 && score >= -1, "score is -W: " + score);
    }

    @Test
    void scoresTheWOfTheSharedPradaRulesOnItsDistances() {
        PradaBaseline b = new PradaBaseline();
        HashedNgramVectors enc = new HashedNgramVectors(256);
        List<float[]> growingSet = new ArrayList<>();
        PradaDistances expected = new PradaDistances(256);
        double score = Double.NaN;
        double expectedScore = Double.NaN;
        for (int i = 0; i < 400; i++) {
            String text = i % 5 == 0 ? varied(i / 5) : varied(i % 40);
            score = b.score(query("k", i, text));
            // the paper's loop, written out: min distance to G, admission by the shared threshold
            float[] v = enc.vector(TextNormaliser.normalise(text));
            if (growingSet.isEmpty()) {
                growingSet.add(v);
                expected.seed();
                continue;
            }
            double best = Double.POSITIVE_INFINITY;
            for (float[] g : growingSet.subList(Math.max(0, growingSet.size() - 128), growingSet.size())) {
                best = Math.min(best, HashedNgramVectors.distance(v, g));
            }
            long pooled = expected.pooled();
            if (expected.record(best)) {
                growingSet.add(v);
            }
            if (expected.pooled() > pooled && expected.pooled() % 4 == 0 && expected.pooled() >= 100) {
                double[] d = expected.sorted();
                expectedScore = -PradaTest.testSorted(d, d.length, 100).orElseThrow().w();
            }
        }
        assertEquals(expected.pooled(), b.state("k").distances.pooled());
        assertEquals(expected.repeats(), b.state("k").distances.repeats());
        assertTrue(expected.repeats() > 0, "the sequence repeats questions");
        assertTrue(!Double.isNaN(expectedScore));
        assertEquals(expectedScore, score, 1e-9);
    }

    @Test
    void countsARepeatedPromptWithoutPoolingItAsTheDetectorDoes() {
        PradaBaseline b = new PradaBaseline();
        double score = Double.NaN;
        for (int i = 0; i < 300; i++) {
            score = b.score(query("k", i, "what is the logit of token 42"));
        }
        assertTrue(Double.isNaN(score), "one prompt repeated: nothing pooled, no test");
        assertEquals(299, b.state("k").distances.repeats());
        assertEquals(0, b.state("k").distances.pooled());
    }

    @Test
    void judgesAClientByItsWAtTheEndOfTheCorpus() {
        assertEquals(Baseline.Verdict.LAST, new PradaBaseline().verdict());
        ScoreTrace t = new ScoreTrace(Baseline.Verdict.LAST);
        t.append(0, Double.NaN);
        t.append(1_000, -0.6);
        t.append(2_000, -0.95);
        t.append(3_000, Double.NaN);
        t.append(4_000, -0.8);
        t.append(5_000, -0.7);
        assertEquals(-0.7, t.finalScore(), "the last W, not the lowest");
        assertEquals(new ClientDetection(5, 4_000), t.detectionAt(-0.8), "flagged since its last crossing");
        assertEquals(null, t.detectionAt(-0.65));
    }
}
