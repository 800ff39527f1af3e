package dev.quarry.detectors.detector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.detectors.Traffic;
import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.config.NearDuplicateConfig;
import dev.quarry.detectors.config.TemplatedQueryConfig;
import dev.quarry.fingerprint.MinHasher;
import dev.quarry.fingerprint.PromptFeatures;
import dev.quarry.ingest.EventBuilder;
import dev.quarry.ingest.InferenceEvent;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NearDuplicateDetectorTest {
    private final NearDuplicateDetector detector = new NearDuplicateDetector(new NearDuplicateConfig());

    @Test
    void flagsParaphraseFillDistillationWithVariedWording() {
        DetectorFinding f = new DetectorHarness<>(detector).feed(Traffic.paraphraseFillDistiller("key_e", 200))
                .last().orElseThrow();
        assertTrue(f.score() >= 0.5, "finding " + f);
    }

    @Test
    void seesParaphraseFillThatTheTemplateDetectorScoresLower() {
        List<InferenceEvent> events = Traffic.paraphraseFillDistiller("key_e", 200);
        double templated = new DetectorHarness<>(new TemplatedQueryDetector(new TemplatedQueryConfig()))
                .feed(events).last().map(DetectorFinding::score).orElse(0.0);
        double nearDuplicate = new DetectorHarness<>(detector).feed(events).last().orElseThrow().score();
        assertTrue(nearDuplicate > templated, nearDuplicate + " vs templated " + templated);
    }

    @Test
    void flagsSystematicPerturbationProbes() {
        DetectorFinding f = new DetectorHarness<>(detector).feed(Traffic.perturbationProbes("key_p", 200))
                .last().orElseThrow();
        assertTrue(f.score() >= 0.5, "finding " + f);
        assertTrue(((Number) f.evidence().get("near_duplicate_rate")).doubleValue() >= 0.7, "finding " + f);
    }

    @Test
    void staysQuietBelowTheMinimumNumberOfQueries() {
        assertTrue(new DetectorHarness<>(detector).feed(Traffic.perturbationProbes("key_p", 29)).last().isEmpty());
    }

    @Test
    void reportsABatchSummariserFillingOneTemplateAsSupportingEvidenceOnly() {
        // Many of its prompts are near-duplicates by the template: supporting evidence, never an alert alone.
        assertSupportingOnly(Traffic.batchSummariser("key_b", 400));
    }

    @Test
    void doesNotFlagAHumanChattingWithFollowUps() {
        assertQuiet(Traffic.humanChat("key_h", 300, 7));
    }

    @Test
    void doesNotFlagARagAppSharingOneLongContext() {
        assertQuiet(Traffic.ragApp("key_rag", 300));
    }

    @Test
    void reportsALabelClassifierAsSupportingEvidenceOnly() {
        assertSupportingOnly(Traffic.classifierApp("key_c", 400));
    }

    @Test
    void doesNotFlagAStudent() {
        assertQuiet(Traffic.student("key_s", 300));
    }

    @Test
    void reportsADeveloperReSendingOneFileAsSupportingEvidenceOnly() {
        assertSupportingOnly(Traffic.developer("key_dev", 400));
    }

    @Test
    void countsExactRepeatsApartFromNearDuplicates() {
        List<InferenceEvent> events = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            events.add(EventBuilder.event("r-" + i).client("key_r").at(Traffic.T0.plusSeconds(i))
                    .user("Give me a detailed history of the printing press in Europe").completionTokens(900).build());
        }
        DetectorFinding f = new DetectorHarness<>(detector).feed(events).last().orElse(null);
        assertTrue(f == null || f.score() == 0.0, "finding " + f);
    }

    @Test
    void fingerprintsOfPromptsDifferingOnlyInNumbersAreEqual() {
        assertArrayEquals(QueryFingerprints.of("what is 17 times 23 in binary notation", 16),
                QueryFingerprints.of("what is 48 times 91 in binary notation", 16));
    }

    @Test
    void encodesItsStateDeterministicallyAndWithinItsStatedSize() throws IOException {
        NearDuplicateDetector.State s = detector.newState();
        MinHasher hasher = new MinHasher(64, 0x51A2_77E5L);
        for (InferenceEvent e : Traffic.paraphraseFillDistiller("key_e", 300)) {
            detector.observe(e, PromptFeatures.of(e.request(), hasher), s);
        }
        byte[] bytes = StateBytes.of(s);
        NearDuplicateDetector.State back = detector.readState(new DataInputStream(new ByteArrayInputStream(bytes)));
        assertArrayEquals(bytes, StateBytes.of(back));
        assertEquals(s.nearDuplicates(), back.nearDuplicates());
        assertTrue(bytes.length <= 16_569, "state of " + bytes.length + " bytes");
    }

    private void assertQuiet(List<InferenceEvent> events) {
        DetectorHarness<NearDuplicateDetector.State> h = new DetectorHarness<>(detector).feed(events);
        assertTrue(h.maxScore() < 0.25, () -> "max score " + h.maxScore() + ", last " + h.last());
    }

    /** Whatever its score, the finding is supporting evidence: it never raises an alert alone (AlertFusionTest). */
    private void assertSupportingOnly(List<InferenceEvent> events) {
        DetectorHarness<NearDuplicateDetector.State> h = new DetectorHarness<>(detector).feed(events);
        h.lastReported().ifPresent(f -> assertTrue(!f.group().specific(), "group " + f.group()));
    }
}
