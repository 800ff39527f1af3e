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
import dev.quarry.fingerprint.reference.ReferenceEntry;
import dev.quarry.fingerprint.reference.ReferenceIndex;
import dev.quarry.fingerprint.reference.ReferenceKind;
import dev.quarry.ingest.InferenceEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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

    /** Four public sets of 600 made-up items each (benchmark and instruction kinds), and a detector that indexes them. */
    private static final class PublicSets {
        final List<List<String>> sets = new ArrayList<>();
        final EmbeddingExtractionDetector detector;

        PublicSets() {
            Random words = new Random(11);
            String[] vocabulary = new String[4_000];
            for (int i = 0; i < vocabulary.length; i++) {
                vocabulary[i] = Long.toString(Math.abs(words.nextLong()) % 1_000_000_000L, 36);
            }
            List<ReferenceEntry> entries = new ArrayList<>();
            String[] names = {"maths-bench", "exam-bench", "instructions-a", "code-instructions"};
            for (int k = 0; k < names.length; k++) {
                List<String> items = new ArrayList<>();
                for (int j = 0; j < 600; j++) {
                    StringBuilder item = new StringBuilder("Item");
                    for (int w = 0, n = 10 + words.nextInt(20); w < n; w++) {
                        item.append(' ').append(vocabulary[words.nextInt(vocabulary.length)]);
                    }
                    items.add(item.append('.').toString());
                    entries.add(new ReferenceEntry(names[k], k < 2 ? ReferenceKind.BENCHMARK : ReferenceKind.INSTRUCTION,
                            items.get(j)));
                }
                sets.add(items);
            }
            detector = new EmbeddingExtractionDetector(new EmbeddingExtractionConfig(),
                    ReferenceIndex.of(entries, ReferenceIndex.DEFAULT_MIN_SIMILARITY, ReferenceIndex.DEFAULT_MIN_WORDS));
        }

        /** A surrogate corpus: {@code publicShare} of the inputs drawn from the sets pooled, the rest broad text. */
        List<InferenceEvent> surrogate(String client, long seed, int inputs, double publicShare) {
            Random rnd = new Random(seed);
            List<InferenceEvent> out = new ArrayList<>();
            Instant t = Traffic.T0;
            for (int i = 0; i < inputs; i++) {
                t = t.plusSeconds(5 + rnd.nextInt(60));
                String text = rnd.nextDouble() < publicShare ? sets.get(rnd.nextInt(sets.size())).get(rnd.nextInt(600))
                        : EmbeddingTraffic.passage(rnd, new int[] {rnd.nextInt(EmbeddingTraffic.TOPICS.length)},
                                1 + rnd.nextInt(3));
                out.add(EmbeddingTraffic.embed(client, i, t, text));
            }
            return out;
        }
    }

    @Test
    void flagsAFewHundredInputsPooledFromPublicSetsBelowTheCoverageMinimum() {
        PublicSets sets = new PublicSets();
        Random rnd = new Random(4);
        for (int seed = 0; seed < 8; seed++) {
            int inputs = 250 + rnd.nextInt(700);
            double share = 0.25 + 0.6 * rnd.nextDouble();
            DetectorFinding f = new DetectorHarness<>(sets.detector).feed(sets.surrogate("key_x", seed, inputs, share))
                    .last().orElseThrow();
            assertTrue(f.score() >= 0.5, inputs + " inputs, " + share + " public: " + f.score() + " " + f.evidence());
            assertTrue(((Number) f.evidence().get("public_sets")).intValue() >= 3, f.evidence().toString());
        }
    }

    @Test
    void doesNotFlagPublicSetsEmbeddedOneAfterAnother() {
        PublicSets sets = new PublicSets();
        for (int seed = 0; seed < 4; seed++) {
            Random rnd = new Random(seed);
            List<InferenceEvent> out = new ArrayList<>();
            Instant t = Traffic.T0;
            int n = 150 + rnd.nextInt(80);
            for (List<String> set : sets.sets) {
                List<String> items = new ArrayList<>(set.subList(0, n));
                Collections.shuffle(items, rnd);
                for (String item : items) {
                    t = t.plusMillis(200 + rnd.nextInt(300));
                    out.add(EmbeddingTraffic.embed("key_study", out.size(), t, item));
                }
            }
            DetectorHarness<EmbeddingExtractionDetector.State> h = new DetectorHarness<>(sets.detector).feed(out);
            assertEquals(4, h.state().setsWithAtLeast(new EmbeddingExtractionConfig().minSetInputs()));
            assertEquals(4L * n, h.state().publicInputs);
            assertTrue(h.maxScore() < 0.5, "seed " + seed + ": " + h.maxScore());
        }
    }

    @Test
    void doesNotFlagASearchBoxWhoseUsersPasteAPublicItemNowAndThen() {
        PublicSets sets = new PublicSets();
        for (int seed = 0; seed < 6; seed++) {
            Random rnd = new Random(seed);
            List<InferenceEvent> out = new ArrayList<>();
            for (InferenceEvent e : EmbeddingTraffic.searchApp("key_s", seed, 3000 + seed * 700)) {
                out.add(rnd.nextInt(100) < 2 ? EmbeddingTraffic.embed("key_s", out.size(), Instant.ofEpochMilli(e.tsMillis()),
                        sets.sets.get(rnd.nextInt(4)).get(rnd.nextInt(600))) : e);
            }
            double max = new DetectorHarness<>(sets.detector).feed(out).maxScore();
            assertTrue(max < 0.5, "seed " + seed + ": " + max);
        }
    }

    @Test
    void ownDocumentsShowNoPublicProvenance() {
        PublicSets sets = new PublicSets();
        for (int seed = 0; seed < 5; seed++) {
            double wiki = new DetectorHarness<>(sets.detector).feed(EmbeddingTraffic.wikiReindexer("key_w", seed, 2 + seed % 3))
                    .maxScore();
            double rag = new DetectorHarness<>(sets.detector).feed(EmbeddingTraffic.ragIndexer("key_r", seed, 2000 + seed * 900))
                    .maxScore();
            assertTrue(wiki < 0.5 && rag < 0.5, "seed " + seed + ": " + wiki + " / " + rag);
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
        EmbeddingExtractionConfig d = new EmbeddingExtractionConfig().minPublicShare(0.3).fullPublicShare(0.2);
        assertThrows(IllegalArgumentException.class, () -> new EmbeddingExtractionDetector(d));
    }
}
