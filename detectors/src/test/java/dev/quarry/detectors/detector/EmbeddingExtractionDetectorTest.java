package dev.quarry.detectors.detector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.detectors.Traffic;
import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.config.EmbeddingExtractionConfig;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmbeddingExtractionDetectorTest {
    private final EmbeddingExtractionDetector detector = new EmbeddingExtractionDetector(new EmbeddingExtractionConfig());

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4})
    void flagsAnExtractorQueryingWithABroadCorpus(long seed) {
        int inputs = 4000 + new Random(seed).nextInt(8000);
        DetectorFinding f = new DetectorHarness<>(detector)
                .feed(EmbeddingTraffic.extractor("key_x", seed, inputs, Duration.ofSeconds(2))).last().orElseThrow();
        assertTrue(f.score() >= 0.5, "score " + f.score() + " " + f.evidence());
        assertEquals((long) inputs, ((Number) f.evidence().get("inputs")).longValue());
    }

    @Test
    void staysSilentBelowTheMinimumInputs() {
        DetectorHarness<EmbeddingExtractionDetector.State> h = new DetectorHarness<>(detector)
                .feed(EmbeddingTraffic.extractor("key_x", 1, 900, Duration.ofSeconds(2)));
        assertTrue(h.last().isEmpty());
    }

    @Test
    void doesNotFlagAWikiReindexedNightlyOverManySeeds() {
        for (int seed = 0; seed < 15; seed++) {
            double max = new DetectorHarness<>(detector).feed(EmbeddingTraffic.wikiReindexer("key_w", seed, 2 + seed % 4))
                    .maxScore();
            assertTrue(max < 0.5, "seed " + seed + ": " + max);
        }
    }

    @Test
    void doesNotFlagASemanticSearchAppOverManySeeds() {
        for (int seed = 0; seed < 15; seed++) {
            double max = new DetectorHarness<>(detector).feed(EmbeddingTraffic.searchApp("key_s", seed, 3000 + seed * 700))
                    .maxScore();
            assertTrue(max < 0.5, "seed " + seed + ": " + max);
        }
    }

    @Test
    void doesNotFlagARagAppIndexingOneLargeDomainOnceOverManySeeds() {
        for (int seed = 0; seed < 15; seed++) {
            double max = new DetectorHarness<>(detector).feed(EmbeddingTraffic.ragIndexer("key_r", seed, 2000 + seed * 900))
                    .maxScore();
            assertTrue(max < 0.5, "seed " + seed + ": " + max);
        }
    }

    @Test
    void ignoresChatTrafficAndKeepsItsStateTiny() {
        DetectorHarness<EmbeddingExtractionDetector.State> h = new DetectorHarness<>(detector)
                .feed(Traffic.humanChat("key_h", 300, 3));
        assertTrue(h.last().isEmpty());
        assertEquals(0, h.state().inputs());
        assertEquals(9, StateBytes.of(h.state()).length);
    }

    @Test
    void stateRoundTripsIsBoundedAndRejectsAnUnknownFormat() throws Exception {
        DetectorHarness<EmbeddingExtractionDetector.State> h = new DetectorHarness<>(detector)
                .feed(EmbeddingTraffic.extractor("key_x", 7, 3000, Duration.ofSeconds(2)));
        byte[] bytes = StateBytes.of(h.state());
        assertArrayEquals(bytes, StateBytes.of(detector.readState(new DataInputStream(new ByteArrayInputStream(bytes)))));
        assertTrue(bytes.length < 4_500, "bounded state: " + bytes.length);
        bytes[0] = 7;
        assertThrows(IOException.class, () -> detector.readState(new DataInputStream(new ByteArrayInputStream(bytes))));
    }

    @Test
    void rejectsInconsistentThresholds() {
        EmbeddingExtractionConfig c = new EmbeddingExtractionConfig();
        c.lshPlanes(20);
        assertThrows(IllegalArgumentException.class, () -> new EmbeddingExtractionDetector(c));
    }
}
