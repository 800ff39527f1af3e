package dev.quarry.corpora.watermark;

import java.util.ArrayList;
import java.util.List;

/**
 * The seeded test language model: {@value #PASSAGES} phrase-bank passages
 * ({@link PhraseBankText}, seed {@value #TRAINING_SEED}), their word vocabulary and the trigram
 * model fitted on them with add-k smoothing, {@code k =} {@value #K}. The smoothing is set high
 * enough that most steps have real choice (a watermark needs entropy: Kirchenbauer et al. 2023,
 * section 4) and low enough that the text still reads like the banks. Built once per JVM;
 * immutable and thread-safe.
 */
public final class TestLanguageModel {
    public static final long TRAINING_SEED = 0x5EED_0F_1A4DL;
    public static final int PASSAGES = 3_000;
    public static final double K = 0.002;
    public static final int MIN_COUNT = 2;

    private static final class Holder {
        static final TestLanguageModel INSTANCE = new TestLanguageModel();
    }

    private final WordVocabulary vocabulary;
    private final NgramModel model;
    private final List<int[]> prompts;

    private TestLanguageModel() {
        List<String> passages = PhraseBankText.passages(TRAINING_SEED, PASSAGES);
        vocabulary = WordVocabulary.of(passages, MIN_COUNT);
        List<int[]> sequences = new ArrayList<>(passages.size());
        for (String p : passages) {
            sequences.add(vocabulary.indices(p));
        }
        model = NgramModel.fit(vocabulary, sequences, K);
        prompts = List.copyOf(sequences);
    }

    /** The model (built on first use, a fraction of a second). */
    public static TestLanguageModel get() {
        return Holder.INSTANCE;
    }

    public WordVocabulary vocabulary() {
        return vocabulary;
    }

    public NgramModel model() {
        return model;
    }

    /** The training passages as word indices, a source of plain prompts. */
    public List<int[]> passages() {
        return prompts;
    }
}
