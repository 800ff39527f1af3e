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
 *   <li>multiple choice (a third of the clients): a sweep over MMLU-style items at temperature 0, each
 *       asking for {@code max_tokens} 1 with the top-5 log-probabilities of the answer letter; one
 *       pass of {@value #MIN_ITEMS} to {@value #MAX_ITEMS} items;
 *   <li>generative (a third): the harness's canonical few-shot form, 2-8 solved exemplars
 *       (the same for every item) under the task's field labels, then the item under the same
 *       label (exemplars sent as chat turns are not generated: see the known limits); 1-2 tasks
 *       (GSM8K's test split, MMLU) of
 *       {@value #MIN_GENERATIVE_ITEMS} to {@value #MAX_GENERATIVE_ITEMS} items each, walked in
 *       order; temperature 0; {@code max_tokens} 256-1,024 (lm-evaluation-harness generates up to
 *       256 tokens by default); short chain-of-thought answers (median 60-300 tokens); 1-3 passes
 *       over the same items, each for another model (comparing checkpoints or prompt variants).
 * </ul>
 * <li>an instructed suite ({@link Suite}, a third of the clients since the suite kind was added):
 *       zero-shot prompts that wrap each item in the harness's fixed instruction, the way OpenAI's
 *       simple-evals and UK AISI's Inspect run MMLU, GSM8K and open-ended sets (see {@link Suite}).
 * </ul>
 * All look like a benchmark harvester or a logprob extractor in their mechanics, but they are
 * bounded: the run ends at a steady pace (per client one call every 0.1-3 s, generative 1-10 s,
 * a suite at a harness's concurrency), then it stops for good or comes back for another run.
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
        private final Suite suite;
        private long t;

        Stream(ClientProfile client, SplittableRandom rng, long startMillis, long endMillis, Sources sources) {
            super(client, rng, startMillis, endMillis);
            this.sources = sources;
            this.items = between(MIN_ITEMS, MAX_ITEMS);
            this.periodMillis = PerClient.logUniformLong(rng, 100, 3_000);
            this.firstItem = rng.nextInt(1 << 20);
            this.t = startMillis + rng.nextLong(Math.max(1, (endMillis - startMillis) / 2));
            int kind = rng.nextInt(3);
            this.generative = kind == 1 ? new Generative(rng, sources) : null;
            this.suite = kind == 2 ? new Suite(rng, sources, startMillis, endMillis) : null;
        }

        @Override
        protected long schedule() {
            if (suite != null) {
                return suite.schedule(rng, calls());
            }
            if (calls() >= (generative == null ? items : generative.calls())) {
                return Long.MAX_VALUE;
            }
            t += Clock.jittered(rng, generative == null ? periodMillis : generative.periodMillis, 0.2);
            return t;
        }

        @Override
        protected InferenceEvent build(long ts) {
            if (suite != null) {
                return suite.build(this, ts, calls());
            }
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
            this.tasks = rng.nextBoolean() ? new PromptSet[] {PromptSet.GSM8K_TEST}
                    : rng.nextBoolean() ? new PromptSet[] {PromptSet.MMLU}
                    : new PromptSet[] {PromptSet.GSM8K_TEST, PromptSet.MMLU};
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
                PromptSet exemplars = tasks[0] == PromptSet.GSM8K_TEST ? PromptSet.GSM8K : tasks[0];
                String q = sources.prompts().get(exemplars, (1L << 21) + i);
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

    /**
     * An instructed evaluation suite, as OpenAI's simple-evals (zero-shot chain-of-thought prompts
     * that end by naming the form of the final answer, sampled at temperature 0.5 by default),
     * UK AISI's Inspect (a multiple-choice template, an optional system message, {@code epochs}
     * that repeat every sample) and lm-evaluation-harness's chat mode (few-shot exemplars sent as
     * earlier chat turns with {@code --fewshot_as_multiturn}; greedy decoding) run benchmarks
     * against an API, and as AlpacaEval and MT-bench collect a model's open-ended answers for a
     * judge to score later. Drawn per client over wide ranges:
     * <ul>
     *   <li>1-4 sets among GSM8K (its test split), MMLU, AlpacaEval and MT-bench, 60-1,400 items
     *       of each, walked in
     *       order (open-ended sets asked bare, the others under one of several instruction
     *       phrasings that name the answer's form, or as chat-turn exemplars for a quarter of the
     *       clients);
     *   <li>1-4 models compared, either one pass per model or every item sent to each model back
     *       to back (several runs in flight); 1-4 epochs for a quarter of the clients;
     *   <li>temperature 0, 0.5, unset or 0.6-1.0; a seed for some; {@code max_tokens} unset or
     *       512-4,096; a system message for some;
     *   <li>one run, or two or three runs of the whole suite hours apart (a re-run after a fix);
     *   <li>a harness's pace: 0.05-3 s between calls; chain-of-thought answers of median 120-700
     *       tokens, open-ended ones 200-900.
     * </ul>
     */
    private static final class Suite {
        private static final List<PromptSet> SETS = List.of(PromptSet.GSM8K_TEST, PromptSet.MMLU, PromptSet.ALPACA_EVAL,
                PromptSet.MT_BENCH);
        private static final List<String> CHOICE = List.of(
                "Answer the following multiple choice question. The last line of your response should be of the form "
                        + "'Answer: $LETTER' where LETTER is one of ABCD. Think step by step before answering.\n\n%s",
                "%s\n\nReason briefly, then finish with 'ANSWER: X' where X is the letter of the correct option.",
                "Choose the single best option.\n\n%s\n\nEnd your reply with the option letter in parentheses, e.g. (B).");
        private static final List<String> NUMERIC = List.of(
                "Solve this math problem. Give the reasoning steps before giving the final answer on the last line "
                        + "by itself in the format of \"Answer:\". Do not add anything other than the integer answer "
                        + "after \"Answer:\".\n\n%s",
                "%s\nPut your final numeric answer after '####'.",
                "Problem: %s\nWork it out, then write the result as \\boxed{N}.");
        private static final List<String> SYSTEMS = List.of("You are a helpful assistant.",
                "You are being evaluated. Follow the answer format exactly.", "Respond concisely.");
        private static final String[] MODELS = {Models.LARGE, Models.MINI, Models.LAUNCHED, Models.REASONING};
        private static final int MAX_CALLS = 12_000;

        final List<PromptSet> sets = new ArrayList<>();
        final long[] firstItems;
        final int[] perSet;
        final String[] models;
        final boolean interleaved;
        final int epochs;
        final Double temperature;
        final Long seed;
        final Integer maxTokens;
        final String system;
        final String choiceWrapper;
        final String numericWrapper;
        final List<String[]> chatShots = new ArrayList<>();
        final OutputLength reasoned;
        final OutputLength open;
        final long gapMillis;
        final long[] runStarts;
        final long runCalls;

        Suite(SplittableRandom rng, Sources sources, long startMillis, long endMillis) {
            List<PromptSet> pool = new ArrayList<>(SETS);
            int setCount = 1 + rng.nextInt(4);
            for (int i = 0; i < setCount; i++) {
                sets.add(pool.remove(rng.nextInt(pool.size())));
            }
            int modelCount = 1 + rng.nextInt(4);
            List<String> modelPool = new ArrayList<>(List.of(MODELS));
            this.models = new String[modelCount];
            for (int i = 0; i < modelCount; i++) {
                models[i] = modelPool.remove(rng.nextInt(modelPool.size()));
            }
            this.interleaved = rng.nextBoolean();
            this.epochs = rng.nextInt(4) == 0 ? 2 + rng.nextInt(3) : 1;
            int tempKind = rng.nextInt(20);
            this.temperature = tempKind < 10 ? Double.valueOf(0.0) : tempKind < 14 ? Double.valueOf(0.5)
                    : tempKind < 17 ? null : Double.valueOf(PerClient.uniform(rng, 0.6, 1.0));
            this.seed = rng.nextInt(3) == 0 ? Long.valueOf(rng.nextInt(10_000)) : null;
            this.maxTokens = rng.nextInt(5) < 2 ? null : 512 << rng.nextInt(4);
            this.system = rng.nextInt(3) == 0 ? PerClient.pick(rng, SYSTEMS) : null;
            this.choiceWrapper = Wording.draw(rng).apply(PerClient.pick(rng, CHOICE));
            this.numericWrapper = Wording.draw(rng).apply(PerClient.pick(rng, NUMERIC));
            if (rng.nextInt(4) == 0) {
                int k = 2 + rng.nextInt(4);
                for (int i = 0; i < k; i++) {
                    String q = sources.prompts().get(PromptSet.GSM8K, (1L << 21) + i);
                    q = q != null ? q : StudyBank.benchmarkItem((1L << 21) + i);
                    chatShots.add(new String[] {q, "Step by step: " + (i + 3) + " and " + (2 * i + 1)
                            + " give the total.\n#### " + (5 * i + 7)});
                }
            }
            this.firstItems = new long[sets.size()];
            this.perSet = new int[sets.size()];
            long perRun = 0;
            for (int i = 0; i < sets.size(); i++) {
                int size = sources.prompts().prompts(sets.get(i)).size();
                int wanted = 60 + rng.nextInt(1_341);
                perSet[i] = size > 0 ? Math.min(size, wanted) : wanted;
                firstItems[i] = size > 0 && perSet[i] == size ? 0 : rng.nextInt(1 << 20);
                perRun += perSet[i];
            }
            long multiplier = (long) models.length * epochs;
            if (perRun * multiplier > MAX_CALLS) {
                double cut = (double) MAX_CALLS / (perRun * multiplier);
                perRun = 0;
                for (int i = 0; i < perSet.length; i++) {
                    perSet[i] = Math.max(20, (int) (perSet[i] * cut));
                    perRun += perSet[i];
                }
            }
            this.runCalls = perRun * multiplier;
            this.reasoned = OutputLength.draw(rng, 120, 700, 20, 4_000);
            this.open = OutputLength.draw(rng, 200, 900, 20, 4_000);
            this.gapMillis = PerClient.logUniformLong(rng, 50, 3_000);
            int runs = rng.nextInt(5) < 3 ? 1 : 2 + rng.nextInt(2);
            this.runStarts = new long[runs];
            long span = Math.max(1, endMillis - startMillis);
            runStarts[0] = startMillis + rng.nextLong(Math.max(1, span / 2));
            for (int r = 1; r < runs; r++) {
                runStarts[r] = runStarts[r - 1] + PerClient.logUniformLong(rng, Clock.HOUR, 5 * Clock.HOUR);
            }
        }

        private long t = Long.MIN_VALUE;

        long schedule(SplittableRandom rng, long call) {
            int run = (int) (call / runCalls);
            if (run >= runStarts.length) {
                return Long.MAX_VALUE;
            }
            long base = call % runCalls == 0 ? Math.max(runStarts[run], t) : t;
            t = base + Clock.jittered(rng, gapMillis, 0.5);
            return t;
        }

        InferenceEvent build(Stream stream, long ts, long call) {
            long inRun = call % runCalls;
            long perPass = runCalls / ((long) models.length * epochs);
            int model;
            long index;
            if (interleaved) {
                // every item to each model (and each epoch) back to back: the runs are in flight together
                long repeats = (long) models.length * epochs;
                index = inRun / repeats;
                model = (int) (inRun % repeats % models.length);
            } else {
                long pass = inRun / perPass;
                index = inRun % perPass;
                model = (int) (pass % models.length);
            }
            int set = 0;
            while (index >= perSet[set]) {
                index -= perSet[set];
                set++;
            }
            PromptSet ps = sets.get(set);
            String q = stream.sources.prompts().get(ps, firstItems[set] + index);
            boolean openEnded = ps == PromptSet.ALPACA_EVAL || ps == PromptSet.MT_BENCH;
            if (q == null) {
                q = ps == PromptSet.MMLU ? StudyBank.examQuestion(new SplittableRandom(firstItems[set] + index))
                        : StudyBank.benchmarkItem(firstItems[set] + index);
            }
            List<Message> messages = new ArrayList<>();
            if (system != null) {
                messages.add(new Message("system", system));
            }
            String user;
            if (openEnded) {
                user = q;
            } else if (!chatShots.isEmpty()) {
                for (String[] shot : chatShots) {
                    messages.add(new Message("user", shot[0]));
                    messages.add(new Message("assistant", shot[1]));
                }
                user = q;
            } else {
                user = String.format(ps == PromptSet.MMLU ? choiceWrapper : numericWrapper, q);
            }
            messages.add(new Message("user", user));
            OutputLength length = openEnded ? open : reasoned;
            int completion = length.capped(length.next(stream.rng));
            if (maxTokens != null) {
                completion = Math.min(completion, maxTokens);
            }
            String text = openEnded ? Answers.helpful(q, stream.rng)
                    : "Working through it: the key quantity follows from the givens.\nAnswer: "
                            + (ps == PromptSet.MMLU ? "ABCD".charAt(stream.rng.nextInt(4)) : stream.rng.nextInt(100));
            return stream.emit(ts, Endpoint.CHAT_COMPLETIONS, models[model],
                    new RequestDraft().messages(messages).temperature(temperature).seed(seed).maxTokens(maxTokens)
                            .build(),
                    ClientStream.ok(text, null, "stop", Tokens.of(messages), completion,
                            300 + completion * (long) stream.between(8, 20)));
        }
    }
}
