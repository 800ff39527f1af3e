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
 * Attack {@code benchmark_harvester}: sweeps public benchmark questions (GSM8K- and MMLU-like)
 * and asks for a full chain-of-thought solution to each, to distil the teacher's worked
 * solutions (the "benchmark-targeted" harvesting in Anthropic's 2026 distillation report; the
 * chain-of-thought prompt is Kojima et al. 2022's "Let's think step by step"). Unlike an
 * {@link EvaluationRun} it asks for worked outputs (per client a median of 100-1,500 tokens),
 * never for one token, and walks the benchmark item by item without stopping, at a cadence drawn
 * per client (a mean gap of 3 s to 5 minutes, 10-90% jitter: some sweep at a human's pace).
 *
 * <p>Stateless and thread-safe; the cursors it returns are not.
 */
public final class BenchmarkHarvester implements Archetype {
    /** Appended to every question. */
    public static final String COT_SUFFIX = "\n\nLet's think step by step. Show all intermediate reasoning, "
            + "then give the final answer on its own line.";

    @Override
    public String name() {
        return "benchmark_harvester";
    }

    @Override
    public Label label() {
        return Label.ATTACK;
    }

    @Override
    public EventCursor open(ClientProfile client, SplittableRandom rng, long startMillis, long endMillis,
            Sources sources) {
        return new Stream(client, rng, startMillis, endMillis, sources);
    }

    private static final class Stream extends ClientStream {
        private final Sources sources;
        private final long periodMillis;
        private final long firstItem;
        private final PromptSet set;
        private final OutputLength length;
        private final double temperature;
        private final double jitter;
        private long t;

        Stream(ClientProfile client, SplittableRandom rng, long startMillis, long endMillis, Sources sources) {
            super(client, rng, startMillis, endMillis);
            this.sources = sources;
            this.periodMillis = PerClient.logUniformLong(rng, 3_000, 300_000);
            this.length = OutputLength.draw(rng, 100, 1_500, 30, 4_000);
            this.temperature = PerClient.temperature(rng, 0.0, 0.7);
            this.jitter = PerClient.uniform(rng, 0.1, 0.9);
            this.firstItem = rng.nextInt(1 << 20);
            this.set = rng.nextBoolean() ? PromptSet.GSM8K : PromptSet.MMLU;
            this.t = startMillis + rng.nextLong(periodMillis);
        }

        @Override
        protected long schedule() {
            long ts = t;
            t += Clock.jittered(rng, periodMillis, jitter);
            return ts;
        }

        @Override
        protected InferenceEvent build(long ts) {
            long item = firstItem + calls();
            String q = sources.prompts().get(set, item);
            q = q != null ? q : StudyBank.benchmarkItem(item);
            List<Message> messages = List.of(new Message("user", q + COT_SUFFIX));
            int completion = length.capped(length.next(rng));
            return emit(ts, Endpoint.CHAT_COMPLETIONS, Models.LARGE,
                    new RequestDraft().messages(messages).temperature(temperature).maxTokens(length.maxTokens()).build(),
                    ok(Answers.reasoning(q), null, length.finish(completion, "stop"), Tokens.of(messages), completion,
                            400 + completion * (long) between(15, 25)));
        }
    }
}
