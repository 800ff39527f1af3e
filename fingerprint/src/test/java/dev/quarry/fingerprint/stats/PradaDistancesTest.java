package dev.quarry.fingerprint.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PradaDistancesTest {

    @Test
    void givesTheHeldDistancesAscendingAtTheirStoredPrecisionBeforeAndAfterTheRingWraps() {
        Random rnd = new Random(4);
        PradaDistances p = new PradaDistances(100);
        java.util.ArrayDeque<Double> held = new java.util.ArrayDeque<>();
        for (int n = 0; n < 250; n++) {
            double d = PradaTest.REPEAT_DISTANCE + rnd.nextDouble() * 1.9; // no exact repeat: all pooled
            p.record(d);
            held.addLast(Math.min(65_535, Math.round(d / (2.0 / 65_535))) * (2.0 / 65_535));
            if (held.size() > 100) {
                held.removeFirst();
            }
            double[] want = held.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            assertArrayEquals(want, p.sorted(), "after " + (n + 1) + " distances");
        }
    }

    @Test
    void setsTheThresholdToMeanMinusStdOfTheAdmittedDistancesSeedIncluded() {
        PradaDistances p = new PradaDistances(256);
        p.seed();
        assertTrue(p.record(0.8));
        // D_G = {0, 0.8}: mean 0.4, population std 0.4
        assertEquals(0.0, p.threshold(), 1e-12);
        assertTrue(p.record(1.0));
        // D_G = {0, 0.8, 1.0}: mean 0.6, std sqrt(0.56/3 - ...) = 0.4320
        assertEquals(0.6 - Math.sqrt((0.36 + 0.04 + 0.16) / 3), p.threshold(), 1e-12);
    }

    @Test
    void admitsOnlyDistancesAboveTheThresholdButPoolsThemAll() {
        PradaDistances p = new PradaDistances(256);
        p.seed();
        for (double d : new double[] {1.0, 1.0, 1.0, 1.0}) {
            p.record(d);
        }
        double t = p.threshold();
        assertEquals(0.4, t, 1e-12, "D_G = {0, 1, 1, 1, 1}: mean 0.8, std 0.4");
        assertFalse(p.record(t / 2));
        assertFalse(p.record(t), "admission needs a distance strictly above T");
        assertEquals(5, p.admitted());
        assertEquals(6, p.pooled());
    }

    @Test
    void neverLowersTheThreshold() {
        PradaDistances p = new PradaDistances(256);
        p.seed();
        Random rnd = new Random(5);
        double t = 0;
        for (int i = 0; i < 2_000; i++) {
            // distances that shrink over time would lower mean - std of the admitted ones
            p.record(Math.max(0.02, 1.2 - i / 1_000.0 + 0.1 * rnd.nextGaussian()));
            assertTrue(p.threshold() >= t);
            t = p.threshold();
        }
    }

    @Test
    void countsAnExactRepeatWithoutPoolingOrAdmittingIt() {
        PradaDistances p = new PradaDistances(256);
        p.seed();
        assertFalse(p.record(0.003));
        assertEquals(0, p.pooled());
        assertEquals(1, p.repeats());
        assertEquals(1, p.admitted());
    }

    @Test
    void keepsTheLastCapacityDistances() {
        PradaDistances p = new PradaDistances(256);
        p.seed();
        for (int i = 0; i < 1_000; i++) {
            p.record(0.5 + (i % 50) / 100.0);
        }
        assertEquals(1_000, p.pooled());
        assertEquals(256, p.held());
        assertEquals(256, p.sorted().length);
    }

    @Test
    void roundTripsItsEncoding() throws IOException {
        PradaDistances p = new PradaDistances(256);
        p.seed();
        Random rnd = new Random(9);
        for (int i = 0; i < 300; i++) {
            p.record(i % 7 == 0 ? 0 : 0.4 + 0.3 * rnd.nextDouble());
        }
        byte[] bytes = bytes(p);
        assertEquals(52 + 2 * 256, bytes.length);
        PradaDistances back = PradaDistances.read(new DataInputStream(new ByteArrayInputStream(bytes)), 256);
        assertArrayEquals(bytes, bytes(back));
        assertEquals(p.threshold(), back.threshold());
        assertEquals(p.test(100), back.test(100));
    }

    private static byte[] bytes(PradaDistances p) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.writeTo(new DataOutputStream(out));
        return out.toByteArray();
    }
}
