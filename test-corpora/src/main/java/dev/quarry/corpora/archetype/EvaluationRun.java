package dev.quarry.corpora.archetype;

import dev.quarry.corpora.source.PromptSet;
import dev.quarry.corpora.source.Sources;
import dev.quarry.corpora.text.StudyBank;
import dev.quarry.ingest.Endpoint;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Benign {@code evaluation_run}: a researcher or customer running a published benchmark against
 * the model, as evaluation harnesses such as lm-evaluation-harness (Gao et al. 2023), HELM (Liang
 * et al. 2023) and OpenAI's simple-evals do. Per client, one of two kinds of run:
 * <ul>
 *   <li>multiple choice (half the clients): a sweep over MMLU-style items at temperature 0, each
 *       asking for {@code max_tokens} 1 with the top-5 log-probabilities of the answer letter; one
 *       pass of {@value #MIN_ITEMS} to {@value #MAX_ITEMS} items;
 *   <li>generative (the other half): the harness's canonical few-shot form, 2-8 solved exemplars
 *       (the same for every item) under the task's field labels, then the item under the same
 *       label (exemplars sent as chat turns are not generated: see the known limits); 1-2 tasks (GSM8K, MMLU) of
 *       {@value #MIN_GENERATIVE_ITEMS} to {@value #MAX_GENERATIVE_ITEMS} items each, walked in
 *       order; temperature 0; {@code max_tokens} 256-1,024 (lm-evaluation-harness generates up to
 *       256 tokens by default); short chain-of-thought answers (median 60-300 tokens); 1-3 passes
 *       over the same items, each for another model (comparing checkpoints or prompt variants).
 * </ul>
 * Both look like a benchmark harvester or a logprob extractor in their mechanics, but they are
 * bounded: the run ends at a steady pace (per client one call every 0.1-3 s, generative 1-10 s),
 * then it stops for good.
 *
 * <p>Stateless and thread-safe; the cursors it returns are not.
 */
public final class EvaluationRun implements Archetype {
    public static final int MIN_ITEMS = 1_000;
    public static final int MAX_ITEMS = 4_000;
    public static final int MIN_GENERATIVE_ITEMS = 150;
    public static final int MAX_GENERATIVE_ITEMS = 1_400;
    private static final String[][] LABELS = {{"Question", "Answer"}, {"Q", "A"}, {"Problem", "Solution"},
        {"Input", "Output"}};
    private static final String[] MODELS = {Models.LARGE, Models.MINI, Models.LAUNCHED};

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
        private final Generative generative;
        private long t;

        Stream(ClientProfile client, SplittableRandom rng, long startMillis, long endMillis, Sources sources) {
            super(client, rng, startMillis, endMillis);
            this.sources = sources;
            this.items = between(MIN_ITEMS, MAX_ITEMS);
            this.periodMillis = PerClient.logUniformLong(rng, 100, 3_000);
            this.firstItem = rng.nextInt(1 << 20);
            this.t = startMillis + rng.nextLong(Math.max(1, (endMillis - startMillis) / 2));
            this.generative = rng.nextBoolean() ? new Generative(rng, sources) : null;
        }

        @Override
        protected long schedule() {
            if (calls() >= (generative == null ? items : generative.calls())) {
                return Long.MAX_VALUE;
            }
            t += Clock.jittered(rng, generative == null ? periodMillis : generative.periodMillis, 0.2);
            return t;
        }

        @Override
        protected InferenceEvent build(long ts) {
            if (generative != null) {
                return generative.build(this, ts, calls());
            }
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

        InferenceEvent emitted(long ts, String model, List<Message> messages, int maxTokens, int completion) {
            return emit(ts, Endpoint.CHAT_COMPLETIONS, model,
                    new RequestDraft().messages(messages).temperature(0.0).maxTokens(maxTokens).build(),
                    ok("We work it out in order. The answer is " + between(1, 99) + ".", null, "stop",
                            Tokens.of(messages), completion, 300 + completion * (long) between(10, 20)));
        }
    }

    /** The generative run of one client: its tasks, exemplars, labels, passes and answer lengths. */
    private static final class Generative {
        final PromptSet[] tasks;
        final long[] firstItems;
        final int perTask;
        final int passes;
        final String[] models;
        final String[] labels;
        final List<String[]> shots = new ArrayList<>();
        final int maxTokens;
        final OutputLength length;
        final long periodMillis;

        Generative(SplittableRandom rng, Sources sources) {
            this.tasks = rng.nextBoolean() ? new PromptSet[] {PromptSet.GSM8K}
                    : rng.nextBoolean() ? new PromptSet[] {PromptSet.MMLU} : new PromptSet[] {PromptSet.GSM8K, PromptSet.MMLU};
            this.firstItems = new long[tasks.length];
            for (int i = 0; i < tasks.length; i++) {
                firstItems[i] = rng.nextInt(1 << 20);
            }
            this.perTask = MIN_GENERATIVE_ITEMS + rng.nextInt(MAX_GENERATIVE_ITEMS - MIN_GENERATIVE_ITEMS + 1);
            this.passes = 1 + rng.nextInt(3);
            this.models = new String[passes];
            for (int p = 0; p < passes; p++) {
                models[p] = MODELS[rng.nextInt(MODELS.length)];
            }
            this.labels = LABELS[rng.nextInt(LABELS.length)];
            int k = 2 + rng.nextInt(7);
            for (int i = 0; i < k; i++) {
                // exemplars from the training split: a fixed stretch of items far from the walked ones
                String q = sources.prompts().get(tasks[0], (1L << 21) + i);
                q = q != null ? q : StudyBank.benchmarkItem((1L << 21) + i);
                shots.add(new String[] {q, "We work it out in order: " + (i + 2) + " steps. The answer is "
                        + (3 * i + 4) + "."});
            }
            this.maxTokens = 256 << rng.nextInt(3);
            this.length = OutputLength.draw(rng, 60, 300, 20, maxTokens);
            this.periodMillis = PerClient.logUniformLong(rng, 1_000, 10_000);
        }

        long calls() {
            return (long) passes * tasks.length * perTask;
        }

        InferenceEvent build(Stream stream, long ts, long call) {
            int pass = (int) (call / ((long) tasks.length * perTask));
            long inPass = call % ((long) tasks.length * perTask);
            int task = (int) (inPass / perTask);
            long item = firstItems[task] + inPass % perTask;
            String q = stream.sources.prompts().get(tasks[task], item);
            q = q != null ? q : StudyBank.benchmarkItem(item);
            StringBuilder prompt = new StringBuilder();
            for (String[] shot : shots) {
                prompt.append(labels[0]).append(": ").append(shot[0]).append('\n')
                        .append(labels[1]).append(": ").append(shot[1]).append("\n\n");
            }
            prompt.append(labels[0]).append(": ").append(q).append('\n').append(labels[1]).append(':');
            List<Message> messages = List.of(new Message("user", prompt.toString()));
            int completion = length.capped(length.next(stream.rng));
            return stream.emitted(ts, models[pass], messages, maxTokens, completion);
        }
    }
}
