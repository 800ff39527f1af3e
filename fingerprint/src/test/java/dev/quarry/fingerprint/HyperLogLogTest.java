package dev.quarry.fingerprint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import org.junit.jupiter.api.Test;

class HyperLogLogTest {

    @Test
    void countsSmallSetsAlmostExactly() {
        HyperLogLog h = new HyperLogLog(10);
        for (int i = 0; i < 200; i++) {
            h.add(Hashing.mix64(i));
            h.add(Hashing.mix64(i)); // repeats do not count
        }
        assertEquals(200, h.estimate(), 6);
    }

    @Test
    void countsLargeSetsWithinThreeStandardErrors() {
        HyperLogLog h = new HyperLogLog(10);
        for (int i = 0; i < 100_000; i++) {
            h.add(Hashing.mix64(i * 7919L));
        }
        assertEquals(100_000, h.estimate(), 100_000 * 3 * 0.0325);
    }

    @Test
    void survivesItsEncoding() throws Exception {
        HyperLogLog h = new HyperLogLog(8);
        for (int i = 0; i < 1000; i++) {
            h.add(Hashing.mix64(i));
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        h.writeTo(new DataOutputStream(bytes));
        HyperLogLog back = HyperLogLog.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertEquals(h.estimate(), back.estimate());
        assertEquals(1 + 256, bytes.size());
    }
}
