package dev.quarry.corpora.watermark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.fingerprint.watermark.GreenListScheme;
import dev.quarry.fingerprint.tokenizer.WordHashEncoder;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NgramModelTest {
    private static final GreenListScheme SCHEME = new GreenListScheme(0x1234ABCDL, 0.25);
    private final TestLanguageModel lm = TestLanguageModel.get();
    private final GreenBias bias = new GreenBias(SCHEME, 2.0, lm.vocabulary());

    @Test
    void theSameSeedGivesTheSameText() {
        int[] a = lm.model().generate(new int[0], 150, new SplittableRandom(5), bias);
        int[] b = lm.model().generate(new int[0], 150, new SplittableRandom(5), new GreenBias(SCHEME, 2.0,
                lm.vocabulary()));
        assertArrayEquals(a, b);
    }

    @Test
    void watermarkedSamplesOf200TokensScoreZOfAtLeastFour() {
        SplittableRandom rng = new SplittableRandom(11);
        for (int i = 0; i < 20; i++) {
            int[] ids = lm.vocabulary().ids(lm.model().generate(new int[0], 200, rng, bias));
            double z = SCHEME.score(ids, true).z();
            assertTrue(z >= 4, "sample " + i + " z=" + z);
        }
    }

    @Test
    void plainSamplesOf200TokensDoNot() {
        SplittableRandom rng = new SplittableRandom(11);
        int flagged = 0;
        for (int i = 0; i < 20; i++) {
            int[] ids = lm.vocabulary().ids(lm.model().generate(new int[0], 200, rng, null));
            flagged += SCHEME.score(ids, true).watermarked(4.0) ? 1 : 0;
        }
        assertEquals(0, flagged);
    }

    @Test
    void theDetokenisedTextGivesBackTheTokenIdsThroughTheFallbackEncoder() {
        int[] words = lm.model().generate(new int[0], 120, new SplittableRandom(3), bias);
        assertArrayEquals(lm.vocabulary().ids(words), new WordHashEncoder().encode(lm.vocabulary().text(words)));
    }

    @Test
    void aZeroDeltaBiasSamplesLikeThePlainModelOnAverage() {
        GreenBias none = new GreenBias(SCHEME, 0.0, lm.vocabulary());
        SplittableRandom rng = new SplittableRandom(17);
        long scored = 0;
        long green = 0;
        for (int i = 0; i < 20; i++) {
            int[] ids = lm.vocabulary().ids(lm.model().generate(new int[0], 200, rng, none));
            scored += SCHEME.score(ids, true).scored();
            green += SCHEME.score(ids, true).green();
        }
        assertTrue(Math.abs(GreenListScheme.zScore(scored, green, 0.25)) < 4, green + " of " + scored);
    }
}
