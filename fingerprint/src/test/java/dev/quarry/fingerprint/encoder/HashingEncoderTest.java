package dev.quarry.fingerprint.encoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.fingerprint.vector.VectorMath;
import org.junit.jupiter.api.Test;

class HashingEncoderTest {
    private final HashingEncoder encoder = new HashingEncoder();

    @Test
    void embeddingsAreUnitLengthAndDeterministic() {
        float[] a = encoder.encode("write a python function that reverses a list");
        assertEquals(HashingEncoder.DEFAULT_DIMENSION, a.length);
        assertEquals(1.0, VectorMath.dot(a, a), 1e-5);
        assertArrayEquals(a, new HashingEncoder().encode("write a python function that reverses a list"));
    }

    @Test
    void sharedWordingIsCloserThanUnrelatedText() {
        float[] q = encoder.encode("write a python function that reverses a list");
        float[] near = encoder.encode("write a python function that sorts a list");
        float[] far = encoder.encode("what is the capital of france and its population");
        assertTrue(VectorMath.dot(q, near) > 0.6f, "near: " + VectorMath.dot(q, near));
        assertTrue(VectorMath.dot(q, far) < 0.3f, "far: " + VectorMath.dot(q, far));
    }

    @Test
    void emptyTextIsTheZeroVector() {
        float[] v = encoder.encode("");
        assertEquals(0f, VectorMath.dot(v, v));
    }

    @Test
    void powerOfTwoDimensionsFoldFeaturesAsTheUnsignedRemainderDoes() {
        // A dimension of 2^k folds a feature hash to its low k bits, which is its unsigned
        // remainder by 2^k: the 512 slots of a wider encoder, taken modulo 256, add up to the
        // default encoder's 256 (before normalisation, so compare directions).
        String text = "write a python function that reverses a list, then explain it step by step";
        float[] wide = new HashingEncoder(512).encode(text);
        float[] folded = new float[256];
        for (int i = 0; i < wide.length; i++) {
            folded[i % 256] += wide[i];
        }
        VectorMath.normalise(folded);
        float[] narrow = encoder.encode(text);
        for (int i = 0; i < narrow.length; i++) {
            assertEquals(narrow[i], folded[i], 1e-5f, "slot " + i);
        }
        // and a dimension that is no power of two still spreads over all of its slots
        float[] odd = new HashingEncoder(300).encode(text);
        assertEquals(300, odd.length);
        assertEquals(1.0, VectorMath.dot(odd, odd), 1e-4);
    }
}
