package dev.quarry.fingerprint.watermark;

import dev.quarry.fingerprint.Hashing;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GreenListSchemeTest {
    private static final long KEY = 0x5EC2E7C0FFEE1234L;
    private final GreenListScheme scheme = new GreenListScheme(KEY, 0.25);

    @Test
    void mix64IsTheSplitMix64Finaliser() {
        // SplitMix64 with seed 0 yields mix64(0x9E3779B97F4A7C15) as its first output.
        assertEquals(0xE220A8397B1DCDAFL, Hashing.mix64(0x9E3779B97F4A7C15L));
        assertEquals(0L, Hashing.mix64(0L));
    }

    @Test
    void theGreenShareOfRandomTokensIsGamma() {
        SplittableRandom rnd = new SplittableRandom(3);
        int green = 0;
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            if (scheme.isGreen(rnd.nextInt(50_000), rnd.nextInt(50_000))) {
                green++;
            }
        }
        // 5 standard deviations of a binomial(200000, 0.25) share is 0.0048.
        assertEquals(0.25, green / (double) n, 0.0048);
    }

    @Test
    void textSampledFromGreenTokensScoresFarAboveTheAlarmAndRandomTextDoesNot() {
        SplittableRandom rnd = new SplittableRandom(9);
        int[] marked = new int[200];
        int[] plain = new int[200];
        marked[0] = plain[0] = 17;
        for (int i = 1; i < marked.length; i++) {
            plain[i] = rnd.nextInt(50_000);
            int t;
            do {
                t = rnd.nextInt(50_000);
            } while (!scheme.isGreen(marked[i - 1], t) && rnd.nextDouble() < 0.7);
            marked[i] = t;
        }
        WatermarkScore m = scheme.score(marked, true);
        WatermarkScore p = scheme.score(plain, true);
        assertEquals(199, m.scored());
        assertTrue(m.watermarked(4.0), "z=" + m.z());
        assertTrue(m.pValue() < 1e-4);
        assertFalse(p.watermarked(4.0), "z=" + p.z());
    }

    @Test
    void repeatedBigramsCountOnceWhenAsked() {
        int[] tokens = {5, 6, 5, 6, 5, 6, 5};
        assertEquals(6, scheme.score(tokens, false).scored());
        assertEquals(2, scheme.score(tokens, true).scored()); // (5,6) and (6,5)
    }

    @Test
    void emptyAndOneTokenSequencesScoreNothing() {
        assertEquals(WatermarkScore.NONE, scheme.score(new int[0], true));
        assertEquals(WatermarkScore.NONE, scheme.score(new int[] {42}, false));
    }

    @Test
    void idsNearTwoToTheThirtyOneAreScoredWithoutOverflowTrouble() {
        int[] tokens = {Integer.MAX_VALUE, Integer.MAX_VALUE - 1, Integer.MAX_VALUE, 0};
        WatermarkScore s = scheme.score(tokens, true);
        assertEquals(3, s.scored());
        int green = 0;
        for (int i = 1; i < tokens.length; i++) {
            green += scheme.isGreen(tokens[i - 1], tokens[i]) ? 1 : 0;
        }
        assertEquals(green, s.green());
    }

    @Test
    void radioactivitySkipsPromptTuplesAndRepeatsAndGivesTheExactTail() {
        RadioactivityTest test = new RadioactivityTest(scheme);
        test.addPrompt(new int[] {1, 2, 3});
        test.addOutput(new int[] {1, 2, 3, 4}); // (1,2) (2,3) in the prompt; (3,4) scored
        test.addOutput(new int[] {3, 4, 9}); // (3,4) a repeat; (4,9) scored
        RadioactivityTest.Result r = test.result();
        assertEquals(2, r.scored());
        assertEquals(2, r.inPrompts());
        assertEquals(1, r.duplicates());
        long green = (scheme.isGreen(3, 4) ? 1 : 0) + (scheme.isGreen(4, 9) ? 1 : 0);
        assertEquals(green, r.green());
        double[] tail = {1.0, 1 - 0.75 * 0.75, 0.0625};
        assertEquals(tail[(int) green], r.pValue(), 1e-12);
    }
}
