package dev.quarry.fingerprint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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

    @Test
    void aSketchWithFewRegistersSetIsWrittenSparselyAndReadsBackTheSame() throws Exception {
        HyperLogLog h = new HyperLogLog(10);
        for (int i = 0; i < 3; i++) {
            h.add(Hashing.mix64(i));
        }
        byte[] sparse = write(h);
        assertEquals(1 + 2 + 3 * 3, sparse.length);
        HyperLogLog back = HyperLogLog.read(new DataInputStream(new ByteArrayInputStream(sparse)));
        assertEquals(3, back.estimate());
        assertArrayEquals(sparse, write(back));
        // Growing past a third of the registers switches to the dense form, still round-tripping.
        for (int i = 3; i < 2000; i++) {
            back.add(Hashing.mix64(i));
        }
        byte[] dense = write(back);
        assertEquals(1 + 1024, dense.length);
        assertEquals(back.estimate(), HyperLogLog.read(new DataInputStream(new ByteArrayInputStream(dense))).estimate());
    }

    private static byte[] write(HyperLogLog h) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        h.writeTo(new DataOutputStream(bytes));
        return bytes.toByteArray();
    }
}
