package dev.quarry.corpora.archetype;

import dev.quarry.corpora.source.Sources;
import dev.quarry.ingest.Endpoint;
import dev.quarry.ingest.InferenceEvent;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Attack {@code logit_bisection_extractor}: recovers logits without log-probabilities, by the
 * logprob-free attack of Carlini et al. 2024 (<i>Stealing Part of a Production Language
 * Model</i>, section on logit-bias-only APIs): one fixed prompt, one target token at a time,
 * {@code max_tokens} 1, and a {@code logit_bias} on that single token that doubles from call to
 * call (1/8, 1/4, ... up to 64) until the token wins the argmax; then it bisects between the last
 * losing and the first winning bias for {@value #BISECTION_STEPS} more calls to pin the logit
 * difference, and moves to the next token. Per client one call every 3-120 s (log-uniform).
 *
 * <p>Stateless and thread-safe; the cursors it returns are not.
 */
public final class LogitBisectionExtractor implements Archetype {
    /** The bias of the first call on each token; each following call doubles it. */
    public static final double FIRST_BIAS = 0.125;
    /** Bisection calls after the doubling phase has bracketed the logit gap. */
    public static final int BISECTION_STEPS = 6;
    private static final String[] PROMPTS = {"The capital of France is", "Once upon a time",
        "def fibonacci(n):", "The quick brown fox"};

    @Override
    public String name() {
        return "logit_bisection_extractor";
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
        private final String prompt;
        private final int argmaxToken;
        private final long periodMillis;
        private int token;
        private double gap; // the hidden logit gap of the current token: how much bias it needs to win
        private double bias;
        private double low;
        private double high;
        private int bisections;
        private long t;

        Stream(ClientProfile client, SplittableRandom rng, long startMillis, long endMillis) {
            super(client, rng, startMillis, endMillis);
            this.prompt = PROMPTS[rng.nextInt(PROMPTS.length)];
            this.argmaxToken = PseudoVocabulary.idOf(prompt.substring(prompt.lastIndexOf(' ') + 1));
            this.token = 1_000 + rng.nextInt(PseudoVocabulary.SIZE - 1_000);
            this.periodMillis = PerClient.logUniformLong(rng, 3_000, 120_000);
            this.t = startMillis + rng.nextLong(periodMillis);
            nextToken();
        }

        private void nextToken() {
            token = 1_000 + (token + 1 - 1_000) % (PseudoVocabulary.SIZE - 1_000);
            gap = 0.5 + 40 * rng.nextDouble();
            bias = FIRST_BIAS;
            low = 0;
            high = Double.NaN;
            bisections = 0;
        }

        @Override
        protected long schedule() {
            long ts = t;
            t += Clock.jittered(rng, periodMillis, 0.1);
            return ts;
        }

        @Override
        protected InferenceEvent build(long ts) {
            double sent = bias;
            boolean wins = sent >= gap;
            if (Double.isNaN(high)) {
                if (wins) {
                    high = sent;
                    bias = (low + high) / 2;
                } else {
                    low = sent;
                    bias = Math.min(100.0, sent * 2);
                }
            } else {
                if (wins) {
                    high = sent;
                } else {
                    low = sent;
                }
                bias = (low + high) / 2;
                bisections++;
            }
            int target = token;
            if (bisections >= BISECTION_STEPS || (!wins && sent >= 100.0)) {
                nextToken();
            }
            SortedMap<Integer, Double> logitBias = new TreeMap<>();
            logitBias.put(target, sent);
            int out = wins ? target : argmaxToken;
            return emit(ts, Endpoint.COMPLETIONS, Models.LARGE,
                    new RequestDraft().prompt(prompt).temperature(0.0).maxTokens(1).logitBias(logitBias).build(),
                    ok(PseudoVocabulary.text(out), new int[] {out}, "length", Tokens.of(prompt), 1, between(40, 140)));
        }
    }
}
