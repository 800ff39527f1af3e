package dev.quarry.detectors.encoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.detectors.config.EncoderConfig;
import dev.quarry.fingerprint.encoder.HashingEncoder;
import dev.quarry.fingerprint.encoder.MiniLmEncoder;
import org.junit.jupiter.api.Test;

class TextEncodersTest {

    @Test
    void defaultConfigEmbedsEveryDetectorWithTheHashingEncoder() {
        try (TextEncoders encoders = new TextEncoders(new EncoderConfig())) {
            assertInstanceOf(HashingEncoder.class, encoders.defaultEncoder());
            assertEquals("hashing-256", encoders.defaultEncoder().name());
            assertSame(encoders.defaultEncoder(), encoders.forDetector("templated-queries"));
        }
    }

    @Test
    void detectorOverrideGetsTheNamedEncoderAndOthersTheDefault() {
        EncoderConfig config = new EncoderConfig();
        config.detectors().put("paraphrase-sweep", TextEncoders.MINILM);
        config.detectors().put("other-semantic", TextEncoders.MINILM);
        try (TextEncoders encoders = new TextEncoders(config)) {
            assertInstanceOf(MiniLmEncoder.class, encoders.forDetector("paraphrase-sweep"));
            assertSame(encoders.forDetector("paraphrase-sweep"), encoders.forDetector("other-semantic"));
            assertSame(encoders.defaultEncoder(), encoders.forDetector("logit-bias-sweep"));
            assertSame(encoders.forDetector("paraphrase-sweep"), encoders.override("paraphrase-sweep"));
            assertEquals(null, encoders.override("logit-bias-sweep"));
        }
    }

    /** Naming the default's own encoder is no override: the detector keeps seeing every event. */
    @Test
    void theDefaultEncoderNamedForADetectorIsNoOverride() {
        EncoderConfig config = new EncoderConfig();
        config.detectors().put("near_duplicate_queries", TextEncoders.HASHING);
        try (TextEncoders encoders = new TextEncoders(config)) {
            assertEquals(null, encoders.override("near_duplicate_queries"));
        }
    }

    @Test
    void unknownEncoderNameIsRejected() {
        EncoderConfig config = new EncoderConfig();
        config.defaultEncoder("word2vec");
        assertThrows(IllegalArgumentException.class, () -> new TextEncoders(config));
    }

    @Test
    void semanticSampleIsDeterministicAndNearTheConfiguredRate() {
        EncoderConfig config = new EncoderConfig();
        config.semanticSampleRate(0.1);
        try (TextEncoders encoders = new TextEncoders(config); TextEncoders again = new TextEncoders(config)) {
            int sampled = 0;
            for (int i = 0; i < 20_000; i++) {
                String id = "evt-" + i;
                assertEquals(encoders.semanticSampled(id), again.semanticSampled(id));
                if (encoders.semanticSampled(id)) {
                    sampled++;
                }
            }
            assertTrue(sampled > 1_800 && sampled < 2_200, "sampled " + sampled);
        }
    }

    @Test
    void sampleRatesZeroAndOneTakeNoneAndAll() {
        EncoderConfig none = new EncoderConfig();
        none.semanticSampleRate(0);
        EncoderConfig all = new EncoderConfig();
        all.semanticSampleRate(1);
        try (TextEncoders n = new TextEncoders(none); TextEncoders a = new TextEncoders(all)) {
            for (int i = 0; i < 1_000; i++) {
                assertEquals(false, n.semanticSampled("e" + i));
                assertTrue(a.semanticSampled("e" + i));
            }
        }
    }
}
