package dev.quarry.corpora.watermark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A "student" in the sense of Sander et al. 2024 ("Watermarking Makes Language Models
 * Radioactive"): an {@link NgramModel} fitted on a training mix of the teacher's outputs, a share
 * of them written with the provider's watermark and the rest plain, which then answers prompts of
 * its own. The radioactivity test asks whether those answers still carry the watermark.
 *
 * <p>The teacher answers {@code texts} prompts (the first words of phrase-bank passages) with
 * {@code length} words each; a text is watermarked with probability {@code share}. Seeded and
 * deterministic. Immutable and thread-safe for {@link #answer} with distinct generators.
 *
 * @param model the fitted student
 * @param watermarkedTexts how many of its training texts were watermarked
 * @param trainingTexts how many it was fitted on
 */
public record StudentModel(NgramModel model, int watermarkedTexts, int trainingTexts) {
    /** Words of a passage the teacher and the student are prompted with. */
    public static final int PROMPT_WORDS = 6;

    /**
     * Fits a student on {@code texts} teacher answers of {@code length} words.
     *
     * @param teacherBias the provider's watermark, applied to a {@code share} of the texts
     * @param share watermarked share of the training texts, in [0, 1]
     * @param k the student's add-k smoothing
     */
    public static StudentModel train(TestLanguageModel teacher, GreenBias teacherBias, double share, int texts,
            int length, double k, long seed) {
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("share must be in [0, 1]: " + share);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        List<int[]> training = new ArrayList<>(texts);
        int watermarked = 0;
        // An exact count rather than a coin per text, so a 1% student really saw 1%.
        long target = Math.round(share * texts);
        for (int i = 0; i < texts; i++) {
            boolean mark = i * target / texts != (i + 1) * target / texts;
            int[] prompt = prompt(teacher, rng);
            training.add(teacher.model().generate(prompt, length, rng, mark ? teacherBias : null));
            watermarked += mark ? 1 : 0;
        }
        return new StudentModel(NgramModel.fit(teacher.vocabulary(), training, k), watermarked, texts);
    }

    /** A prompt: the first {@value #PROMPT_WORDS} words of a random phrase-bank passage. */
    public static int[] prompt(TestLanguageModel teacher, SplittableRandom rng) {
        List<int[]> passages = teacher.passages();
        int[] p = passages.get(rng.nextInt(passages.size()));
        return Arrays.copyOf(p, Math.min(PROMPT_WORDS, p.length));
    }

    /** The student's plain answer of {@code length} words to {@code prompt}. */
    public int[] answer(int[] prompt, int length, SplittableRandom rng) {
        return model.generate(prompt, length, rng, null);
    }
}
