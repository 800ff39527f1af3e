package dev.quarry.fingerprint.watermark;

import dev.quarry.fingerprint.stats.Binomial;

/**
 * The radioactivity test of Sander et al. 2024 ("Watermarking Makes Language Models Radioactive",
 * NeurIPS): was a suspect model trained on text watermarked with our key? Its outputs are scored
 * with the same {@link GreenListScheme} under the two rules that make the test valid:
 * <ul>
 *   <li>each {@code (previous, token)} tuple counts once across the whole suspect corpus: a
 *       fine-tuned model repeats phrases, and repeated tuples are not independent draws;</li>
 *   <li>tuples that occur in the prompts given to the suspect are skipped: a model copying its
 *       prompt would otherwise score the prompt's watermark, not its own training.</li>
 * </ul>
 * Under the null (no watermarked training) each scored tuple is green with probability
 * {@code gamma}, independently, so the p-value is the exact binomial tail
 * {@code P(X >= G | T, gamma)} (Sander et al. 2024, section 4; the z-test overstates significance
 * at the tiny p-values this test is about). Not thread-safe: feed prompts first, then outputs.
 */
public final class RadioactivityTest {
    private final GreenListScheme scheme;
    private final LongHashSet promptTuples = new LongHashSet(1 << 12);
    private final LongHashSet scoredTuples = new LongHashSet(1 << 12);
    private long outputs;
    private long tokens;
    private long scored;
    private long green;
    private long duplicates;
    private long inPrompts;
    private boolean outputsStarted;

    public RadioactivityTest(GreenListScheme scheme) {
        this.scheme = scheme;
    }

    /** Records the tuples of one prompt given to the suspect; they will not be scored. */
    public void addPrompt(int[] promptTokens) {
        if (outputsStarted) {
            throw new IllegalStateException("add every prompt before the first output");
        }
        for (int i = 1; i < promptTokens.length; i++) {
            promptTuples.add(GreenListScheme.pair(promptTokens[i - 1], promptTokens[i]));
        }
    }

    /** Scores one output of the suspect model. */
    public void addOutput(int[] outputTokens) {
        outputsStarted = true;
        outputs++;
        tokens += outputTokens.length;
        for (int i = 1; i < outputTokens.length; i++) {
            long tuple = GreenListScheme.pair(outputTokens[i - 1], outputTokens[i]);
            if (promptTuples.contains(tuple)) {
                inPrompts++;
            } else if (!scoredTuples.add(tuple)) {
                duplicates++;
            } else {
                scored++;
                if (scheme.isGreen(outputTokens[i - 1], outputTokens[i])) {
                    green++;
                }
            }
        }
    }

    /** The test on everything added so far. */
    public Result result() {
        double gamma = scheme.gamma();
        double log10P = scored == 0 ? 0.0 : Binomial.log10UpperTail(scored, green, gamma);
        return new Result(outputs, tokens, scored, green, duplicates, inPrompts, gamma,
                GreenListScheme.zScore(scored, green, gamma), Math.pow(10, log10P), log10P);
    }

    /**
     * @param outputs suspect outputs read
     * @param tokens their tokens
     * @param scored distinct tuples scored ({@code T})
     * @param green green among them ({@code G})
     * @param duplicates tuples skipped because already scored
     * @param inPrompts tuples skipped because they occur in the prompts
     * @param gamma the scheme's green fraction
     * @param z the z-score of {@code G} of {@code T}, for comparison
     * @param pValue exact binomial {@code P(X >= G | T, gamma)}; 0 below about 1e-308
     * @param log10PValue its base-10 logarithm, finite however small
     */
    public record Result(long outputs, long tokens, long scored, long green, long duplicates, long inPrompts,
            double gamma, double z, double pValue, double log10PValue) {}
}
