package dev.quarry.detectors.detector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.detectors.Traffic;
import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.config.QueryDistanceConfig;
import dev.quarry.fingerprint.MinHasher;
import dev.quarry.fingerprint.PromptFeatures;
import dev.quarry.fingerprint.stats.PradaTest;
import dev.quarry.ingest.EventBuilder;
import dev.quarry.ingest.InferenceEvent;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QueryDistanceDetectorTest {
    private final QueryDistanceDetector detector = new QueryDistanceDetector(new QueryDistanceConfig());
    private final MinHasher hasher = new MinHasher(64, 0x51A2_77E5L);

    @Test
    void flagsSyntheticPerturbationProbesWhoseDistancesAreNotNormal() {
        // 900 probes: most are exact repeats of an earlier probe, about 240 distances are pooled
        DetectorFinding f = new DetectorHarness<>(detector).feed(Traffic.perturbationProbes("key_p", 900))
                .last().orElseThrow();
        assertTrue(f.score() >= 0.5, "finding " + f);
        assertTrue(((Number) f.evidence().get("shapiro_wilk_w")).doubleValue() < 0.9, "finding " + f);
    }

    @Test
    void doesNotTestBeforeAHundredDistances() {
        QueryDistanceConfig everyQuery = new QueryDistanceConfig();
        everyQuery.testEvery(1);
        QueryDistanceDetector everyQueryDetector = new QueryDistanceDetector(everyQuery);
        QueryDistanceDetector.State s = everyQueryDetector.newState();
        for (InferenceEvent e : Traffic.perturbationProbes("key_p", 300)) {
            Optional<DetectorFinding> f = everyQueryDetector.observe(e, PromptFeatures.of(e.request(), hasher), s);
            if (s.pooled() < 100) {
                assertTrue(f.isEmpty(), "tested on " + s.pooled() + " distances");
            } else if (f.isPresent()) {
                assertTrue(((Number) f.get().evidence().get("distances_tested")).intValue() >= 100, "finding " + f);
                return;
            }
        }
        throw new AssertionError("never tested");
    }

    @Test
    void doesNotFlagAHumanChatting() {
        assertQuiet(Traffic.humanChat("key_h", 300, 7));
    }

    @Test
    void doesNotFlagAStudent() {
        assertQuiet(Traffic.student("key_s", 300));
    }

    @Test
    void doesNotFlagARagAppSharingOneLongContext() {
        assertQuiet(Traffic.ragApp("key_rag", 300));
    }

    @Test
    void settlesOnNormalDistancesForABatchSummariser() {
        // Its first distances, measured while the growing set was small, are large; once they leave
        // the window of 256 the distances of the filled template are normal.
        DetectorHarness<QueryDistanceDetector.State> h = new DetectorHarness<>(detector)
                .feed(Traffic.batchSummariser("key_b", 400));
        DetectorFinding f = h.lastReported().orElseThrow();
        assertEquals(0.0, f.score(), "finding " + f);
    }

    /**
     * Known limit, kept visible: IDE completions (near each other) between chat questions (far from
     * everything) give two modes of distances, which PRADA reads as synthetic. The detector is
     * supporting evidence only, and the finding carries the low long-answer share.
     */
    @Test
    void seesADeveloperMixingIdeCompletionsAndQuestionsAsNonNormal() {
        DetectorFinding f = new DetectorHarness<>(detector).feed(Traffic.developer("key_dev", 400)).last()
                .orElseThrow();
        assertTrue(((Number) f.evidence().get("shapiro_wilk_w")).doubleValue() < 0.9, "finding " + f);
        assertTrue(((Number) f.evidence().get("long_answer_share")).doubleValue() < 0.2, "finding " + f);
    }

    @Test
    void countsAnExactRepeatOfAnAdmittedQueryWithoutPoolingIt() {
        String prompt = "what is a good way to learn the basics of music theory";
        QueryDistanceDetector.State s = detector.newState();
        observe(s, prompt);
        observe(s, prompt);
        observe(s, "how do I keep basil alive on a windowsill in winter");
        assertEquals(1, s.pooled());
        assertEquals(1, s.distances.repeats());
        assertEquals(2, s.distances.admitted(), "the seed and the new question; the repeat is not admitted");
    }

    @Test
    void poolsEveryEmbeddedQueryButExactRepeats() {
        DetectorHarness<QueryDistanceDetector.State> h = new DetectorHarness<>(detector)
                .feed(Traffic.humanChat("key_h", 120, 3));
        long repeats = h.state().distances.repeats();
        assertTrue(repeats > 0, "the chat sequence repeats its follow-up prompt");
        assertEquals(120 - 1 - repeats, h.state().pooled());
    }

    @Test
    void admissionThresholdNeverDecreasesAndAdmitsOnlyFartherQueries() {
        QueryDistanceDetector.State s = detector.newState();
        double threshold = 0;
        long admitted = 0;
        for (InferenceEvent e : Traffic.batchSummariser("key_b", 400)) {
            double before = s.distances.threshold();
            detector.observe(e, PromptFeatures.of(e.request(), hasher), s);
            assertTrue(s.distances.threshold() >= threshold, "threshold went down");
            threshold = s.distances.threshold();
            if (s.distances.admitted() > admitted && admitted > 0) {
                double[] all = s.distances.sorted();
                assertTrue(all[all.length - 1] > before, "an admitted query is farther than the threshold before it");
            }
            admitted = s.distances.admitted();
        }
        assertTrue(threshold > 0, "the threshold rose from 0");
        assertTrue(admitted < s.pooled(), "not every query joins the growing set: " + admitted);
    }

    @Test
    void reportsTheSharedPradaTestOfItsDistances() {
        QueryDistanceConfig everyQuery = new QueryDistanceConfig();
        everyQuery.testEvery(1);
        DetectorHarness<QueryDistanceDetector.State> h = new DetectorHarness<>(new QueryDistanceDetector(everyQuery))
                .feed(Traffic.perturbationProbes("key_p", 300));
        DetectorFinding f = h.lastReported().orElseThrow();
        double[] d = h.state().distances.sorted();
        PradaTest.Result expected = PradaTest.testSorted(d, d.length, 100).orElseThrow();
        assertEquals(DetectorFinding.round(expected.w()), f.evidence().get("shapiro_wilk_w"));
        assertEquals(expected.outliers(), f.evidence().get("outliers_removed"));
    }

    @Test
    void scoreDoesNotDependOnAnswerLength() {
        Optional<DetectorFinding> shortAnswers = new DetectorHarness<>(detector).feed(probes(30)).lastReported();
        Optional<DetectorFinding> longAnswers = new DetectorHarness<>(detector).feed(probes(1500)).lastReported();
        assertEquals(shortAnswers.orElseThrow().score(), longAnswers.orElseThrow().score());
        assertEquals(0.0, shortAnswers.get().evidence().get("long_answer_share"));
        assertEquals(1.0, longAnswers.get().evidence().get("long_answer_share"));
    }

    @Test
    void encodesItsStateWithAFormatByteDeterministically() throws IOException {
        QueryDistanceDetector.State s = feed(Traffic.perturbationProbes("key_p", 300));
        byte[] bytes = StateBytes.of(s);
        assertEquals(2, bytes[0], "format byte");
        QueryDistanceDetector.State back = detector.readState(new DataInputStream(new ByteArrayInputStream(bytes)));
        assertArrayEquals(bytes, StateBytes.of(back));
        assertEquals(s.pooled(), back.pooled());
        assertEquals(s.distances.threshold(), back.distances.threshold());
        bytes[0] = 1;
        assertThrows(IOException.class,
                () -> detector.readState(new DataInputStream(new ByteArrayInputStream(bytes))));
    }

    @Test
    void keepsItsStateWithinTheStatedBound() {
        QueryDistanceDetector.State s = feed(Traffic.perturbationProbes("key_p", 900));
        s = feed(s, Traffic.student("key_p", 1_000));
        assertTrue(s.distances.admitted() > 128, "the set overflowed: " + s.distances.admitted());
        assertEquals(128, s.set.size());
        assertTrue(s.set.size() <= 128, "growing set of " + s.set.size());
        assertTrue(s.distances.held() <= 256);
        int bytes = StateBytes.of(s).length;
        assertTrue(bytes <= 33_867, "state of " + bytes + " bytes");
    }

    /** Perturbation probes with every answer {@code completionTokens} long. */
    private static List<InferenceEvent> probes(int completionTokens) {
        List<InferenceEvent> out = new ArrayList<>();
        for (InferenceEvent e : Traffic.perturbationProbes("key_p", 900)) {
            out.add(EventBuilder.from(e).completionTokens(completionTokens).build());
        }
        return out;
    }

    private void observe(QueryDistanceDetector.State s, String prompt) {
        InferenceEvent e = EventBuilder.event("e").client("k").at(Traffic.T0).user(prompt).build();
        detector.observe(e, PromptFeatures.of(e.request(), hasher), s);
    }

    private QueryDistanceDetector.State feed(List<InferenceEvent> events) {
        return feed(detector.newState(), events);
    }

    private QueryDistanceDetector.State feed(QueryDistanceDetector.State s, List<InferenceEvent> events) {
        for (InferenceEvent e : events) {
            detector.observe(e, PromptFeatures.of(e.request(), hasher), s);
        }
        return s;
    }

    private void assertQuiet(List<InferenceEvent> events) {
        DetectorHarness<QueryDistanceDetector.State> h = new DetectorHarness<>(detector).feed(events);
        assertTrue(h.maxScore() < 0.25, () -> "max score " + h.maxScore() + ", last " + h.last());
    }
}
