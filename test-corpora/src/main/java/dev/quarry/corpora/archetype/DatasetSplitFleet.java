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
 * Attack {@code dataset_split_fleet}: a fleet of 10-60 accounts with NO shared infrastructure
 * (each its own organisation, payment instrument, address, client stack and time zone, as the
 * roster draws them) that split one public dataset between them: each member walks its own
 * contiguous, disjoint slice of the set's distinct items, item by item, under a per-account rate
 * limit, so no key ever sends more than a small share of the benchmark. This is the distributed
 * variant of benchmark harvesting that Anthropic's 2026 distillation report describes
 * (fraudulent accounts created through resellers, each kept under per-key limits) without the
 * shared payment and network that give a {@link HydraCluster} away; the split of a query set across colluding
 * accounts is also the adversary of PRADA (Juuti et al. 2019) and of the "Sybil" setting of
 * Pal et al. 2021 and Yu et al. 2020 (CloudLeak). Members carry the fleet's name as their
 * {@code group} label.
 *
 * <p>The dataset is one set of a text source laid out like {@code shared/corpora} (GSM8K, MMLU,
 * AlpacaEval, the instruction seeds, Code Alpaca), chosen per fleet, or the built-in benchmark
 * items ({@link StudyBank#benchmarkItem}). Per fleet: the dataset, the per-account cap (15-120
 * calls an hour), the prompt wrapper (several phrasings); per member: its own wording, gap 15-80%
 * above the cap's spacing, jitter and start, output lengths.
 *
 * <p>Stateless and thread-safe; the cursors it returns are not.
 */
public final class DatasetSplitFleet implements Archetype {
    /** The datasets a fleet may split, when the text source holds them. */
    private static final PromptSet[] DATASETS = {PromptSet.GSM8K, PromptSet.MMLU, PromptSet.ALPACA_EVAL,
        PromptSet.INSTRUCTIONS, PromptSet.CODE};
    /** Wrappers; {@code %s} is the dataset item. */
    static final List<String> WRAPPERS = List.of("%s",
            "%s\n\nExplain your reasoning step by step, then give the final answer.",
            "Question: %s\nAnswer with a complete, detailed explanation.",
            "Please answer the following carefully.\n\n%s",
            "%s\nThink it through and show your work.");

    @Override
    public String name() {
        return "dataset_split_fleet";
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

    /** The fleet's plan, the same for every member: dataset, slice bounds, cap and wrapper. */
    record Plan(PromptSet dataset, boolean builtIn, long first, long sliceSize, int hourlyCap, String wrapper) {
        static Plan of(ClientProfile member, Sources sources) {
            SplittableRandom plan = new SplittableRandom(member.groupSeed());
            PromptSet set = DATASETS[plan.nextInt(DATASETS.length)];
            int size = sources.prompts().distinctPrompts(set).size();
            int hourlyCap = 15 + plan.nextInt(106);
            String wrapper = WRAPPERS.get(plan.nextInt(WRAPPERS.size()));
            if (size == 0) {
                long slice = 100 + plan.nextInt(1_900);
                return new Plan(PromptSet.GSM8K, true, plan.nextInt(1 << 20), slice, hourlyCap, wrapper);
            }
            long slice = (size + member.groupSize() - 1) / member.groupSize();
            return new Plan(set, false, 0, slice, hourlyCap, wrapper);
        }

        /** The items of member {@code rank}: {@code [from, to)}. */
        long from(int rank) {
            return first + rank * sliceSize;
        }

        long to(int rank, Sources sources) {
            long end = first + (rank + 1) * sliceSize;
            return builtIn ? end : Math.min(end, sources.prompts().distinctPrompts(dataset).size());
        }
    }

    private static final class Stream extends ClientStream {
        private final Sources sources;
        private final Plan plan;
        private final String wrapper;
        private final long to;
        private final long gapMillis;
        private final double jitter;
        private final OutputLength length;
        private final double temperature;
        private final String model;
        private long item;
        private long t;

        Stream(ClientProfile client, SplittableRandom rng, long startMillis, long endMillis, Sources sources) {
            super(client, rng, startMillis, endMillis);
            this.sources = sources;
            this.plan = Plan.of(client, sources);
            this.wrapper = Wording.draw(rng).apply(plan.wrapper());
            this.item = plan.from(client.groupRank());
            this.to = plan.to(client.groupRank(), sources);
            this.gapMillis = Math.round(Clock.HOUR / (double) plan.hourlyCap() * PerClient.uniform(rng, 1.15, 1.8));
            this.jitter = PerClient.uniform(rng, 0.02, 0.12);
            this.length = OutputLength.draw(rng, 60, 1_500, 1, 4_000);
            this.temperature = PerClient.temperature(rng, 0.0, 1.0);
            this.model = rng.nextInt(5) == 0 ? Models.MINI : Models.LARGE;
            this.t = startMillis + rng.nextLong(Math.max(1, Math.min(gapMillis * 20, endMillis - startMillis)));
        }

        @Override
        protected long schedule() {
            if (item + calls() >= to) {
                return Long.MAX_VALUE;
            }
            long ts = t;
            t += Clock.jittered(rng, gapMillis, jitter);
            return ts;
        }

        @Override
        protected InferenceEvent build(long ts) {
            long i = item + calls();
            String q = plan.builtIn() ? sources.prompts().get(plan.dataset(), i)
                    : sources.prompts().distinctPrompts(plan.dataset()).get((int) i);
            q = q != null ? q : StudyBank.benchmarkItem(i);
            List<Message> messages = List.of(new Message("user", String.format(wrapper, q)));
            int completion = length.capped(length.next(rng));
            return emit(ts, Endpoint.CHAT_COMPLETIONS, model,
                    new RequestDraft().messages(messages).temperature(temperature).maxTokens(length.maxTokens())
                            .build(),
                    ok(Answers.reasoning(q), null, length.finish(completion, "stop"), Tokens.of(messages),
                            completion, 300 + completion * (long) between(10, 25)));
        }
    }
}
