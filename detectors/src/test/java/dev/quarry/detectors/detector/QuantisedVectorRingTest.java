package dev.quarry.detectors.detector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.fingerprint.encoder.HashingEncoder;
import dev.quarry.fingerprint.vector.VectorMath;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class QuantisedVectorRingTest {
    private final HashingEncoder encoder = new HashingEncoder();

    @Test
    void keepsDotProductsWithinOneHundredthOfTheFloatValues() {
        float[] a = encoder.encode("how do i fix a leaking kitchen tap it drips even when closed");
        float[] b = encoder.encode("how do i repair a dripping kitchen tap");
        QuantisedVectorRing ring = new QuantisedVectorRing(4);
        ring.add(b);
        float[] m = new float[a.length];
        assertEquals(1, ring.dequantiseInto(m, a.length));
        assertEquals(VectorMath.dot(a, b), VectorMath.dot(a, m), 0.01f);
    }

    @Test
    void overwritesTheOldestVectorWhenFull() {
        QuantisedVectorRing ring = new QuantisedVectorRing(2);
        float[] first = encoder.encode("first prompt about tides");
        ring.add(first);
        ring.add(encoder.encode("second prompt about volcanoes"));
        ring.add(encoder.encode("third prompt about glaciers"));
        float[] m = new float[2 * first.length];
        assertEquals(2, ring.dequantiseInto(m, first.length));
        float[] row = new float[first.length];
        for (int r = 0; r < 2; r++) {
            System.arraycopy(m, r * first.length, row, 0, first.length);
            assertTrue(VectorMath.dot(first, row) < 0.9f, "the first vector was evicted");
        }
    }

    @Test
    void roundTripsThroughItsEncoding() throws IOException {
        QuantisedVectorRing ring = new QuantisedVectorRing(3);
        for (String s : new String[] {"one two three four", "five six seven", "eight nine ten", "eleven twelve"}) {
            ring.add(encoder.encode(s));
        }
        byte[] bytes = write(ring);
        QuantisedVectorRing back = new QuantisedVectorRing(3);
        back.readFrom(new DataInputStream(new ByteArrayInputStream(bytes)));
        assertArrayEquals(bytes, write(back));
        assertEquals(6 + 3 * (4 + 256), bytes.length);
    }

    @Test
    void aRingThatGrowsAndIsReadBackMidwayEndsLikeOneThatNeverStopped() throws IOException {
        // Rows are allocated as vectors arrive; growing and re-reading must not change what is kept.
        QuantisedVectorRing straight = new QuantisedVectorRing(20);
        QuantisedVectorRing interrupted = new QuantisedVectorRing(20);
        for (int i = 0; i < 33; i++) {
            float[] v = encoder.encode("prompt number " + i + " about topic " + (i * 7 % 11));
            straight.add(v);
            interrupted.add(v);
            if (i == 4 || i == 12 || i == 25) {
                QuantisedVectorRing back = new QuantisedVectorRing(20);
                back.readFrom(new DataInputStream(new ByteArrayInputStream(write(interrupted))));
                interrupted = back;
            }
        }
        assertEquals(20, interrupted.size());
        assertArrayEquals(write(straight), write(interrupted));
    }

    private static byte[] write(QuantisedVectorRing ring) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ring.writeTo(new DataOutputStream(out));
        return out.toByteArray();
    }
}
