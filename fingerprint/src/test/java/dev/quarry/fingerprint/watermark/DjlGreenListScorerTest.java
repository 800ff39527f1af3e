package dev.quarry.fingerprint.watermark;

import dev.quarry.fingerprint.Hashing;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The DJL scorer must give exactly the plain-Java counts. When DJL's PyTorch engine cannot load
 * here, every test is skipped with the loader's error as the reason.
 */
class DjlGreenListScorerTest {
    private static final long[] KEYS = {0x5EC2E7C0FFEE1234L, 0x8000000000000001L, 0xFFFFFFFFFFFFFFFFL, 0L, 42L};
    private static String engineError;

    @BeforeAll
    static void loadEngine() {
        try {
            new DjlGreenListScorer(new GreenListScheme(1L, 0.25), Device.cpu()).close();
            engineError = null;
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            engineError = e.toString();
        }
    }

    private static void assumeEngine() {
        assumeTrue(engineError == null, () -> "DJL PyTorch engine did not load: " + engineError);
    }

    @Test
    void choosesTheCpuOnAMachineWithoutAGpu() {
        assumeEngine();
        assertEquals(Device.cpu(), DjlGreenListScorer.preferredDevice());
        try (DjlGreenListScorer scorer = new DjlGreenListScorer(new GreenListScheme(KEYS[0], 0.25))) {
            assertEquals(Device.cpu(), scorer.device());
        }
    }

