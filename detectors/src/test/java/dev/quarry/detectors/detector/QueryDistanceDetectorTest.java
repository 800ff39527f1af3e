package dev.quarry.detectors.detector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.detectors.Traffic;
import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.config.QueryDistanceConfig;
import dev.quarry.fingerprint.MinHasher;
import dev.quarry.fingerprint.PromptFeatures;
import dev.quarry.ingest.InferenceEvent;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueryDistanceDetectorTest {
    private final QueryDistanceDetector detector = new QueryDistanceDetector(new QueryDistanceConfig());

    @Test
    void flagsSyntheticPerturbationProbesWhoseDistancesAreNotNormal() {
        DetectorFinding f = new DetectorHarness<>(detector).feed(Traffic.perturbationProbes("key_p", 300))
                .last().orElseThrow();
        assertTrue(f.score() >= 0.5, "finding " + f);
        assertTrue(((Number) f.evidence().get("shapiro_wilk_w")).doubleValue() < 0.9, "finding " + f);
    }

    @Test
    void staysQuietBelowTheMinimumNumberOfDistances() {
        assertTrue(new DetectorHarness<>(detector).feed(Traffic.perturbationProbes("key_p", 40)).last().isEmpty());
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
    void doesNotFlagADeveloperMixingIdeCompletionsAndQuestions() {
        assertQuiet(Traffic.developer("key_dev", 400));
    }

    @Test
    void doesNotFlagARagAppSharingOneLongContext() {
        assertQuiet(Traffic.ragApp("key_rag", 300));
    }

    @Test
    void doesNotFlagABatchSummariser() {
        assertQuiet(Traffic.batchSummariser("key_b", 400));
    }

    @Test
    void doesNotPoolExactRepeats() {
        List<InferenceEvent> events = Traffic.humanChat("key_h", 120, 3);
        QueryDistanceConfig everyQuery = new QueryDistanceConfig();
        everyQuery.testEvery = 1;
        DetectorHarness<QueryDistanceDetector.State> h = new DetectorHarness<>(new QueryDistanceDetector(everyQuery))
                .feed(events);
        long repeats = h.state().repeats;
        assertTrue(repeats > 0, "the chat sequence repeats its follow-up prompt");
        assertEquals(120 - 1 - repeats, h.state().pooled());
    }

    @Test
    void encodesItsStateDeterministicallyAndWithinItsStatedSize() throws IOException {
        QueryDistanceDetector.State s = detector.newState();
        MinHasher hasher = new MinHasher(64, 0x51A2_77E5L);
        for (InferenceEvent e : Traffic.perturbationProbes("key_p", 600)) {
            detector.observe(e, PromptFeatures.of(e.request(), hasher), s);
        }
        byte[] bytes = StateBytes.of(s);
        QueryDistanceDetector.State back = detector.readState(new DataInputStream(new ByteArrayInputStream(bytes)));
        assertArrayEquals(bytes, StateBytes.of(back));
        assertEquals(s.pooled(), back.pooled());
        assertTrue(bytes.length <= 8_874, "state of " + bytes.length + " bytes");
    }

    private void assertQuiet(List<InferenceEvent> events) {
        DetectorHarness<QueryDistanceDetector.State> h = new DetectorHarness<>(detector).feed(events);
        assertTrue(h.maxScore() < 0.25, () -> "max score " + h.maxScore() + ", last " + h.last());
    }
}
