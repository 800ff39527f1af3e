package dev.quarry.detectors.watermark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.detectors.watermark.PooledWindowTest.Verdict;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import org.junit.jupiter.api.Test;

class PooledWindowTestTest {

    private static BigInteger choose(int n, int k) {
        BigInteger c = BigInteger.ONE;
        for (int j = 1; j <= k; j++) {
            c = c.multiply(BigInteger.valueOf(n - k + j)).divide(BigInteger.valueOf(j));
        }
        return c;
    }

    private static double log10(BigInteger num, BigInteger den) {
        return Math.log10(new BigDecimal(num).divide(new BigDecimal(den), MathContext.DECIMAL64).doubleValue());
    }

    @Test
    void isOffWhenThePooledGreensAreWhatChanceGives() {
        // P(X >= 9 | 20, 1/4) = sum_{i >= 9} C(20, i) 3^(20 - i) / 4^20 = 0.0409
        BigInteger sum = BigInteger.ZERO;
        for (int i = 9; i <= 20; i++) {
            sum = sum.add(choose(20, i).multiply(BigInteger.valueOf(3).pow(20 - i)));
        }
        PooledWindowTest t = PooledWindowTest.of(20, 9, 0.25, Double.NaN, 0.6, 0.01);
        assertEquals(Verdict.OFF, t.verdict());
        assertEquals(log10(sum, BigInteger.valueOf(4).pow(20)), t.log10POff(), 1e-10);
    }

    @Test
    void isWatermarkedWhenTheGreensRejectOffAndThereIsNoBaselineYet() {
        PooledWindowTest t = PooledWindowTest.of(20_000, 12_000, 0.25, Double.NaN, 0.6, 1e-6);
        assertEquals(Verdict.WATERMARKED, t.verdict());
        assertTrue(t.log10POff() < -1000, "log10 p " + t.log10POff());
        assertTrue(Double.isNaN(t.floor()));
    }

    @Test
    void isWeakenedWhenSignificantlyBelowTheFloorOfItsBaseline() {
        // baseline 0.75, half its strength above gamma 0.25: floor 0.5. P(X <= 80 | 200, 1/2) = sum_{i <= 80} C(200, i) / 2^200.
        BigInteger sum = BigInteger.ZERO;
        for (int i = 0; i <= 80; i++) {
            sum = sum.add(choose(200, i));
        }
        PooledWindowTest t = PooledWindowTest.of(200, 80, 0.25, 0.75, 0.5, 0.01);
        assertTrue(t.log10POff() < -2, "log10 p off " + t.log10POff());
        assertEquals(0.5, t.floor(), 1e-15);
        assertEquals(log10(sum, BigInteger.TWO.pow(200)), t.log10PBelowFloor(), 1e-10);
        assertEquals(Verdict.WEAKENED, t.verdict());
    }

    @Test
    void staysWatermarkedAtItsUsualStrength() {
        PooledWindowTest t = PooledWindowTest.of(20_000, 12_000, 0.25, 0.6, 0.6, 1e-6);
        assertEquals(Verdict.WATERMARKED, t.verdict());
        assertEquals(0.46, t.floor(), 1e-12);
        assertTrue(t.log10PBelowFloor() > -0.001, "log10 p below floor " + t.log10PBelowFloor());
    }

    @Test
    void theBaselineIsARunningMeanThenAnAverageOverItsHorizon() {
        ModelHealth h = new ModelHealth();
        assertTrue(Double.isNaN(h.baseline));
        h.updateBaseline(0.6, 2);
        assertEquals(0.6, h.baseline, 1e-15);
        h.updateBaseline(0.5, 2);
        assertEquals(0.55, h.baseline, 1e-15);
        h.updateBaseline(0.35, 2);
        assertEquals(0.45, h.baseline, 1e-15);
        ModelHealth back = ModelHealth.fromBytes(h.toBytes());
        assertEquals(h.baseline, back.baseline);
        assertEquals(2, back.baselineWindows);
        assertTrue(Double.isNaN(ModelHealth.fromBytes(new ModelHealth().toBytes()).baseline));
    }
}