    @Test
    void tensorMix64AndMultiplyMatchJavaLongArithmetic() {
        assumeEngine();
        SplittableRandom rnd = new SplittableRandom(1);
        long[] values = new long[512];
        for (int i = 0; i < values.length; i++) {
            values[i] = rnd.nextLong();
        }
        long[] edges = {0L, 1L, -1L, Long.MIN_VALUE, Long.MAX_VALUE, 0xFFFFL, 0x10000L, 0xFFFFFFFFL};
        System.arraycopy(edges, 0, values, 0, edges.length);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            Uint64Tensors uint64 = new Uint64Tensors(manager);
            NDArray bits = toBits(manager, values);
            long[] mixed = fromBits(uint64.mix64(bits));
            long[] product = fromBits(uint64.multiply(bits, 0x9E3779B97F4A7C15L));
            long[] shifted = fromBits(Uint64Tensors.shiftRight(bits, 11));
            for (int i = 0; i < values.length; i++) {
                assertEquals(Hashing.mix64(values[i]), mixed[i], "mix64 of " + values[i]);
                assertEquals(values[i] * 0x9E3779B97F4A7C15L, product[i], "product of " + values[i]);
                assertEquals(values[i] >>> 11, shifted[i], "shift of " + values[i]);
            }
        }
    }

    @Test
    void agreesWithPlainJavaOnRandomBatchesOfMixedLengths() {
        assumeEngine();
        SplittableRandom rnd = new SplittableRandom(7);
        for (double gamma : new double[] {0.25, 0.5}) {
            for (long key : KEYS) {
                GreenListScheme scheme = new GreenListScheme(key, gamma);
                try (DjlGreenListScorer scorer = new DjlGreenListScorer(scheme, Device.cpu())) {
                    for (int round = 0; round < 4; round++) {
                        // a small vocabulary makes repeated pairs common, a large one rare
                        int vocabulary = round % 2 == 0 ? 50 : Integer.MAX_VALUE;
                        assertAgrees(scheme, scorer, randomBatch(rnd, 1 + rnd.nextInt(24), vocabulary));
                    }
                }
            }
        }
    }

    @Test
    void agreesOnEmptyAndOneTokenSequences() {
        assumeEngine();
        GreenListScheme scheme = new GreenListScheme(KEYS[0], 0.25);
        try (DjlGreenListScorer scorer = new DjlGreenListScorer(scheme, Device.cpu())) {
            assertArrayEquals(new long[][] {{0, 0}, {0, 0}}, scorer.countBatch(List.of(new int[0], new int[] {5}), true));
            assertAgrees(scheme, scorer, List.of(new int[0], new int[] {5}, new int[] {5, 6, 7}, new int[] {9}));
            assertEquals(List.of(), scorer.scoreBatch(List.of(), true));
        }
    }

    @Test
    void countsARepeatedBigramOnceOnlyWhenAsked() {
        assumeEngine();
        GreenListScheme scheme = new GreenListScheme(KEYS[1], 0.5);
        int[] repeated = {3, 4, 3, 4, 3, 4, 3, 4, 9};
        try (DjlGreenListScorer scorer = new DjlGreenListScorer(scheme, Device.cpu())) {
            // pairs (3,4) x4, (4,3) x3, (4,9): 3 distinct
            assertEquals(3, scorer.countBatch(List.of(repeated), true)[0][0]);
            assertEquals(8, scorer.countBatch(List.of(repeated), false)[0][0]);
            assertAgrees(scheme, scorer, List.of(repeated, new int[] {1, 1, 1, 1}, new int[] {2, 2}));
        }
    }

    @Test
    void agreesOnIdsAtTheTopOfTheIntRangeAndOnZero() {
        assumeEngine();
        int max = Integer.MAX_VALUE;
        List<int[]> batch = List.of(
                new int[] {max, max - 1, max, 0, max, max, 0, 0, max - 1},
                new int[] {0, max},
                new int[] {max - 1, 0, 1, max});
        for (long key : KEYS) {
            for (double gamma : new double[] {0.25, 0.5}) {
                GreenListScheme scheme = new GreenListScheme(key, gamma);
                try (DjlGreenListScorer scorer = new DjlGreenListScorer(scheme, Device.cpu())) {
                    assertAgrees(scheme, scorer, batch);
                }
            }
        }
    }

    @Test
    void rejectsNegativeTokenIds() {
        assumeEngine();
        try (DjlGreenListScorer scorer = new DjlGreenListScorer(new GreenListScheme(KEYS[0], 0.25), Device.cpu())) {
            assertThrows(IllegalArgumentException.class, () -> scorer.countBatch(List.of(new int[] {1, -2}), true));
        }
    }

    private static void assertAgrees(GreenListScheme scheme, DjlGreenListScorer scorer, List<int[]> batch) {
        for (boolean dedup : new boolean[] {true, false}) {
            List<WatermarkScore> scores = scorer.scoreBatch(batch, dedup);
            for (int i = 0; i < batch.size(); i++) {
                WatermarkScore expected = scheme.score(batch.get(i), dedup);
                assertEquals(expected, scores.get(i), "sequence " + i + " of " + batch.size() + ", dedup " + dedup);
            }
        }
    }

    private static List<int[]> randomBatch(SplittableRandom rnd, int size, int vocabulary) {
        List<int[]> batch = new ArrayList<>(size);
        for (int b = 0; b < size; b++) {
            int[] s = new int[rnd.nextInt(40)];
            for (int i = 0; i < s.length; i++) {
                s[i] = rnd.nextInt(vocabulary);
            }
            batch.add(s);
        }
        return batch;
    }

    private static NDArray toBits(NDManager manager, long[] values) {
        boolean[] bits = new boolean[values.length * 64];
        for (int i = 0; i < values.length; i++) {
            for (int j = 0; j < 64; j++) {
                bits[i * 64 + j] = ((values[i] >>> j) & 1) != 0;
            }
        }
        return manager.create(bits, new Shape(values.length, 64));
    }

    private static long[] fromBits(NDArray planes) {
        boolean[] bits = planes.toBooleanArray();
        long[] values = new long[bits.length / 64];
        for (int i = 0; i < values.length; i++) {
            for (int j = 0; j < 64; j++) {
                if (bits[i * 64 + j]) {
                    values[i] |= 1L << j;
                }
            }
        }
        return values;
    }
}
