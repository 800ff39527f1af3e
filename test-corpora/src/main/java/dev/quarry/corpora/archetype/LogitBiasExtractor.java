package dev.quarry.corpora.archetype;

import dev.quarry.corpora.source.Sources;
import dev.quarry.ingest.Endpoint;
import dev.quarry.ingest.InferenceEvent;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Attack {@code logit_bias_extractor}: recovers the model's final projection layer (or full
 * next-token distributions) through the API, as in Carlini et al. 2024, "Stealing Part of a
 * Production Language Model" (ICML), and Finlayson et al. 2024, "Logits of API-Protected LLMs
 * Leak Proprietary Information". Each call sends one of a few fixed prompts with
 * {@code max_tokens} 1, {@code logprobs} and {@code top_logprobs} 5, and biases a block of
 * token ids by +100 so that they surface in the top-5 and their logits can be solved for; the
 * block moves systematically across a 100,000-id vocabulary, so the
 * client's distinct biased ids reach the tens of thousands.
 *
 * <p>A group splits the sweep: member {@code r} of {@code k} takes blocks {@code r, r + k, ...}
 * of a block sequence that all members derive from the group seed (block size 50-300, start
 * offset, prompt set), so each member covers about a {@code k}-th of the vocabulary per sweep.
 * Machine cadence: per client one call every 8-90 s (log-uniform) with 10% jitter.
 *
 * <p>Stateless and thread-safe; the iterators it returns are not.
 */
public final class LogitBiasExtractor implements Archetype {
    /** Short prompts of the kind used to read a next-token distribution; a group uses 3 to 5. */
    private static final String[] PROMPTS = {"The capital of France is", "Once upon a time", "def fibonacci(n):",
        "The quick brown fox", "In 1492, Columbus", "My favourite colour is", "import numpy as np\n",
        "Q: What is 2+2?\nA:", "The meaning of life is", "Dear Sir or Madam,", "Translate to French: cheese =>",
        "The first law of thermodynamics states"};

    @Override
    public String name() {
        return "logit_bias_extractor";
    }

    @Override
    public Label label() {
        return Label.ATTACK;
    }

    @Override
    public EventCursor open(ClientProfile client, SplittableRandom rng, long startMillis, long endMillis,
            Sources sources) {
        return new Stream(client, rng, startMillis, endMillis);
    }

    private static final class Stream extends ClientStream {
        private final int blockSize;
        private final int offset;
        private final String[] prompts;
        private final long periodMillis;
        private long request;
        private long t;

        Stream(ClientProfile client, SplittableRandom rng, long startMillis, long endMillis) {
            super(client, rng, startMillis, endMillis);
            SplittableRandom plan = new SplittableRandom(client.groupSeed());
            this.blockSize = 50 + plan.nextInt(251);
            this.offset = plan.nextInt(PseudoVocabulary.SIZE);
            this.prompts = new String[3 + plan.nextInt(3)];
            int first = plan.nextInt(PROMPTS.length);
            for (int i = 0; i < prompts.length; i++) {
                prompts[i] = PROMPTS[(first + i) % PROMPTS.length];
            }
            this.periodMillis = PerClient.logUniformLong(rng, 8_000, 90_000);
            this.t = startMillis + rng.nextLong(periodMillis);
        }

        @Override
        protected long schedule() {
            long ts = t;
            t += Clock.jittered(rng, periodMillis, 0.1);
            return ts;
        }

        @Override
        protected InferenceEvent build(long ts) {
            long block = request * client.groupSize() + client.groupRank();
            long first = (offset + block * blockSize) % PseudoVocabulary.SIZE;
            TreeMap<Integer, Double> bias = new TreeMap<>();
            for (int i = 0; i < blockSize; i++) {
                bias.put((int) ((first + i) % PseudoVocabulary.SIZE), 100.0);
            }
            String prompt = prompts[(int) (request % prompts.length)];
            request++;
            int token = (int) ((first + rng.nextInt(blockSize)) % PseudoVocabulary.SIZE);
            return emit(ts, Endpoint.COMPLETIONS, "orion-large",
                    new RequestDraft().prompt(prompt).maxTokens(1).logprobs(5).logitBias(bias).build(),
                    ok(PseudoVocabulary.text(token), new int[] {token}, "length", Tokens.of(prompt), 1,
                            between(50, 160)));
        }
    }
}
