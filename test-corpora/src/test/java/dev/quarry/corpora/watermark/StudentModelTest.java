package dev.quarry.corpora.watermark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.fingerprint.watermark.GreenListScheme;
import dev.quarry.fingerprint.watermark.RadioactivityTest;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StudentModelTest {
    private static final GreenListScheme SCHEME = new GreenListScheme(0x1234ABCDL, 0.25);
    private final TestLanguageModel lm = TestLanguageModel.get();

    /** log10 p of the radioactivity test on a small student's answers. */
    private double log10P(double share) {
        StudentModel student = StudentModel.train(lm, new GreenBias(SCHEME, 2.0, lm.vocabulary()), share, 1_000,
                100, 0.001, 7);
        RadioactivityTest test = new RadioactivityTest(SCHEME);
        SplittableRandom rng = new SplittableRandom(99);
        int[][] prompts = new int[500][];
        for (int i = 0; i < prompts.length; i++) {
            prompts[i] = StudentModel.prompt(lm, rng);
            test.addPrompt(lm.vocabulary().ids(prompts[i]));
        }
        for (int[] p : prompts) {
            test.addOutput(lm.vocabulary().ids(student.answer(p, 100, rng)));
        }
        return test.result().log10PValue();
    }

    @Test
    void aStudentTrainedWithoutWatermarkedTextIsNotSignificant() {
        assertTrue(log10P(0.0) > -2, "log10 p " + log10P(0.0));
    }

    @Test
    void aStudentTrainedOnHalfWatermarkedTextIsVerySignificant() {
        assertTrue(log10P(0.5) < -20, "log10 p " + log10P(0.5));
    }

    @Test
    void moreWatermarkedTrainingTextGivesASmallerPValue() {
        double none = log10P(0.0);
        double some = log10P(0.1);
        double half = log10P(0.5);
        assertTrue(none > some && some > half, none + " " + some + " " + half);
    }

    @Test
    void theWatermarkedShareIsExact() {
        StudentModel s = StudentModel.train(lm, new GreenBias(SCHEME, 2.0, lm.vocabulary()), 0.05, 200, 10, 0.001, 1);
        assertEquals(10, s.watermarkedTexts());
        assertEquals(200, s.trainingTexts());
    }
}
