package dev.quarry.corpora.archetype;

import dev.quarry.corpora.source.PromptSet;
import dev.quarry.corpora.source.Sources;
import dev.quarry.corpora.text.StudyBank;
import dev.quarry.ingest.Endpoint;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.Message;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Benign {@code evaluation_run}: a researcher or customer running a published benchmark against
 * the model, as evaluation harnesses such as lm-evaluation-harness and HELM do: a sweep over
 * MMLU-style multiple-choice items at temperature 0, each asking for {@code max_tokens} 1 with
 * the top-5 log-probabilities of the answer letter. It looks like a benchmark harvester or a
 * logprob extractor in its mechanics, but it is bounded: one pass of {@value #MIN_ITEMS} to
 * {@value #MAX_ITEMS} items at a steady pace (per client one call every 0.1-3 s), then it stops for good.
 *
 * <p>Stateless and thread-safe; the cursors it returns are not.
 */
public final class EvaluationRun implements Archetype {
    public static final int MIN_ITEMS = 1_000;
    public static final int MAX_ITEMS = 4_000;

    @Override
    public String name() {
        return "evaluation_run";
    }

    @Override
    public Label label() {
        return Label.BENIGN;
    }

    @Override
    public EventCursor open(ClientProfile client, SplittableRandom rng, long startMillis, long endMillis,
            Sources sources) {
        return new Stream(client, rng, startMillis, endMillis, sources);
    }

    private static final class Stream extends ClientStream {
        private final Sources sources;
        private final int items;
        private final long periodMillis;
        private final long firstItem;
        private long t;

        Stream(ClientProfile client, SplittableRandom rng, long startMillis, long endMillis, Sources sources) {
            super(client, rng, startMillis, endMillis);
            this.sources = sources;
            this.items = between(MIN_ITEMS, MAX_ITEMS);
            this.periodMillis = PerClient.logUniformLong(rng, 100, 3_000);
            this.firstItem = rng.nextInt(1 << 20);
            this.t = startMillis + rng.nextLong(Math.max(1, (endMillis - startMillis) / 2));
        }

        @Override
        protected long schedule() {
            if (calls() >= items) {
                return Long.MAX_VALUE;
            }
            t += Clock.jittered(rng, periodMillis, 0.2);
            return t;
        }

        @Override
        protected InferenceEvent build(long ts) {
            long item = firstItem + calls();
            String q = sources.prompts().get(PromptSet.MMLU, item);
            q = q != null ? q : StudyBank.examQuestion(new SplittableRandom(item));
            List<Message> messages = List.of(new Message("user", q + "\nAnswer with a single letter."));
            String letter = "ABCD".substring(rng.nextInt(4)).substring(0, 1);
            return emit(ts, Endpoint.CHAT_COMPLETIONS, Models.LARGE,
                    new RequestDraft().messages(messages).temperature(0.0).maxTokens(1).logprobs(5).build(),
                    ok(letter, new int[] {PseudoVocabulary.idOf(letter)}, "length", Tokens.of(messages), 1,
                            between(60, 200)));
        }
    }
}
