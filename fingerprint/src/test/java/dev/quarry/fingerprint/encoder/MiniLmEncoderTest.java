package dev.quarry.fingerprint.encoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.fingerprint.vector.VectorMath;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MiniLmEncoderTest {
    private static final String REVERSE = "How do I reverse a list in Python?";
    private static final String PARAPHRASE = "Python: invert the order of an array's elements";
    private static final String PIZZA = "best pizza in Naples";
    private static MiniLmEncoder encoder;

    @BeforeAll
    static void load() {
        encoder = new MiniLmEncoder();
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    @Test
    void paraphraseScoresHigherThanUnrelatedText() {
        float[] q = encoder.encode(REVERSE);
        float[] near = encoder.encode(PARAPHRASE);
        float[] far = encoder.encode(PIZZA);
        float nearScore = VectorMath.dot(q, near);
        float farScore = VectorMath.dot(q, far);
        assertTrue(nearScore > farScore + 0.3f, "near " + nearScore + ", far " + farScore);
    }

    @Test
    void embeddingsAreUnitLength384() {
        float[] v = encoder.encode(REVERSE);
        assertEquals(MiniLmEncoder.DIMENSION, v.length);
        assertEquals(1.0, VectorMath.dot(v, v), 1e-4);
    }

    @Test
    void sameTextGivesTheSameVector() {
        assertArrayEquals(encoder.encode(REVERSE), encoder.encode(REVERSE));
    }

    @Test
    void batchKeepsInputOrderAndMatchesSingleEncoding() {
        List<float[]> batch = encoder.encodeBatch(List.of(PIZZA, REVERSE, PARAPHRASE));
        assertEquals(3, batch.size());
        assertArrayEquals(encoder.encode(PIZZA), batch.get(0), 1e-4f);
        assertArrayEquals(encoder.encode(REVERSE), batch.get(1), 1e-4f);
        assertArrayEquals(encoder.encode(PARAPHRASE), batch.get(2), 1e-4f);
    }

    @Test
    void batchesLargerThanOneChunkAreEncodedInFull() {
        List<String> texts = new java.util.ArrayList<>();
        for (int i = 0; i < MiniLmEncoder.BATCH_SIZE + 5; i++) {
            texts.add("question number " + i + " about sorting" + " words".repeat(i % 7));
        }
        List<float[]> vectors = encoder.encodeBatch(texts);
        assertEquals(texts.size(), vectors.size());
        assertArrayEquals(encoder.encode(texts.get(36)), vectors.get(36), 1e-4f);
    }

    @Test
    void closedEncoderRefusesWork() {
        MiniLmEncoder own = new MiniLmEncoder();
        own.close();
        own.close();
        assertThrows(IllegalStateException.class, () -> own.encode(REVERSE));
    }
}
