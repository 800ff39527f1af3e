package dev.quarry.corpora.archetype;

import dev.quarry.corpora.source.PromptSet;
import dev.quarry.corpora.source.Sources;
import dev.quarry.corpora.text.ChatPhrases;
import dev.quarry.corpora.text.CodeBank;
import dev.quarry.ingest.Endpoint;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Benign {@code benchmark_tryout}: a developer trying a model with a handful of public benchmark
 * and instruction items, the "vibe check" practitioners describe before adopting a model (a few
 * GSM8K and MMLU questions, some MT-bench or AlpacaEval prompts, a Code Alpaca task), pasted
 * verbatim and answered in full, then their own prompts for the rest of the day. The look-alike of
 * a {@link BenchmarkHarvester} by provenance alone: at the start every prompt is a public item.
 *
 * <p>Per client, over wide ranges: 3-60 items (log-uniform) from 2-4 of the sets, asked 5 s to
 * 2 minutes apart; with probability 0.4 the same items again on a second model (comparing
 * models); {@code max_tokens} unset or a client default of 1,024-4,096; temperature 0-1; then own
 * chat or code questions at a person's pace (a mean gap of 3-60 minutes) until the window ends.
 *
 * <p>Stateless and thread-safe; the cursors it returns are not.
 */
public final class BenchmarkTryout implements Archetype {
    private static final List<PromptSet> SETS = List.of(PromptSet.GSM8K, PromptSet.MMLU, PromptSet.MT_BENCH,
            PromptSet.ALPACA_EVAL, PromptSet.INSTRUCTIONS, PromptSet.CODE);

    @Override
    public String name() {
        return "benchmark_tryout";
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
        private final List<String> tryout = new ArrayList<>();
        private final boolean compare;
        private final Integer maxTokens;
        private final double temperature;
        private final double tryGapMillis;
        private final double ownGapMillis;
        private final boolean coder;
        private final int medianTokens;
        private long t;

        Stream(ClientProfile client, SplittableRandom rng, long startMillis, long endMillis, Sources sources) {
            super(client, rng, startMillis, endMillis);
            this.sources = sources;
            int items = (int) Math.round(PerClient.logUniform(rng, 3, 60));
            List<PromptSet> sets = new ArrayList<>(SETS);
            int setCount = between(2, 4);
            List<PromptSet> chosen = new ArrayList<>();
            for (int i = 0; i < setCount; i++) {
                chosen.add(sets.remove(rng.nextInt(sets.size())));
            }
            for (int i = 0; i < items; i++) {
                PromptSet set = chosen.get(rng.nextInt(chosen.size()));
                String q = sources.prompts().draw(set, rng);
                tryout.add(q != null ? q : ChatPhrases.opener(ChatPhrases.topic(rng.nextInt(ChatPhrases.topicCount())),
                        rng));
            }
            this.compare = rng.nextDouble() < 0.4;
            this.maxTokens = rng.nextBoolean() ? null : 1024 << rng.nextInt(3);
            this.temperature = PerClient.temperature(rng, 0.0, 1.0);
            this.tryGapMillis = PerClient.logUniform(rng, 5_000, 120_000);
            this.ownGapMillis = PerClient.logUniform(rng, 3, 60) * Clock.MINUTE;
            this.coder = rng.nextBoolean();
            this.medianTokens = between(100, 700);
            this.t = startMillis + rng.nextLong(Math.max(1, (endMillis - startMillis) / 3));
        }

        private int tryoutCalls() {
            return tryout.size() * (compare ? 2 : 1);
        }

        @Override
        protected long schedule() {
            boolean trying = calls() < tryoutCalls();
            t += trying ? Clock.jittered(rng, (long) tryGapMillis, 0.6) : sources.timing().gapMillis(rng, ownGapMillis);
            return t;
        }

        @Override
        protected InferenceEvent build(long ts) {
            int n = (int) calls();
            boolean trying = n < tryoutCalls();
            String q;
            String model = Models.LARGE;
            if (trying) {
                q = tryout.get(n % tryout.size());
                model = n < tryout.size() ? Models.LARGE : Models.LAUNCHED;
            } else {
                q = coder ? CodeBank.question(rng)
                        : ChatPhrases.opener(ChatPhrases.topic(rng.nextInt(ChatPhrases.topicCount())), rng);
            }
            List<Message> messages = List.of(new Message("user", q));
            int completion = sources.timing().completionTokens(rng, 30, 1500, medianTokens);
            if (maxTokens != null) {
                completion = Math.min(completion, maxTokens);
            }
            return emit(ts, Endpoint.CHAT_COMPLETIONS, model,
                    new RequestDraft().messages(messages).temperature(temperature).maxTokens(maxTokens)
                            .stream(Boolean.TRUE).build(),
                    ok(trying || !coder ? Answers.helpful(q, rng) : CodeBank.codeAnswer(rng), null, "stop",
                            Tokens.of(messages), completion, 300 + completion * (long) between(12, 25)));
        }
    }
}
