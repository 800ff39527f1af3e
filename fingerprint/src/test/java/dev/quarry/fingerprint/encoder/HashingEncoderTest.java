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
}
